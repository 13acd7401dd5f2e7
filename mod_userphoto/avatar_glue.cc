#include "avatar_glue.h"
#include "directive_setter.h"

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>

#include "apr_shm.h"
#include "cache/avatar_picture_cache.h"
#include "config/directory_handles.h"
#include "http_protocol.h"
#include "index/index_builder.h"
#include "log_bridge.h"
#include "protocol/avatar/avatar_handler.h"
#include "request_adapter.h"
#include "service/avatar_service.h"
#include "util/periodic_task.h"
#include "util/strings.h"

namespace userphoto::glue {
namespace {

// ---- directives ----------------------------------------------------------------------------

AvatarDirConfig& avatar_dir(void* dir) { return static_cast<DirConfig*>(dir)->avatar; }

// ---- the shared index: one segment per directory (servers with the same directory share it) ----

struct IndexSegment {
    apr_shm_t* shm = nullptr;
    std::string key;
    avatar::IndexBuilderSettings builder;
    int refresh_s = kDefaultAvatarIndexRefreshS;
};

// Made in post_config (parent), inherited by every child through fork().
std::map<std::string, IndexSegment*> g_segments;
std::map<const server_rec*, IndexSegment*> g_segment_of;

apr_status_t forget_segments(void*) {
    for (auto& [key, segment] : g_segments) delete segment;
    g_segments.clear();
    g_segment_of.clear();
    return APR_SUCCESS;
}

// Does any SetHandler / AddHandler in the configuration name the avatar handler?
bool mentions_avatar_handler(const ap_directive_t* node) {
    for (; node; node = node->next) {
        if (node->args && std::strstr(node->args, "userphoto-avatar")) return true;
        if (mentions_avatar_handler(node->first_child)) return true;
    }
    return false;
}

// The server-level default of UserPhotoAvatarHashes decides whether MD5 digests are kept at all.
bool index_md5(server_rec* s) {
    auto* dir = static_cast<DirConfig*>(ap_get_module_config(s->lookup_defaults, &userphoto_module));
    return !dir || !dir->avatar.md5 || *dir->avatar.md5;
}

// ---- per child ------------------------------------------------------------------------------

int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Builds the index when it is missing, stale or due, in one child at a time (the lease), on its
// own thread so that start-up and requests never wait for it. The periodic rebuild is the
// fallback that keeps the index current while no directory watcher calls person_changed().
class IndexMaintainer {
public:
    IndexMaintainer(std::shared_ptr<avatar::IndexBuilder> builder, avatar::HashIndex index, int refresh_s, Logger log)
        : builder_(std::move(builder)), index_(index), refresh_s_(refresh_s), log_(std::move(log)),
          task_(std::chrono::seconds(1), [this] { maintain(); }, PeriodicTask::FirstRun::at_once) {}

private:
    static constexpr int64_t kLeaseMs = 120'000;      // a build that takes longer loses its lease
    static constexpr int64_t kRetryAfterFailureMs = 10'000;

    bool due(const avatar::IndexStats& stats) const {
        if (!stats.ready || stats.stale) return true;
        return refresh_s_ > 0 && wall_ms() - stats.built_at_ms >= int64_t{refresh_s_} * 1000;
    }

    void maintain() {
        const uint32_t me = static_cast<uint32_t>(getpid());
        if (!due(index_.stats()) || !index_.try_lease(me, wall_ms(), kLeaseMs)) return;
        avatar::BuildReport report = builder_->build();
        if (report.ok) {
            const avatar::IndexStats stats = index_.stats();
            log_.info("avatar index built: " + std::to_string(report.people) + " people, " +
                      std::to_string(stats.md5_entries) + " MD5 and " + std::to_string(stats.sha256_entries) +
                      " SHA-256 digests, " + std::to_string(stats.bytes_used) + " of " +
                      std::to_string(stats.region_bytes) + " bytes, " + std::to_string(report.round_trips) +
                      " searches, " + std::to_string(report.duration_ms) + " ms");
            index_.release_lease(me);
        } else {
            // The lease stays taken for a while: no child retries before then.
            log_.error(report.message);
            index_.try_lease(me, wall_ms(), kRetryAfterFailureMs);
        }
    }

