// onOffice "filter" parameters → protocol-free conditions on directory attributes (the service
// turns those into LDAP).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/onoffice/errors.h"
#include "service/people_criteria.h"
#include "service/people_lists.h"

namespace userphoto::onoffice {

inline constexpr size_t kMaxIds = 500;  // values in all "in" / "not in" lists of one filter

// onOffice user fields → directory attributes (field names are case-sensitive, as the vendor's).
struct FieldMap {
    std::string number_attribute;                   // "Nr": compared as an integer
    std::map<std::string, std::string> attributes;  // every field, "Nr" included
    std::optional<std::string> attribute_of(const std::string& field) const;
};

// Nr → number, Name → uid, email → the e-mail attribute, Vorname → givenName, Nachname → sn,
// Kuerzel → initials.
FieldMap default_field_map(const PeopleAttributes& attributes);

struct FilterTranslation {
    std::vector<Condition> conditions;  // ANDed; none when the filter selects everyone
    std::optional<ApiError> error;  // 75 unknown field, 142 unknown operator, 255 bad value, 302 too many ids
};

// `filter` is {"<field>":[{"op":"...","val":...}, ...], ...} (or [] / null: no filter); all
// expressions are ANDed. Operators, case-insensitive: is = > < >= <= != <> between like "not like"
// in "not in"; "like" treats "%" as the wildcard (a run of them as one).
FilterTranslation translate_filter(const nlohmann::json& filter, const FieldMap& fields);

// One value as condition text: integers for Nr, strings or numbers otherwise; nullopt when unusable.
std::optional<std::string> filter_value(const nlohmann::json& value, bool numeric);

}  // namespace userphoto::onoffice
