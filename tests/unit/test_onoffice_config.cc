// onOffice configuration: link lifetimes, API users merged across sections, resolved settings.
#include <cppunit/extensions/HelperMacros.h>

#include "config/config.h"

using namespace userphoto;

class OnOfficeConfigTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OnOfficeConfigTest);
    CPPUNIT_TEST(lifetimes);
    CPPUNIT_TEST(api_users_add_up_and_replace_by_token);
    CPPUNIT_TEST(request_caps_inner_section_wins);
    CPPUNIT_TEST(resolved_defaults_and_overrides);
    CPPUNIT_TEST_SUITE_END();

public:
    void lifetimes() {
        CPPUNIT_ASSERT_EQUAL(int64_t(86400), *parse_lifetime_s("86400"));
        CPPUNIT_ASSERT_EQUAL(int64_t(86400), *parse_lifetime_s("1d"));
        CPPUNIT_ASSERT_EQUAL(int64_t(43200), *parse_lifetime_s("12h"));
        CPPUNIT_ASSERT_EQUAL(int64_t(1800), *parse_lifetime_s("30m"));
        CPPUNIT_ASSERT_EQUAL(int64_t(90), *parse_lifetime_s("90s"));
        CPPUNIT_ASSERT(!parse_lifetime_s("59"));
        CPPUNIT_ASSERT(!parse_lifetime_s("367d"));
        CPPUNIT_ASSERT(!parse_lifetime_s("1w"));
        CPPUNIT_ASSERT(!parse_lifetime_s(""));
        CPPUNIT_ASSERT(!parse_lifetime_s("d"));
    }

    void api_users_add_up_and_replace_by_token() {
        DirConfig server, location;
        server.onoffice_users = std::vector<OnOfficeApiUserConfig>{{"a", "s1", true}, {"b", "s2", true}};
        location.onoffice_users = std::vector<OnOfficeApiUserConfig>{{"b", "s3", false}, {"c", "s4", true}};
        DirConfig merged = merge(server, location);
        CPPUNIT_ASSERT(merged.onoffice_users.has_value());
        CPPUNIT_ASSERT_EQUAL(size_t(3), merged.onoffice_users->size());
        for (const auto& u : *merged.onoffice_users)
            if (u.token == "b") {
                CPPUNIT_ASSERT_EQUAL(std::string("s3"), u.secret);
                CPPUNIT_ASSERT(!u.can_read);
            }
        CPPUNIT_ASSERT(!merge(DirConfig(), DirConfig()).onoffice_users.has_value());
        CPPUNIT_ASSERT_EQUAL(size_t(2), merge(server, DirConfig()).onoffice_users->size());
    }

    void request_caps_inner_section_wins() {
        DirConfig server, location;
        server.onoffice_max_records = 50;
        server.onoffice_max_response_bytes = 1 << 20;
        location.onoffice_max_records = 7;
        DirConfig merged = merge(server, location);
        CPPUNIT_ASSERT_EQUAL(uint64_t(7), *merged.onoffice_max_records);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1 << 20), *merged.onoffice_max_response_bytes);
        CPPUNIT_ASSERT(!merge(DirConfig(), DirConfig()).onoffice_max_records.has_value());
    }

    void resolved_defaults_and_overrides() {
        ServerConfig config;
        std::string problem;
        config.ldap_url = directory::parse_ldap_url("ldap://h/dc=x?mail?sub", &problem);
        CPPUNIT_ASSERT(config.ldap_url.has_value());
        auto r = resolve(config, nullptr);
        CPPUNIT_ASSERT(r.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber"), r->people.attributes.number);
        CPPUNIT_ASSERT_EQUAL(std::string(""), r->people.attributes.messenger);
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), r->people.attributes.email);
        CPPUNIT_ASSERT_EQUAL(std::string(""), r->people.linked_entry_attribute);
        CPPUNIT_ASSERT_EQUAL(kDefaultLinkLifetimeSeconds, r->link_lifetime_s);
        ServerConfig vhost;
        vhost.id_attribute = "employeeID";
        vhost.messenger_attribute = "msg";
        vhost.linked_entry_attribute = "seeAlso";
        vhost.link_lifetime_s = 3600;
        vhost.link_secret = "0123456789abcdef";
        r = resolve(merge(config, vhost), nullptr);
        CPPUNIT_ASSERT_EQUAL(std::string("employeeID"), r->people.attributes.number);
        CPPUNIT_ASSERT_EQUAL(std::string("msg"), r->people.attributes.messenger);
        CPPUNIT_ASSERT_EQUAL(std::string("seeAlso"), r->people.linked_entry_attribute);
        CPPUNIT_ASSERT_EQUAL(int64_t(3600), r->link_lifetime_s);
        CPPUNIT_ASSERT_EQUAL(std::string("0123456789abcdef"), r->link_secret);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OnOfficeConfigTest);