    std::shared_ptr<avatar::IndexBuilder> builder_;
    avatar::HashIndex index_;
    int refresh_s_;
    Logger log_;
    PeriodicTask task_;  // last: starts once everything above exists
};

struct AvatarChild {
    std::shared_ptr<AvatarProvider> service;
    std::shared_ptr<avatar::IndexBuilder> builder;
};

std::map<const server_rec*, AvatarChild> g_children;  // per child, filled in child_init

avatar_protocol::AvatarOptions options_for(const AvatarDirConfig& config) {
    avatar_protocol::AvatarOptions options;
    options.accept_md5 = config.md5.value_or(true);
    options.accept_sha256 = config.sha256.value_or(true);
    if (auto choice = avatar_protocol::parse_default(config.default_kind.value_or(kDefaultAvatarDefault)))
        options.default_choice = *choice;
    if (config.redirect_hosts) options.redirect_hosts = *config.redirect_hosts;
    options.max_age_s = config.max_age_s.value_or(kDefaultAvatarMaxAgeS);
    return options;
}

}  // namespace

// UserPhotoAvatarHashes md5 sha256 | sha256 | md5: the kinds named are accepted, the others not.
extern "C" const char* set_avatar_hashes(cmd_parms* cmd, void* dir, const char* first, const char* second) {
    return guarded(cmd, [&]() -> const char* {
        AvatarDirConfig& config = avatar_dir(dir);
        config.md5 = false;
        config.sha256 = false;
        for (const char* arg : {first, second}) {
            if (!arg) continue;
            if (iequals(arg, "md5")) config.md5 = true;
            else if (iequals(arg, "sha256")) config.sha256 = true;
            else return error(cmd, std::string("unknown hash kind '") + arg + "' (md5, sha256)");
        }
        return nullptr;
    });
}

extern "C" const char* set_avatar_default(cmd_parms* cmd, void* dir, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto choice = avatar_protocol::parse_default(arg);
        if (!choice || choice->kind == avatar_protocol::DefaultKind::Url)
            return error(cmd, std::string("unknown default '") + arg + "' (404, mp, blank, identicon, initials, color)");
        avatar_dir(dir).default_kind = arg;
        return nullptr;
    });
}

extern "C" const char* add_avatar_redirect_host(cmd_parms* cmd, void* dir, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        AvatarDirConfig& config = avatar_dir(dir);
        if (!config.redirect_hosts) config.redirect_hosts = std::vector<std::string>();
        const std::string host = to_lower(arg);
        if (host.empty() || host.find_first_of("/:@ ") != std::string::npos)
            return error(cmd, std::string("expects host names, not '") + arg + "'");
        config.redirect_hosts->push_back(host);
        return nullptr;
    });
}

extern "C" const char* set_avatar_max_age(cmd_parms* cmd, void* dir, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto seconds = parse_int_in_range(arg, 0, 31536000);
        if (!seconds) return error(cmd, "expects seconds from 0 to 31536000");
        avatar_dir(dir).max_age_s = *seconds;
        return nullptr;
    });
}

extern "C" const char* set_avatar_index_memory(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto bytes = parse_byte_size(arg);
        if (!bytes || *bytes < kMinAvatarIndexMemory || *bytes > (4ULL << 30))
            return error(cmd, "expects a size from 64k to 4G, such as 32M");
        server_config(cmd).avatar.index_memory_bytes = *bytes;
        return nullptr;
    });
}

extern "C" const char* set_avatar_index_refresh(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        if (iequals(arg, "off")) {
            server_config(cmd).avatar.index_refresh_s = 0;
            return nullptr;
        }
        auto seconds = parse_lifetime_s(arg);
        if (!seconds) return error(cmd, "expects off or an interval such as 30m or 1h (1 minute to 1 year)");
        server_config(cmd).avatar.index_refresh_s = static_cast<int>(*seconds);
        return nullptr;
    });
}

