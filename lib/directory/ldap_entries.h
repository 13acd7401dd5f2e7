// Copies search results out of libldap into Entry values (binary safe).
#pragma once
#include <ldap.h>

#include <vector>

#include "directory/directory.h"

namespace userphoto::directory {

// Every entry of a search result (references are skipped: referrals are not chased).
std::vector<Entry> read_entries(LDAP* ld, LDAPMessage* result);

// One entry: its DN and every returned attribute with all its values, read in one pass over the
// message (each value copied once, from the message into the Entry).
Entry read_entry(LDAP* ld, LDAPMessage* entry);

}  // namespace userphoto::directory
