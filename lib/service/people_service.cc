#include "service/people_service.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "directory/filter.h"
#include "service/people_filter.h"
#include "service/person_lookup.h"
#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto {
namespace {

struct Row {
    int64_t number;
    std::string key;  // lower-cased sort value; unused when sorting by number
};

}  // namespace

struct PeopleService::Photo {
    bool found = false;
    std::string version;
};

PeopleService::PeopleService(PeopleServiceSettings settings, std::shared_ptr<directory::DirectoryAccess> directory)
    : settings_(std::move(settings)), directory_(std::move(directory)) {}

std::vector<std::string> PeopleService::photo_attribute_list() const {
    std::vector<std::string> attrs = settings_.photo_attributes;
    attrs.push_back(settings_.attributes.number);
    if (!settings_.attributes.messenger.empty()) attrs.push_back(settings_.attributes.messenger);
    if (!settings_.linked_entry_attribute.empty()) attrs.push_back(settings_.linked_entry_attribute);
    return attrs;
}

// Whether the entry has a usable stored photo and its version, which covers every stored value
// (the photo service's ETag). Without one, the linked entry's stands in (one level only).
PeopleService::Photo PeopleService::photo_of(const directory::Entry& entry, int* requests, const Logger& log) {
    Photo photo;
    StoredPhotos stored_photos = read_stored_photos(entry, settings_.photo_attributes, settings_.limits);
    if (!stored_photos.usable.empty()) {
        photo.found = true;
        photo.version = std::move(stored_photos.etag);
        return photo;
    }
    // The DN comes from the directory.
    if (settings_.linked_entry_attribute.empty() || !requests) return photo;
    const std::string linked = entry.first(settings_.linked_entry_attribute);
    if (linked.empty()) return photo;
    ++*requests;
    directory::LookupResult read = directory_->read_dn(linked, settings_.photo_attributes);
    if (read.status == directory::Status::Found) return photo_of(read.entry, nullptr, log);
    if (read.status != directory::Status::NotFound)
        log.warn(entry.dn + ": linked entry unreadable: " + read.message);
    return photo;
}

PeoplePage PeopleService::list(const PeopleQuery& query, const Logger& log) {
    PeoplePage page;
    const std::string& number_attr = settings_.attributes.number;
    const std::string has_number = "(" + number_attr + "=*)";
    PeopleFilter selection = people_ldap_filter(query.criteria, settings_.attributes);
    if (!selection.ok()) {
        page.status = PeopleStatus::InvalidQuery;
        page.message = selection.error;
        return page;
    }
    const std::string filter = selection.ldap.empty() ? has_number : directory::and_filters(has_number, selection.ldap);
    std::vector<std::string> attrs{number_attr};
    const bool by_number = query.sort_attribute.empty() || iequals(query.sort_attribute, number_attr);
    if (!by_number) attrs.push_back(query.sort_attribute);

    int trips = 0;
    directory::SearchResult matches =
        directory_->search_paged(filter, attrs, settings_.max_matches, settings_.page_size, &trips);
    page.directory_requests += trips;
    switch (matches.status) {
        case directory::Status::Found:
        case directory::Status::NotFound: break;
        case directory::Status::InvalidInput:
            page.status = PeopleStatus::InvalidQuery;
            page.message = matches.message;
            return page;
        default:
            page.status = PeopleStatus::Unavailable;
            page.message = matches.message;
            return page;
    }
    if (matches.truncated) {
        page.status = PeopleStatus::TooMany;
        page.message = "the filter matches more than " + std::to_string(settings_.max_matches) + " entries";
        return page;
    }

    std::vector<Row> rows;
    rows.reserve(matches.entries.size());
    for (const directory::Entry& entry : matches.entries) {
        auto number = parse_integer<int64_t>(entry.first(number_attr));
        if (!number) continue;  // not a person in the list's sense
        rows.push_back(Row{*number, by_number ? std::string() : to_lower(entry.first(query.sort_attribute))});
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
        if (!by_number && a.key != b.key) return query.descending ? a.key > b.key : a.key < b.key;
        return query.descending ? a.number > b.number : a.number < b.number;
    });
    rows.erase(std::unique(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.number == b.number; }),
               rows.end());
    page.total = rows.size();
    if (query.offset >= rows.size() || query.limit == 0) return page;
    const size_t end = std::min(rows.size(), query.offset + query.limit);

    // The page's photos in one search: (|(n=a)(n=b)...).
    std::string any = "(|";
    for (size_t i = query.offset; i < end; ++i) any += "(" + number_attr + "=" + std::to_string(rows[i].number) + ")";
    any += ")";
    trips = 0;
    // One page larger than the list (at most 501 entries): no second round trip just to learn it is done.
    const int wanted = static_cast<int>(end - query.offset);
    directory::SearchResult photos = directory_->search_paged(any, photo_attribute_list(), wanted * 2 + 1,
                                                             std::max(settings_.page_size, wanted + 1), &trips);
    page.directory_requests += trips;
    if (photos.status != directory::Status::Found && photos.status != directory::Status::NotFound) {
        page.status = PeopleStatus::Unavailable;
        page.message = photos.message;
        return page;
    }
    std::map<int64_t, const directory::Entry*> by_nr;
    for (const directory::Entry& entry : photos.entries)
        if (auto number = parse_integer<int64_t>(entry.first(number_attr))) by_nr.emplace(*number, &entry);

    for (size_t i = query.offset; i < end; ++i) {
        PersonPhoto person;
        person.number = rows[i].number;
        auto it = by_nr.find(person.number);
        if (it != by_nr.end()) {
            const directory::Entry& entry = *it->second;
            if (!settings_.attributes.messenger.empty())
                person.messenger_id = parse_integer<int64_t>(entry.first(settings_.attributes.messenger));
            Photo photo = photo_of(entry, &page.directory_requests, log);
            person.has_photo = photo.found;
            person.version = std::move(photo.version);
        }
        page.people.push_back(std::move(person));
    }
    return page;
}

}  // namespace userphoto
