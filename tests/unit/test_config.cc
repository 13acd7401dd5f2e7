// Configuration model: directive value parsers, merge precedence, resolution defaults.
#include <cppunit/extensions/HelperMacros.h>

#include "config/config.h"
#include "config/validators.h"

using namespace userphoto;

class ConfigTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ConfigTest);
    CPPUNIT_TEST(value_parsers);
    CPPUNIT_TEST(vhost_overrides_only_what_it_sets);
    CPPUNIT_TEST(resolve_needs_an_ldap_url);
    CPPUNIT_TEST(resolve_fills_defaults);
    CPPUNIT_TEST(dir_merge);
    CPPUNIT_TEST(attribute_names);
    CPPUNIT_TEST_SUITE_END();

public:
    void value_parsers() {
        CPPUNIT_ASSERT_EQUAL(85, *parse_int_in_range("85", 1, 100));
        CPPUNIT_ASSERT(!parse_int_in_range("0", 1, 100));
        CPPUNIT_ASSERT(!parse_int_in_range("101", 1, 100));
        CPPUNIT_ASSERT(!parse_int_in_range("8x", 1, 100));
        CPPUNIT_ASSERT(!parse_int_in_range("", 1, 100));
        CPPUNIT_ASSERT_EQUAL(3000, *parse_duration_ms("3"));
        CPPUNIT_ASSERT_EQUAL(3000, *parse_duration_ms("3s"));
        CPPUNIT_ASSERT_EQUAL(250, *parse_duration_ms("250ms"));
        CPPUNIT_ASSERT(!parse_duration_ms("0"));
        CPPUNIT_ASSERT(!parse_duration_ms("-1"));
        CPPUNIT_ASSERT(!parse_duration_ms("2h"));
        CPPUNIT_ASSERT_EQUAL(uint64_t(65536), *parse_byte_size("64k"));
        CPPUNIT_ASSERT_EQUAL(uint64_t(10485760), *parse_byte_size("10M"));
        CPPUNIT_ASSERT_EQUAL(uint64_t(123), *parse_byte_size("123"));
        CPPUNIT_ASSERT(!parse_byte_size("k"));
        CPPUNIT_ASSERT(!parse_byte_size("12q"));
    }

    void vhost_overrides_only_what_it_sets() {
        ServerConfig main, vhost;
        main.bind_dn = "cn=main";
        main.jpeg_quality = 70;
        vhost.jpeg_quality = 90;
        ServerConfig merged = merge(main, vhost);
        CPPUNIT_ASSERT_EQUAL(std::string("cn=main"), *merged.bind_dn);
        CPPUNIT_ASSERT_EQUAL(90, *merged.jpeg_quality);
        CPPUNIT_ASSERT(!merged.pool_max);
    }

    void resolve_needs_an_ldap_url() {
        std::string problem;
        CPPUNIT_ASSERT(!resolve(ServerConfig{}, &problem));
        CPPUNIT_ASSERT(problem.find("UserPhotoLDAPURL") != std::string::npos);
    }

    void resolve_fills_defaults() {
        ServerConfig config;
        directory::LdapUrl url;
        url.servers = {"ldap://127.0.0.1:389"};
        url.base_dn = "dc=example,dc=test";
        url.attribute = "mail";
        config.ldap_url = url;
        auto resolved = resolve(config, nullptr);
        CPPUNIT_ASSERT(resolved.has_value());
        CPPUNIT_ASSERT_EQUAL(size_t(2), resolved->service.photo_attributes.size());
        CPPUNIT_ASSERT_EQUAL(std::string("thumbnailPhoto"), resolved->service.photo_attributes[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), resolved->service.remote_user_attribute);
        CPPUNIT_ASSERT_EQUAL(85, resolved->service.jpeg_quality);

        config.remote_user_attribute = "uid";
        config.source_attributes = std::vector<std::string>{"jpegPhoto"};
        config.operation_timeout_ms = 1500;
        resolved = resolve(config, nullptr);
        CPPUNIT_ASSERT_EQUAL(std::string("uid"), resolved->service.remote_user_attribute);
        CPPUNIT_ASSERT_EQUAL(size_t(1), resolved->service.photo_attributes.size());
        CPPUNIT_ASSERT_EQUAL(1500, resolved->directory.operation_timeout_ms);
    }

    void dir_merge() {
        DirConfig parent, child;
        parent.ews_not_found_status = 500;
        child.max_body_bytes = 1024;
        DirConfig merged = merge(parent, child);
        CPPUNIT_ASSERT_EQUAL(500, *merged.ews_not_found_status);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1024), *merged.max_body_bytes);
        // UserPhotoEWSAllowAnonymous: unset inherits, an inner "off" wins over an outer "on".
        CPPUNIT_ASSERT(!merged.ews_allow_anonymous);
        parent.ews_allow_anonymous = true;
        CPPUNIT_ASSERT(*merge(parent, child).ews_allow_anonymous);
        child.ews_allow_anonymous = false;
        CPPUNIT_ASSERT(!*merge(parent, child).ews_allow_anonymous);
    }

    void attribute_names() {
        CPPUNIT_ASSERT_EQUAL(std::string(), config::attribute_name_problem("thumbnailPhoto"));
        CPPUNIT_ASSERT_EQUAL(std::string(), config::attribute_name_problem("1.2.840.113556.1.4.531"));
        CPPUNIT_ASSERT_EQUAL(std::string("not an LDAP attribute name: mail)(uid=*"),
                             config::attribute_name_problem("mail)(uid=*"));
        CPPUNIT_ASSERT(!config::attribute_name_problem("").empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConfigTest);
