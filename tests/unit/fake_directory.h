// A directory in memory for the services' unit tests: the DirectoryAccess the LDAP Directory
// implements, over a list of entries. Filters are evaluated for what the services send (&, |, !,
// equality, presence, substrings, >=, <=; values case-insensitive); every call is counted; it can
// be switched off (Unavailable) or made to refuse modifies.
#pragma once
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "directory/directory_access.h"
#include "log.h"
#include "service/photo_provider.h"

namespace userphoto::testing {

class FakeDirectory : public directory::DirectoryAccess {
public:
    // Adds (or replaces, by DN) an entry; attribute values are raw bytes.
    void put(directory::Entry entry);
    // The entry as stored now (an empty Entry when there is none).
    directory::Entry entry(const std::string& dn) const;

    directory::LookupResult find_unique(const std::string& attribute, std::string_view value,
                                        const std::vector<std::string>& wanted_attributes) override;
    directory::SearchResult search_paged(const std::string& filter, const std::vector<std::string>& attrs,
                                         int max_entries, int page_size = 500, int* round_trips = nullptr) override;
    directory::LookupResult read_dn(const std::string& dn, const std::vector<std::string>& wanted_attributes) override;
    directory::Status modify_replace(const std::string& dn, const std::vector<directory::AttributeChange>& changes,
                                     std::string* message = nullptr) override;

    std::atomic<bool> available{true};
    std::atomic<directory::Status> modify_answer{directory::Status::Found};  // what a modify of a known DN returns
    std::atomic<int> finds{0}, searches{0}, round_trips{0}, reads{0}, modifies{0};
    int largest_search_request = 0;  // the largest max_entries any search asked for

private:
    template <class Result>
    bool switched_off(Result& result) const;  // Unavailable while `available` is false
    directory::Entry projected(const directory::Entry& entry, const std::vector<std::string>& wanted) const;
    mutable std::mutex mutex_;
    std::vector<directory::Entry> entries_;
};

// A plain JPEG of width x height pixels in one shade (different shades: different bytes).
std::string test_jpeg(int width, int height, int shade = 128);

// A photo query for the person with this e-mail address, at `edge` pixels.
PhotoQuery by_mail(const std::string& mail, int edge = 96);

// An entry from (attribute, values) pairs.
directory::Entry make_entry(const std::string& dn,
                            const std::vector<std::pair<std::string, directory::Values>>& attributes);

// Log lines kept for assertions.
struct CapturedLines {
    std::vector<std::pair<LogLevel, std::string>> lines;
    Logger logger();
    int count(LogLevel level, const std::string& part) const;
};

// True when `entry` matches the RFC 4515 `filter` (the subset above). Throws on a malformed filter.
bool matches_filter(const directory::Entry& entry, const std::string& filter);

}  // namespace userphoto::testing
