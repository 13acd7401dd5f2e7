// The runtime builder: wires one server's parts for one process from its configuration:
// directory → PhotoService → CachingPhotoProvider (when caching is on) → PeopleService → photo
// writers (Salesforce Connect, Microsoft Graph) → link signer. The glue calls it per server in
// child_init and hands in what only the host has (shared cache tier, change clock, counters) as
// plain interfaces; the unit tests call it with a fake directory.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cache/caching_photo_provider.h"
#include "config/config.h"
#include "config/directory_handles.h"
#include "log.h"
#include "service/link_signer.h"
#include "service/people_lists.h"
#include "service/photo_editor.h"
#include "service/photo_provider.h"
#include "util/change_listener.h"

namespace userphoto {

// What every route logs when its server has no directory: one wording for every protocol.
inline constexpr const char* kNotConfigured = "mod_userphoto is not configured for this server (UserPhotoLDAPURL missing)";

// What one process runs for one server.
struct ServerRuntime {
    std::shared_ptr<PhotoProvider> photos;               // the cache when on, else the service
    std::shared_ptr<cache::CachingPhotoProvider> cache;  // null when caching is off; person_changed() here
    std::shared_ptr<ConnectionGauges> pool;              // for the status page's connection counts
    // Salesforce Connect photos: writes and signed links.
    std::shared_ptr<PhotoEditor> editor;
    std::shared_ptr<LinkSigner> signer;
    // Microsoft Graph: the same writer, with the Graph object id as the profile id.
    std::shared_ptr<PhotoEditor> graph_editor;
    // ---- onOffice ----
    std::shared_ptr<PeopleDirectory> people;
    std::string link_secret;
    int64_t link_lifetime_s = kDefaultLinkLifetimeSeconds;
};

// What the host contributes to a server's runtime.
struct RuntimeHooks {
    DirectoryFactory open_directory = open_ldap_directory;
    std::shared_ptr<cache::SharedCache> shared_tier;  // null: the in-process tier alone
    // When an entry last changed on this machine, in ms (see CachingPhotoProvider::set_change_clock).
    std::function<int64_t(const std::string& dn)> change_clock;
    cache::CacheCounters* cache_counters = nullptr;  // null: each cache counts on its own
    ChangeListener* after_write = nullptr;           // told the DN after every photo write
};

// The server's runtime, or nullopt when its configuration does not resolve (no directory URL).
std::optional<ServerRuntime> build_runtime(const ServerConfig& config, const RuntimeHooks& hooks, const Logger& log);

// A photo writer (upload attributes and pixel cap from `config`; after a write, `after_write` is
// told the DN) whose lookups report `profile_id_attribute`.
std::shared_ptr<PhotoEditor> make_photo_writer(const ServerConfig& config, const ResolvedSettings& settings,
                                               std::shared_ptr<directory::DirectoryAccess> directory,
                                               const std::string& profile_id_attribute, ChangeListener* after_write);

// The provider a request uses: the runtime's own, or (no runtime) the stand-in that logs
// kNotConfigured and answers Unavailable, which each protocol renders as its own error.
PhotoProvider& photos_of(const ServerRuntime* runtime);

}  // namespace userphoto
