// The avatar hash index: digests of normalized addresses, insert / lookup / update / remove in a
// plain memory buffer (the module uses shared memory), bounds, the build lease, alias values.
#include <cppunit/extensions/HelperMacros.h>

#include <vector>

#include "index/address_hash.h"
#include "index/hash_index.h"
#include "index/index_builder.h"
#include "util/hex_digest.h"

using namespace userphoto;
using namespace userphoto::avatar;

namespace {

AddressDigest md5_of(const std::string& address) {
    AddressDigest d;
    d.kind = DigestKind::Md5;
    const AddressDigests both = digest_address(address);
    std::copy(both.md5.begin(), both.md5.end(), d.bytes.begin());
    return d;
}

AddressDigest sha_of(const std::string& address) {
    AddressDigest d;
    d.kind = DigestKind::Sha256;
    const AddressDigests both = digest_address(address);
    std::copy(both.sha256.begin(), both.sha256.end(), d.bytes.begin());
    return d;
}

PersonAddresses person(const std::string& uid, std::vector<std::string> addresses) {
    PersonAddresses p;
    p.person.dn = "uid=" + uid + ",ou=people,dc=example,dc=test";
    p.person.key = addresses.empty() ? "" : addresses.front();
    p.person.initials = "XY";
    p.addresses = std::move(addresses);
    return p;
}

}  // namespace

class AvatarIndexTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AvatarIndexTest);
    CPPUNIT_TEST(digests_match_known_vectors);
    CPPUNIT_TEST(hex_digests_parse_only_with_right_length_and_alphabet);
    CPPUNIT_TEST(not_ready_until_published);
    CPPUNIT_TEST(lookup_by_md5_and_sha256);
    CPPUNIT_TEST(sha256_only_index_has_no_md5);
    CPPUNIT_TEST(shared_address_is_nobodys);
    CPPUNIT_TEST(update_replaces_and_removes);
    CPPUNIT_TEST(too_small_region_keeps_old_content);
    CPPUNIT_TEST(lease_excludes_second_builder_until_expiry);
    CPPUNIT_TEST(alias_values_need_smtp_prefix);
    CPPUNIT_TEST(garbage_header_is_not_trusted);
    CPPUNIT_TEST_SUITE_END();

    std::vector<unsigned char> buffer_ = std::vector<unsigned char>(1 << 20);

