#include "directory/ldap_entries.h"

#include <memory>

namespace userphoto::directory {
namespace {

// Owners for libldap allocations, so a bad_alloc while copying leaks nothing.
struct MemFree {
    void operator()(char* p) const { ldap_memfree(p); }
};
struct BerFree {
    void operator()(BerElement* ber) const { ber_free(ber, 0); }
};
struct ValuesFree {
    void operator()(berval** values) const { ldap_value_free_len(values); }
};

}  // namespace

Entry read_entry(LDAP* ld, LDAPMessage* message) {
    Entry entry;
    if (std::unique_ptr<char, MemFree> dn{ldap_get_dn(ld, message)}) entry.dn = dn.get();

    BerElement* raw_ber = nullptr;
    std::unique_ptr<char, MemFree> name{ldap_first_attribute(ld, message, &raw_ber)};
    std::unique_ptr<BerElement, BerFree> ber{raw_ber};
    for (; name; name.reset(ldap_next_attribute(ld, message, ber.get()))) {
        Values& values = entry.attributes[name.get()];
        std::unique_ptr<berval*, ValuesFree> raw{ldap_get_values_len(ld, message, name.get())};
        for (berval** v = raw.get(); v && *v; ++v)
            values.push_back((*v)->bv_len ? std::string((*v)->bv_val, (*v)->bv_len) : std::string());
    }
    return entry;
}

std::vector<Entry> read_entries(LDAP* ld, LDAPMessage* result) {
    std::vector<Entry> entries;
    for (LDAPMessage* e = ldap_first_entry(ld, result); e; e = ldap_next_entry(ld, e))
        entries.push_back(read_entry(ld, e));
    return entries;
}

}  // namespace userphoto::directory
