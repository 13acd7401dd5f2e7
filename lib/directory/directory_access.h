// What the services ask of a directory: one person, a paged list, one entry by DN, one modify.
// The LDAP Directory (directory.h) implements it; the services' unit tests use an in-memory fake.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/strings.h"

namespace userphoto::directory {

using Values = std::vector<std::string>;  // raw bytes each

struct Entry {
    std::string dn;
    std::map<std::string, Values, CaseInsensitiveLess> attributes;
    const Values* get(const std::string& name) const;
    std::string first(const std::string& name) const;  // "" when absent
};

enum class Status { Found, NotFound, Ambiguous, Unavailable, InvalidInput };
const char* describe(Status status);

struct LookupResult {
    Status status = Status::NotFound;
    Entry entry;          // when Found
    std::string message;  // for the log when not Found
};

struct SearchResult {
    Status status = Status::NotFound;  // Found (>= 1 entry), NotFound, Unavailable or InvalidInput
    std::vector<Entry> entries;
    bool truncated = false;            // more entries matched than max_entries
    std::string message;               // for the log when not Found
};

// One attribute change for modify_replace: the new single binary value, or nullopt to delete it.
using AttributeChange = std::pair<std::string, std::optional<std::string>>;

// Every call is bounded in time and never throws: failures come back as Status values.
// Thread-safe: one instance serves every thread of a process.
class DirectoryAccess {
public:
    virtual ~DirectoryAccess() = default;

    // Exactly one entry with `attribute` = `value`. More than one match is Ambiguous (never "the
    // first one"); bad input is InvalidInput. wanted_attributes empty: only the DN is read.
    virtual LookupResult find_unique(const std::string& attribute, std::string_view value,
                                     const std::vector<std::string>& wanted_attributes) = 0;

    // Entries matching `filter` (a complete, already escaped RFC 4515 filter), fetched page_size
    // per round trip, so servers that cap result sizes still return every match. At most
    // max_entries are read; more matches set `truncated`. *round_trips (when given) counts the
    // search requests sent.
    virtual SearchResult search_paged(const std::string& filter, const std::vector<std::string>& attrs,
                                      int max_entries, int page_size = 500, int* round_trips = nullptr) = 0;

    // The entry at `dn` (a DN read from the directory, e.g. a linked entry), but only when this
    // module would serve it anyway (within the directory's base, scope and filter). Found with the
    // entry, NotFound (also outside), InvalidInput or Unavailable.
    virtual LookupResult read_dn(const std::string& dn, const std::vector<std::string>& wanted_attributes) = 0;

    // Replaces each attribute of `dn` (a DN read from the directory, never built from input) with its
    // one value, or deletes it when nullopt (deleting an absent attribute is not an error), in one
    // modify request. Found: done; NotFound: no such entry; InvalidInput: the server refused the
    // values (schema, syntax, size); Unavailable: connection trouble or the bind DN lacks the rights.
    virtual Status modify_replace(const std::string& dn, const std::vector<AttributeChange>& changes,
                                  std::string* message = nullptr) = 0;
};

}  // namespace userphoto::directory