public:
    void digests_match_known_vectors() {
        // Gravatar's documented example and the SHA-256 of the same normalized address.
        const AddressDigests d = digest_address("  MyEmailAddress@example.com ");
        CPPUNIT_ASSERT_EQUAL(std::string("0bc83cb571cd1c50ba6f3e8a78ef1346"), hex_of(d.md5.data(), 16));
        CPPUNIT_ASSERT_EQUAL(std::string("84059b07d4be67b806386c0aad8070a23f18836bbaae342275dc0a83414c32ee"), hex_of(d.sha256.data(), 32));
        CPPUNIT_ASSERT_EQUAL(std::string("myemailaddress@example.com"), normalize_address(" MyEmailAddress@Example.COM\t"));
    }

    void hex_digests_parse_only_with_right_length_and_alphabet() {
        AddressDigest d;
        CPPUNIT_ASSERT(parse_hex_digest("0bc83cb571cd1c50ba6f3e8a78ef1346", &d));
        CPPUNIT_ASSERT(d.kind == DigestKind::Md5);
        CPPUNIT_ASSERT_EQUAL(0x0b, static_cast<int>(d.bytes[0]));
        CPPUNIT_ASSERT(parse_hex_digest("0BC83CB571CD1C50BA6F3E8A78EF1346", &d));
        CPPUNIT_ASSERT(parse_hex_digest(std::string(64, 'a'), &d));
        CPPUNIT_ASSERT(d.kind == DigestKind::Sha256);
        CPPUNIT_ASSERT(!parse_hex_digest(std::string(31, 'a'), &d));
        CPPUNIT_ASSERT(!parse_hex_digest(std::string(33, 'a'), &d));
        CPPUNIT_ASSERT(!parse_hex_digest(std::string(40, 'a'), &d));
        CPPUNIT_ASSERT(!parse_hex_digest(std::string(31, 'a') + "g", &d));
        CPPUNIT_ASSERT(!parse_hex_digest("", &d));
    }

    void not_ready_until_published() {
        HashIndex index(buffer_.data(), buffer_.size(), true);
        CPPUNIT_ASSERT(index.find(md5_of("a@example.test"), nullptr) == FindStatus::NotReady);
        CPPUNIT_ASSERT(!index.stats().ready);
        std::string problem;
        CPPUNIT_ASSERT(index.publish({}, true, 1, 0, &problem));
        CPPUNIT_ASSERT(index.find(md5_of("a@example.test"), nullptr) == FindStatus::Unknown);
    }

    void lookup_by_md5_and_sha256() {
        HashIndex index(buffer_.data(), buffer_.size(), true);
        std::vector<PersonAddresses> people{person("alice", {"Alice@Example.test", "a.archer@example.test"}),
                                            person("bob", {"bob@example.test"})};
        CPPUNIT_ASSERT(index.publish(people, true, 1000, 5, nullptr));
        IndexedPerson found;
        CPPUNIT_ASSERT(index.find(md5_of("alice@example.test"), &found) == FindStatus::Known);
        CPPUNIT_ASSERT_EQUAL(std::string("uid=alice,ou=people,dc=example,dc=test"), found.dn);
        CPPUNIT_ASSERT_EQUAL(std::string("Alice@Example.test"), found.key);
        CPPUNIT_ASSERT_EQUAL(std::string("XY"), found.initials);
        CPPUNIT_ASSERT(index.find(sha_of("A.Archer@example.test "), &found) == FindStatus::Known);
        CPPUNIT_ASSERT_EQUAL(std::string("uid=alice,ou=people,dc=example,dc=test"), found.dn);
        CPPUNIT_ASSERT(index.find(sha_of("bob@example.test"), &found) == FindStatus::Known);
        CPPUNIT_ASSERT_EQUAL(std::string("uid=bob,ou=people,dc=example,dc=test"), found.dn);
        CPPUNIT_ASSERT(index.find(md5_of("carol@example.test"), &found) == FindStatus::Unknown);
        const IndexStats stats = index.stats();
        CPPUNIT_ASSERT_EQUAL(uint64_t{2}, stats.people);
        CPPUNIT_ASSERT_EQUAL(uint64_t{3}, stats.md5_entries);
        CPPUNIT_ASSERT_EQUAL(uint64_t{3}, stats.sha256_entries);
        CPPUNIT_ASSERT(stats.bytes_used > 0 && stats.bytes_used < buffer_.size());
        CPPUNIT_ASSERT_EQUAL(int64_t{1000}, stats.built_at_ms);
    }

    void sha256_only_index_has_no_md5() {
        HashIndex index(buffer_.data(), buffer_.size(), true);
        CPPUNIT_ASSERT(index.publish({person("alice", {"alice@example.test"})}, false, 1, 0, nullptr));
        CPPUNIT_ASSERT(index.find(md5_of("alice@example.test"), nullptr) == FindStatus::Unknown);
        CPPUNIT_ASSERT(index.find(sha_of("alice@example.test"), nullptr) == FindStatus::Known);
        CPPUNIT_ASSERT_EQUAL(uint64_t{0}, index.stats().md5_entries);
    }

    void shared_address_is_nobodys() {
        HashIndex index(buffer_.data(), buffer_.size(), true);
        CPPUNIT_ASSERT(index.publish({person("twin1", {"twins@example.test"}), person("twin2", {"twins@example.test"})},
                                     true, 1, 0, nullptr));
        CPPUNIT_ASSERT(index.find(md5_of("twins@example.test"), nullptr) == FindStatus::Unknown);
    }

    void update_replaces_and_removes() {
        HashIndex index(buffer_.data(), buffer_.size(), true);
        CPPUNIT_ASSERT(index.publish({person("alice", {"alice@example.test"}), person("bob", {"bob@example.test"})}, true,
                                     1, 0, nullptr));
        const uint64_t generation = index.stats().generation;
        PersonAddresses changed = person("alice", {"alice.new@example.test"});
        CPPUNIT_ASSERT(index.update(changed.person.dn, &changed));
        CPPUNIT_ASSERT(index.find(md5_of("alice@example.test"), nullptr) == FindStatus::Unknown);
        IndexedPerson found;
        CPPUNIT_ASSERT(index.find(md5_of("alice.new@example.test"), &found) == FindStatus::Known);
        CPPUNIT_ASSERT_EQUAL(changed.person.dn, found.dn);
        CPPUNIT_ASSERT(index.find(sha_of("bob@example.test"), nullptr) == FindStatus::Known);
        CPPUNIT_ASSERT(index.stats().generation > generation);
        // A new person, then removals.
        PersonAddresses carol = person("carol", {"carol@example.test"});
        CPPUNIT_ASSERT(index.update(carol.person.dn, &carol));
        CPPUNIT_ASSERT(index.find(sha_of("carol@example.test"), nullptr) == FindStatus::Known);
        CPPUNIT_ASSERT_EQUAL(uint64_t{3}, index.stats().people);
        CPPUNIT_ASSERT(index.update("uid=bob,ou=people,dc=example,dc=test", nullptr));
        CPPUNIT_ASSERT(index.find(sha_of("bob@example.test"), nullptr) == FindStatus::Unknown);
        CPPUNIT_ASSERT(index.find(md5_of("bob@example.test"), nullptr) == FindStatus::Unknown);
        CPPUNIT_ASSERT(index.find(md5_of("carol@example.test"), nullptr) == FindStatus::Known);
        CPPUNIT_ASSERT_EQUAL(uint64_t{2}, index.stats().people);
        CPPUNIT_ASSERT_EQUAL(uint64_t{2}, index.stats().md5_entries);
    }

    void too_small_region_keeps_old_content() {
        std::vector<unsigned char> small(HashIndex::minimum_region_bytes() + 16000);
        HashIndex index(small.data(), small.size(), true);
        CPPUNIT_ASSERT(index.publish({person("alice", {"alice@example.test"})}, true, 1, 0, nullptr));
        std::vector<PersonAddresses> many;
        for (int i = 0; i < 500; ++i) many.push_back(person("u" + std::to_string(i), {"u" + std::to_string(i) + "@x.test"}));
        std::string problem;
        CPPUNIT_ASSERT(!index.publish(many, true, 2, 0, &problem));
        CPPUNIT_ASSERT(problem.find("UserPhotoAvatarIndexMemory") != std::string::npos);
        CPPUNIT_ASSERT(index.find(md5_of("alice@example.test"), nullptr) == FindStatus::Known);
        // Updates beyond the spare room mark the index stale instead of overflowing.
        bool refused = false;
        for (int i = 0; i < 500 && !refused; ++i) refused = !index.update(many[i].person.dn, &many[i]);
        CPPUNIT_ASSERT(refused);
        CPPUNIT_ASSERT(index.stats().stale);
        CPPUNIT_ASSERT(index.find(md5_of("alice@example.test"), nullptr) == FindStatus::Known);
    }

    void lease_excludes_second_builder_until_expiry() {
        HashIndex index(buffer_.data(), buffer_.size(), true);
        CPPUNIT_ASSERT(index.try_lease(1, 1000, 500));
        CPPUNIT_ASSERT(!index.try_lease(2, 1200, 500));
        CPPUNIT_ASSERT(index.try_lease(1, 1300, 500));  // the holder renews
        CPPUNIT_ASSERT(index.try_lease(2, 1900, 500));  // expired
        index.release_lease(2);
        CPPUNIT_ASSERT(index.try_lease(3, 1901, 500));
    }

    void alias_values_need_smtp_prefix() {
        const std::vector<std::string> got =
            alias_addresses({"SMTP:Primary@example.test", "smtp:second@example.test", "x500:/o=x", "sip:a@b", "smtp:"});
        CPPUNIT_ASSERT_EQUAL(size_t{2}, got.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Primary@example.test"), got[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("second@example.test"), got[1]);
        directory::Entry entry;
        entry.dn = "cn=x";
        entry.attributes["proxyAddresses"] = {"smtp:alias@example.test"};
        entry.attributes["cn"] = {"Xavier Young"};
        IndexBuilderSettings settings;
        settings.alias_attribute = "proxyAddresses";
        PersonAddresses p = person_from_entry(entry, settings);
        CPPUNIT_ASSERT_EQUAL(size_t{1}, p.addresses.size());
        CPPUNIT_ASSERT(p.person.key_is_alias);  // no mail: found again through the alias value
        CPPUNIT_ASSERT_EQUAL(std::string("smtp:alias@example.test"), p.person.key);
        CPPUNIT_ASSERT_EQUAL(std::string("XY"), p.person.initials);
        entry.attributes["mail"] = {"x@example.test"};
        p = person_from_entry(entry, settings);
        CPPUNIT_ASSERT_EQUAL(size_t{2}, p.addresses.size());
        CPPUNIT_ASSERT(!p.person.key_is_alias);
        CPPUNIT_ASSERT_EQUAL(std::string("x@example.test"), p.person.key);
    }

    void garbage_header_is_not_trusted() {
        HashIndex index(buffer_.data(), buffer_.size(), true);
        CPPUNIT_ASSERT(index.publish({person("alice", {"alice@example.test"})}, true, 1, 0, nullptr));
        // Scribble over the table geometry (after the lock and flags): lookups must stay in bounds.
        for (size_t i = 200; i < 400; ++i) buffer_[i] = 0xFF;
        IndexedPerson found;
        const FindStatus status = index.find(md5_of("alice@example.test"), &found);
        CPPUNIT_ASSERT(status == FindStatus::NotReady || status == FindStatus::Unknown || status == FindStatus::Known);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AvatarIndexTest);
