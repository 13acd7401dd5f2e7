// The cache directives' model: defaults, TTL 0 turning caching off, merging, and a key namespace
// that separates directories sharing one store.
#include <cppunit/extensions/HelperMacros.h>

#include "config/config.h"

using namespace userphoto;

namespace {

ServerConfig with_url(const std::string& server) {
    ServerConfig config;
    directory::LdapUrl url;
    url.servers = {server};
    url.base_dn = "dc=example,dc=test";
    config.ldap_url = url;
    return config;
}

}  // namespace

class CacheConfigTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CacheConfigTest);
    CPPUNIT_TEST(defaults);
    CPPUNIT_TEST(ttlZeroTurnsCachingOff);
    CPPUNIT_TEST(settingsAndMerge);
    CPPUNIT_TEST(namespaceSeparatesDirectories);
    CPPUNIT_TEST(namespaceSeparatesBindDnsAndUrlAttributes);
    CPPUNIT_TEST(recordKeyComesFromTheLinkSecret);
    CPPUNIT_TEST(changeRecordsOnlyForTiersBeyondThisMachine);
    CPPUNIT_TEST_SUITE_END();

public:
    void defaults() {
        auto resolved = resolve(with_url("ldap://a"), nullptr);
        CPPUNIT_ASSERT(resolved);
        CPPUNIT_ASSERT(resolved->cache_enabled);
        CPPUNIT_ASSERT_EQUAL(int64_t(kDefaultCacheTtlS) * 1000, resolved->cache.ttl_ms);
        CPPUNIT_ASSERT_EQUAL(int64_t(kDefaultCacheNegativeTtlS) * 1000, resolved->cache.negative_ttl_ms);
        CPPUNIT_ASSERT_EQUAL(size_t(kDefaultCacheMemoryBytes), resolved->cache.memory_bytes);
        CPPUNIT_ASSERT_EQUAL(size_t(3), resolved->service.change_marker_attributes.size());
        CPPUNIT_ASSERT_EQUAL(std::string("entryCSN"), resolved->service.change_marker_attributes[0]);
    }

    void ttlZeroTurnsCachingOff() {
        ServerConfig config = with_url("ldap://a");
        config.cache_ttl_s = 0;
        CPPUNIT_ASSERT(!resolve(config, nullptr)->cache_enabled);
    }

    void settingsAndMerge() {
        ServerConfig main = with_url("ldap://a");
        main.cache_ttl_s = 30;
        main.cache_store = "memcache:127.0.0.1:11211";
        ServerConfig vhost;
        vhost.cache_negative_ttl_s = 5;
        vhost.change_marker_attributes = std::vector<std::string>{"uSNChanged"};
        ServerConfig merged = merge(main, vhost);
        auto resolved = resolve(merged, nullptr);
        CPPUNIT_ASSERT_EQUAL(int64_t(30'000), resolved->cache.ttl_ms);
        CPPUNIT_ASSERT_EQUAL(int64_t(5'000), resolved->cache.negative_ttl_ms);
        CPPUNIT_ASSERT_EQUAL(std::string("memcache:127.0.0.1:11211"), *merged.cache_store);
        CPPUNIT_ASSERT_EQUAL(size_t(1), resolved->service.change_marker_attributes.size());
        CPPUNIT_ASSERT_EQUAL(std::string("uSNChanged"), resolved->service.change_marker_attributes[0]);
    }

    void namespaceSeparatesDirectories() {
        auto a = resolve(with_url("ldap://a"), nullptr);
        auto a_again = resolve(with_url("ldap://a"), nullptr);
        auto b = resolve(with_url("ldap://b"), nullptr);
        CPPUNIT_ASSERT_EQUAL(a->cache.key_namespace, a_again->cache.key_namespace);
        CPPUNIT_ASSERT(a->cache.key_namespace != b->cache.key_namespace);
        ServerConfig other_attrs = with_url("ldap://a");
        other_attrs.source_attributes = std::vector<std::string>{"jpegPhoto"};
        CPPUNIT_ASSERT(resolve(other_attrs, nullptr)->cache.key_namespace != a->cache.key_namespace);
    }

    void namespaceSeparatesBindDnsAndUrlAttributes() {
        // What the directory shows depends on who binds: two views must not share records.
        ServerConfig staff = with_url("ldap://a");
        staff.bind_dn = "cn=staff-reader,dc=example,dc=test";
        ServerConfig public_view = with_url("ldap://a");
        public_view.bind_dn = "cn=public-reader,dc=example,dc=test";
        staff.link_secret = public_view.link_secret = "link-secret-0123456789";
        auto s = resolve(staff, nullptr), p = resolve(public_view, nullptr);
        CPPUNIT_ASSERT(s->cache.key_namespace != p->cache.key_namespace);
        CPPUNIT_ASSERT(s->cache.record_key != p->cache.record_key);
        ServerConfig uid_url = with_url("ldap://a");
        directory::LdapUrl url = *uid_url.ldap_url;
        url.attribute = "uid";
        uid_url.ldap_url = url;
        CPPUNIT_ASSERT(resolve(uid_url, nullptr)->cache.key_namespace !=
                       resolve(with_url("ldap://a"), nullptr)->cache.key_namespace);
    }

    void recordKeyComesFromTheLinkSecret() {
        ServerConfig config = with_url("ldap://a");
        CPPUNIT_ASSERT(resolve(config, nullptr)->cache.record_key.empty());  // nothing shared without it
        config.link_secret = "link-secret-0123456789";
        auto one = resolve(config, nullptr)->cache.record_key;
        CPPUNIT_ASSERT_EQUAL(size_t(32), one.size());
        CPPUNIT_ASSERT(one != config.link_secret);
        config.link_secret = "link-secret-9876543210";
        CPPUNIT_ASSERT(resolve(config, nullptr)->cache.record_key != one);
    }

    void changeRecordsOnlyForTiersBeyondThisMachine() {
        ServerConfig config = with_url("ldap://a");
        CPPUNIT_ASSERT(!resolve(config, nullptr)->cache.shared_change_records);  // default shmcb
        config.cache_store = "shmcb:/run/x(1000000)";
        CPPUNIT_ASSERT(!resolve(config, nullptr)->cache.shared_change_records);
        config.cache_store = "memcache:10.0.0.1:11211";
        CPPUNIT_ASSERT(resolve(config, nullptr)->cache.shared_change_records);
        config.cache_store = "redis:10.0.0.1:6379";
        CPPUNIT_ASSERT(resolve(config, nullptr)->cache.shared_change_records);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CacheConfigTest);
