#include "directory/ldap_url.h"
