// The libldap constant of a URL's scope. Internal to lib/directory (includes ldap.h).
#pragma once
#include <ldap.h>

#include "directory/ldap_url.h"

namespace userphoto::directory {

inline int ldap_scope_of(Scope scope) {
    switch (scope) {
        case Scope::Base: return LDAP_SCOPE_BASE;
        case Scope::One: return LDAP_SCOPE_ONELEVEL;
        case Scope::Sub: return LDAP_SCOPE_SUBTREE;
    }
    return LDAP_SCOPE_SUBTREE;
}

}  // namespace userphoto::directory