int create_avatar_indexes(apr_pool_t* pconf, server_rec* main_server) {
    forget_segments(nullptr);
    apr_pool_cleanup_register(pconf, nullptr, forget_segments, apr_pool_cleanup_null);
    if (!mentions_avatar_handler(ap_conftree)) return OK;
    for (server_rec* s = main_server; s; s = s->next) {
        const ServerConfig& config = server_state(s)->config;
        auto settings = resolve(config, nullptr);
        if (!settings) continue;
        avatar::IndexBuilderSettings builder;
        builder.email_attribute = settings->directory.url.attribute;
        builder.alias_attribute = config.email_alias_attribute.value_or("");
        builder.with_md5 = index_md5(s);
        const directory::LdapUrl& url = settings->directory.url;
        const std::string key = url.uri_list() + "|" + url.base_dn + "|" + url.filter + "|" + builder.email_attribute +
                                "|" + builder.alias_attribute + "|" + settings->directory.bind_dn +
                                (builder.with_md5 ? "|md5" : "");
        if (auto it = g_segments.find(key); it != g_segments.end()) {
            g_segment_of[s] = it->second;
            continue;
        }
        const uint64_t bytes = config.avatar.index_memory_bytes.value_or(kDefaultAvatarIndexMemory);
        auto* segment = new IndexSegment;
        g_segments[key] = segment;
        segment->key = key;
        segment->builder = builder;
        segment->refresh_s = config.avatar.index_refresh_s.value_or(kDefaultAvatarIndexRefreshS);
        // Anonymous shared memory: children inherit it; nothing on disk to clean up.
        apr_status_t rv = apr_shm_create(&segment->shm, static_cast<apr_size_t>(bytes), nullptr, pconf);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, "mod_userphoto: no shared memory for the avatar index (%llu bytes)",
                         static_cast<unsigned long long>(bytes));
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        avatar::HashIndex(apr_shm_baseaddr_get(segment->shm), apr_shm_size_get(segment->shm), true);
        g_segment_of[s] = segment;
    }
    return OK;
}

void start_avatar_children(apr_pool_t* pchild, server_rec* main_server) {
    g_children.clear();
    std::map<const IndexSegment*, std::shared_ptr<avatar::IndexBuilder>> builders;
    for (server_rec* s = main_server; s; s = s->next) {
        auto found = g_segment_of.find(s);
        ServerState* state = server_state(s);
        if (found == g_segment_of.end() || !state->runtime || !state->runtime->photos) continue;
        IndexSegment* segment = found->second;
        avatar::HashIndex index(apr_shm_baseaddr_get(segment->shm), apr_shm_size_get(segment->shm), false);
        auto settings = resolve(state->config, nullptr);
        if (!settings) continue;
        std::shared_ptr<avatar::IndexBuilder>& builder = builders[segment];
        if (!builder) {
            // The builder's own small connection pool: a long paged search never holds a request's.
            builder = make_index_builder(settings->directory, segment->builder, index, server_logger(s));
            pool_new<IndexMaintainer>(pchild, builder, index, segment->refresh_s, server_logger(s));
        }
        AvatarServiceSettings service;
        service.alias_attribute = segment->builder.alias_attribute;
        service.jpeg_quality = settings->service.jpeg_quality;
        service.limits = settings->service.limits;
        auto avatars = std::make_shared<AvatarService>(service, index, state->runtime->photos);
        auto pictures = std::make_shared<cache::AvatarPictureCache>(avatars, drawn_picture_cache(), service.jpeg_quality);
        g_children[s] = AvatarChild{pictures, builder};
    }
    apr_pool_cleanup_register(
        pchild, nullptr,
        [](void*) -> apr_status_t {
            g_children.clear();
            return APR_SUCCESS;
        },
        apr_pool_cleanup_null);
}

int serve_avatar(request_rec* r) {
    auto found = g_children.find(r->server);
    Logger log = request_logger(r);
    if (found == g_children.end()) {
        log.error("the avatar route has no index for this server (UserPhotoLDAPURL missing?)");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    HttpRequest request = describe_request(r);
    const DirConfig* dir = dir_config(r);
    avatar_protocol::AvatarOptions options = options_for(dir->avatar);
    options.formats = dir->formats.value_or(FormatSet{});
    return send_response(r, avatar_protocol::handle_avatar(request, *found->second.service, options, log));
}

std::optional<avatar::IndexStats> avatar_index_stats(const server_rec* s) {
    auto found = g_segment_of.find(s);
    if (found == g_segment_of.end() || !found->second->shm) return std::nullopt;
    IndexSegment* segment = found->second;
    // A view of the region, read under its process-shared lock.
    return avatar::HashIndex(apr_shm_baseaddr_get(segment->shm), apr_shm_size_get(segment->shm), false).stats();
}

ChangeListener* avatar_change_listener(server_rec* s) {
    auto found = g_children.find(s);
    return found == g_children.end() ? nullptr : found->second.builder.get();
}

}  // namespace userphoto::glue
