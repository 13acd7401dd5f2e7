#include "directory/ldap_entries.h"

#include <memory>

namespace userphoto::directory {
namespace {

// Owners for libldap allocations, so a bad_alloc while copying leaks nothing.
struct BerFree {
    void operator()(BerElement* ber) const { ber_free(ber, 0); }
};
struct ArrayFree {
    void operator()(berval* values) const { ber_memfree(values); }
};

}  // namespace

Entry read_entry(LDAP* ld, LDAPMessage* message) {
    Entry entry;
    // One pass over the entry's BER: the DN, then each attribute with its values as bervals that
    // point into the message (ldap_get_values_len would search the entry again for every attribute
    // and copy every value before we copy it here).
    BerElement* raw_ber = nullptr;
    berval dn{0, nullptr};
    const int rc = ldap_get_dn_ber(ld, message, &raw_ber, &dn);
    std::unique_ptr<BerElement, BerFree> ber{raw_ber};
    if (rc != LDAP_SUCCESS) return entry;
    if (dn.bv_val) entry.dn.assign(dn.bv_val, dn.bv_len);
    while (true) {
        berval name{0, nullptr};
        berval* raw_values = nullptr;
        const int got = ldap_get_attribute_ber(ld, message, ber.get(), &name, &raw_values);
        std::unique_ptr<berval, ArrayFree> values{raw_values};
        if (got != LDAP_SUCCESS || !name.bv_val) break;
        Values& out = entry.attributes[std::string(name.bv_val, name.bv_len)];
        for (const berval* v = values.get(); v && v->bv_val; ++v) out.emplace_back(v->bv_val, v->bv_len);
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
