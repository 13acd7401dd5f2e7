// Copies search results out of libldap into Entry values (binary safe).
#pragma once
#include <ldap.h>

#include <vector>

#include "directory/directory.h"

namespace userphoto::directory {

// Every entry of a search result (references are skipped: referrals are not chased).
std::vector<Entry> read_entries(LDAP* ld, LDAPMessage* result);

// One entry: its DN and every returned attribute with all its values, read with ldap_get_values_len.
Entry read_entry(LDAP* ld, LDAPMessage* entry);

}  // namespace userphoto::directory
