#include "index/index_builder.h"

#include <chrono>

#include "util/initials.h"
#include "util/strings.h"

namespace userphoto::avatar {
namespace {

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The entry lies under the URL's base DN (a changed entry elsewhere is none of our business).
bool under_base(const std::string& dn, const std::string& base) {
    if (base.empty()) return true;
    return dn.size() >= base.size() && iends_with(dn, base) &&
           (dn.size() == base.size() || dn[dn.size() - base.size() - 1] == ',');
}

}  // namespace

std::vector<std::string> alias_addresses(const directory::Values& values) {
    std::vector<std::string> addresses;
    for (const std::string& value : values)
        if (istarts_with(value, "smtp:") && value.size() > 5) addresses.push_back(value.substr(5));
    return addresses;
}

PersonAddresses person_from_entry(const directory::Entry& entry, const IndexBuilderSettings& settings) {
    PersonAddresses out;
    out.person.dn = entry.dn;
    if (const directory::Values* mail = entry.get(settings.email_attribute)) {
        out.addresses = *mail;
        if (!mail->empty()) out.person.key = mail->front();
    }
    if (!settings.alias_attribute.empty()) {
        if (const directory::Values* aliases = entry.get(settings.alias_attribute)) {
            for (std::string& address : alias_addresses(*aliases)) out.addresses.push_back(std::move(address));
            // Without an e-mail attribute value the person is found again through an alias value.
            if (out.person.key.empty()) {
                for (const std::string& value : *aliases) {
                    if (!istarts_with(value, "smtp:")) continue;
                    out.person.key = value;
                    out.person.key_is_alias = true;
                    break;
                }
            }
        }
    }
    for (const std::string& name : settings.name_attributes) {
        const std::string value = entry.first(name);
        if (value.empty()) continue;
        out.person.initials = initials_of(value);
        break;
    }
    return out;
}

IndexBuilder::IndexBuilder(IndexBuilderSettings settings, std::shared_ptr<directory::Directory> directory,
                           HashIndex index, Logger log)
    : settings_(std::move(settings)), directory_(std::move(directory)), index_(index), log_(std::move(log)) {}

std::vector<std::string> IndexBuilder::wanted_attributes() const {
    std::vector<std::string> attrs{settings_.email_attribute};
    if (!settings_.alias_attribute.empty()) attrs.push_back(settings_.alias_attribute);
    attrs.insert(attrs.end(), settings_.name_attributes.begin(), settings_.name_attributes.end());
    return attrs;
}

BuildReport IndexBuilder::build() {
    BuildReport report;
    const int64_t started = now_ms();
    std::string filter = "(" + settings_.email_attribute + "=*)";
    if (!settings_.alias_attribute.empty()) filter = "(|" + filter + "(" + settings_.alias_attribute + "=*))";
    directory::SearchResult found = directory_->search_paged(filter, wanted_attributes(), settings_.max_people,
                                                             settings_.page_size, &report.round_trips);
    if (found.status == directory::Status::Unavailable || found.status == directory::Status::InvalidInput) {
        report.message = "avatar index: directory search failed: " + found.message;
        return report;
    }
    if (found.truncated)
        log_.warn("avatar index: more than " + std::to_string(settings_.max_people) +
                  " people have an address; the rest are not indexed");
    std::vector<PersonAddresses> people;
    people.reserve(found.entries.size());
    for (const directory::Entry& entry : found.entries) {
        PersonAddresses person = person_from_entry(entry, settings_);
        if (person.addresses.empty()) continue;
        report.addresses += person.addresses.size();
        people.push_back(std::move(person));
    }
    found.entries.clear();
    report.people = people.size();
    report.duration_ms = now_ms() - started;
    std::string problem;
    if (!index_.publish(people, settings_.with_md5, now_ms(), report.duration_ms, &problem)) {
        report.message = "avatar index: " + problem;
        return report;
    }
    report.duration_ms = now_ms() - started;
    report.ok = true;
    return report;
}

void IndexBuilder::person_changed(const std::string& dn) {
    if (!under_base(dn, directory_->settings().url.base_dn)) return;
    directory::LookupResult found = directory_->read_dn(dn, wanted_attributes());
    if (found.status == directory::Status::NotFound) {
        index_.update(dn, nullptr);
        return;
    }
    if (found.status != directory::Status::Found) {
        log_.warn("avatar index: could not re-read " + dn + ": " + found.message);
        return;
    }
    PersonAddresses person = person_from_entry(found.entry, settings_);
    if (!index_.update(dn, person.addresses.empty() ? nullptr : &person))
        log_.warn("avatar index: no room for the change of " + dn + "; it waits for the next build");
}

}  // namespace userphoto::avatar
