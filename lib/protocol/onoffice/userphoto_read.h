// The userphoto read action: parameters → one PeopleQuery (protocol-free criteria) → data.records.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "log.h"
#include "protocol/onoffice/envelope.h"
#include "protocol/onoffice/filter_translation.h"
#include "service/people_lists.h"
#include "service/photo_provider.h"

namespace userphoto::onoffice {

inline constexpr std::size_t kDefaultListLimit = 20;
inline constexpr std::size_t kMaxListLimit = 500;

struct UserPhotoRead {
    PeopleQuery query;
    bool as_links = false;
    bool with_messenger = false;
};

struct ParsedRead {
    UserPhotoRead read;
    std::optional<ApiError> error;
};

// `parameters` is the action's object (or [] / null); `resourceid` as sent ("" / null: a list).
// listlimit above 500 is lowered to 500; every other bad value is an error.
ParsedRead parse_userphoto_read(const nlohmann::json& parameters, const nlohmann::json& resourceid,
                                const FieldMap& fields, const PeopleAttributes& attributes);

// What one request may still return, shared by its actions (each success takes its share).
struct ReadBudget {
    std::size_t records = 0;
    std::size_t bytes = 0;  // the records' JSON text
};

// What the photo provider is asked for a record's photo (base64 or behind a link): the person by
// number, the photo as stored up to kMaxListEdge px, the linked entry standing in for a missing
// one; `version` is the one the list or the link names.
PhotoQuery record_photo_query(const PeopleAttributes& attributes, int64_t number, const std::string& version,
                              ImageFormat format = ImageFormat::Jpeg);

// Runs the query: the people and their photos' versions from `people`, the base64 photos (always
// JPEG) from `photos`; make_link(person) gives a photo's absolute URL. Errors: 500 when the
// directory is unavailable, 255 when the filter matches too many entries, 413 when the answer
// would not fit the budget (the directory is never asked for more records than the budget holds).
struct ReadOutcome {
    ordered_json data;
    std::optional<ApiError> error;
};
ReadOutcome run_userphoto_read(const UserPhotoRead& read, PeopleDirectory& people, PhotoProvider& photos,
                               const std::function<std::string(const PersonPhoto&)>& make_link, ReadBudget& budget,
                               const Logger& log);

}  // namespace userphoto::onoffice
