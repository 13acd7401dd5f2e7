// What list-shaped protocols (onOffice userphoto) ask of the core: "these people, sorted and paged,
// with whether each has a photo and its version" (the photos themselves come from the
// PhotoProvider). The codecs map their own field names onto the attribute names below as
// protocol-free PeopleCriteria and depend on this interface only; PeopleService implements it and
// alone builds the LDAP filter.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "log.h"
#include "service/people_criteria.h"

namespace userphoto {

// Directory attributes the people list speaks of.
struct PeopleAttributes {
    std::string number = "uidNumber";  // the user number (onOffice Nr)
    std::string messenger;             // numeric messenger id; empty: feature off
    std::string email = "mail";
};

struct PeopleQuery {
    PeopleCriteria criteria;     // nothing: everyone with a number
    std::string sort_attribute;  // empty: by number
    bool descending = false;
    std::size_t offset = 0;
    std::size_t limit = 20;
};

struct PersonPhoto {
    int64_t number = 0;
    std::optional<int64_t> messenger_id;
    bool has_photo = false;
    std::string version;  // 8 hex digits, changes when the photo changes; empty without a photo
};

enum class PeopleStatus { Ok, TooMany, InvalidQuery, Unavailable };

struct PeoplePage {
    PeopleStatus status = PeopleStatus::Ok;
    std::size_t total = 0;             // matches before paging
    std::vector<PersonPhoto> people;   // the page, in order
    int directory_requests = 0;        // LDAP searches this page cost (for the log and benchmarks)
    std::string message;               // why, when not Ok
};

// The largest edge of a list record's photo (as stored when it fits, from the PhotoProvider).
inline constexpr int kMaxListEdge = 648;

class PeopleDirectory {
public:
    virtual ~PeopleDirectory() = default;
    virtual const PeopleAttributes& attributes() const = 0;
    virtual PeoplePage list(const PeopleQuery& query, const Logger& log) = 0;
};

}  // namespace userphoto
