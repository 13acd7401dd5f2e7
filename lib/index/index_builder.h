// Fills the avatar hash index from the directory (paged searches) and keeps it current: as a
// ChangeListener it re-reads one changed entry with a base search, or removes it when gone.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "util/change_listener.h"
#include "directory/directory.h"
#include "index/hash_index.h"
#include "log.h"

namespace userphoto::avatar {

struct IndexBuilderSettings {
    std::string email_attribute = "mail";  // the URL's e-mail attribute
    std::string alias_attribute;           // UserPhotoEmailAliasAttribute; empty: none
    std::vector<std::string> name_attributes{"displayName", "cn"};  // first present gives the initials
    bool with_md5 = true;                  // false: UserPhotoAvatarHashes sha256
    int max_people = 2'000'000;            // bound of one build
    int page_size = 1000;
};

// The addresses among alias values: `smtp:` / `SMTP:` ones, prefix removed; anything else
// (x500:, sip:, ...) is not an e-mail address.
std::vector<std::string> alias_addresses(const directory::Values& values);

// One entry as the index keeps it (no addresses: not indexable).
PersonAddresses person_from_entry(const directory::Entry& entry, const IndexBuilderSettings& settings);

struct BuildReport {
    bool ok = false;
    size_t people = 0;
    size_t addresses = 0;
    int round_trips = 0;
    int64_t duration_ms = 0;
    std::string message;  // why not, when !ok
};

class IndexBuilder : public ChangeListener {
public:
    IndexBuilder(IndexBuilderSettings settings, std::shared_ptr<directory::Directory> directory, HashIndex index,
                 Logger log);

    // Reads every person with an address and replaces the index content.
    BuildReport build();
    // ChangeListener: re-read `dn` and update its digests (removed when the entry is gone).
    void person_changed(const std::string& dn) override;

    const IndexBuilderSettings& settings() const { return settings_; }

private:
    std::vector<std::string> wanted_attributes() const;

    IndexBuilderSettings settings_;
    std::shared_ptr<directory::Directory> directory_;
    HashIndex index_;
    Logger log_;
};

}  // namespace userphoto::avatar
