// The cache directives' model: defaults, TTL 0 turning caching off, merging, and a key namespace
// that separates directories sharing one store.
#include <cppunit/extensions/HelperMacros.h>

#include "service/config.h"

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
};
CPPUNIT_TEST_SUITE_REGISTRATION(CacheConfigTest);
