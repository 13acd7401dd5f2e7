// PeopleCriteria → one RFC 4515 LDAP filter, every value escaped (directory/filter.h).
#pragma once
#include <string>

#include "service/people_criteria.h"
#include "service/people_lists.h"

namespace userphoto {

struct PeopleFilter {
    std::string ldap;   // empty (with no error): the criteria select everyone
    std::string error;  // why the criteria cannot be expressed; empty when ldap is usable
    bool ok() const { return error.empty(); }
};

// Conditions are ANDed in order, after the messenger-id condition. LDAP has no strict ordering,
// so Greater is (&(x>=v)(!(x=v))) and Less (&(x<=v)(!(x=v))); Like is a substring filter; the
// negations wrap the positive form in (!...); In with no values matches nobody. Values that are
// empty or longer than kMaxCriteriaValueLength, and invalid attribute names, are errors.
PeopleFilter people_ldap_filter(const PeopleCriteria& criteria, const PeopleAttributes& attributes);

}  // namespace userphoto
