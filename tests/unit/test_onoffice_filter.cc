// onOffice filter → LDAP filter: every operator, the field map, and hostile values.
#include <cppunit/extensions/HelperMacros.h>

#include <nlohmann/json.hpp>

#include "directory/filter.h"
#include "protocol/onoffice/filter_translation.h"

using namespace userphoto::onoffice;
using nlohmann::json;

namespace {

FieldMap fields() {
    userphoto::PeopleAttributes a;
    a.number = "uidNumber";
    a.email = "mail";
    return default_field_map(a);
}

std::string ldap(const std::string& filter_json) {
    FilterTranslation t = translate_filter(json::parse(filter_json), fields());
    if (t.error) return "error " + std::to_string(t.error->code) + ": " + t.error->message;
    return t.ldap;
}

int error_code(const std::string& filter_json) {
    FilterTranslation t = translate_filter(json::parse(filter_json), fields());
    return t.error ? t.error->code : 0;
}

bool valid(const std::string& filter) { return userphoto::directory::is_valid_filter(filter); }

}  // namespace

class OnOfficeFilterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OnOfficeFilterTest);
    CPPUNIT_TEST(equality_operators);
    CPPUNIT_TEST(ordering_operators);
    CPPUNIT_TEST(between);
    CPPUNIT_TEST(like_and_not_like);
    CPPUNIT_TEST(in_and_not_in);
    CPPUNIT_TEST(expressions_are_anded);
    CPPUNIT_TEST(field_map);
    CPPUNIT_TEST(empty_filters_select_everyone);
    CPPUNIT_TEST(unknown_field_and_operator);
    CPPUNIT_TEST(hostile_values_are_escaped);
    CPPUNIT_TEST(bad_values);
    CPPUNIT_TEST(more_than_500_ids);
    CPPUNIT_TEST_SUITE_END();

public:
    void equality_operators() {
        CPPUNIT_ASSERT_EQUAL(std::string("(uidNumber=17)"), ldap(R"({"Nr":[{"op":"is","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(uidNumber=17)"), ldap(R"({"Nr":[{"op":"=","val":"17"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(uidNumber=17))"), ldap(R"({"Nr":[{"op":"!=","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(uidNumber=17))"), ldap(R"({"Nr":[{"op":"<>","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(uidNumber=17)"), ldap(R"({"Nr":[{"op":"IS","val":17}]})"));
    }

    void ordering_operators() {
        CPPUNIT_ASSERT_EQUAL(std::string("(uidNumber>=17)"), ldap(R"({"Nr":[{"op":">=","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(uidNumber<=17)"), ldap(R"({"Nr":[{"op":"<=","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(&(uidNumber>=17)(!(uidNumber=17)))"), ldap(R"({"Nr":[{"op":">","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(&(uidNumber<=17)(!(uidNumber=17)))"), ldap(R"({"Nr":[{"op":"<","val":17}]})"));
        CPPUNIT_ASSERT(valid(ldap(R"({"Nr":[{"op":"<","val":17}]})")));
    }

    void between() {
        CPPUNIT_ASSERT_EQUAL(std::string("(&(uidNumber>=10)(uidNumber<=20))"),
                             ldap(R"({"Nr":[{"op":"between","val":[10,20]}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"op":"between","val":[10]}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"op":"between","val":10}]})"));
    }

    void like_and_not_like() {
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=Ar*)"), ldap(R"({"Nachname":[{"op":"like","val":"Ar%"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=*r*e*)"), ldap(R"({"Nachname":[{"op":"like","val":"%r%%e%"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=*)"), ldap(R"({"Nachname":[{"op":"like","val":"%"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=Archer)"), ldap(R"({"Nachname":[{"op":"like","val":"Archer"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(mail=*@example.test))"),
                             ldap(R"({"email":[{"op":"not like","val":"%@example.test"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=\\2A*)"), ldap(R"({"Nachname":[{"op":"like","val":"*%"}]})"));
        CPPUNIT_ASSERT(valid(ldap(R"({"Nachname":[{"op":"like","val":"%r%%e%"}]})")));
    }

    void in_and_not_in() {
        CPPUNIT_ASSERT_EQUAL(std::string("(|(uidNumber=17)(uidNumber=19)(uidNumber=21))"),
                             ldap(R"({"Nr":[{"op":"in","val":[17,19,21]}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(|(uidNumber=17)(uidNumber=19)))"),
                             ldap(R"({"Nr":[{"op":"not in","val":[17,19]}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(uidNumber=17)"), ldap(R"({"Nr":[{"op":"in","val":[17]}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(objectClass=*))"), ldap(R"({"Nr":[{"op":"in","val":[]}]})"));
        CPPUNIT_ASSERT(valid(ldap(R"({"Nr":[{"op":"not in","val":[]}]})")));
    }

    void expressions_are_anded() {
        const std::string f = ldap(R"({"Nr":[{"op":">=","val":10},{"op":"<=","val":20}],"Vorname":[{"op":"=","val":"Bob"}]})");
        CPPUNIT_ASSERT_EQUAL(std::string("(&(uidNumber>=10)(uidNumber<=20)(givenName=Bob))"), f);
        CPPUNIT_ASSERT(valid(f));
    }

    void field_map() {
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=alice)"), ldap(R"({"Name":[{"op":"=","val":"alice"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(mail=a@b.c)"), ldap(R"({"email":[{"op":"=","val":"a@b.c"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(givenName=Al)"), ldap(R"({"Vorname":[{"op":"=","val":"Al"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=Ar)"), ldap(R"({"Nachname":[{"op":"=","val":"Ar"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(initials=AA)"), ldap(R"({"Kuerzel":[{"op":"=","val":"AA"}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kUnknownField, error_code(R"({"nr":[{"op":"=","val":1}]})"));  // case-sensitive
    }

    void empty_filters_select_everyone() {
        CPPUNIT_ASSERT_EQUAL(std::string(""), ldap("[]"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), ldap("null"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), ldap("{}"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code("\"Nr=1\""));
    }

    void unknown_field_and_operator() {
        CPPUNIT_ASSERT_EQUAL(code::kUnknownField, error_code(R"({"Gehalt":[{"op":"=","val":1}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kUnknownOperator, error_code(R"({"Nr":[{"op":"~=","val":1}]})"));
        FilterTranslation t = translate_filter(json::parse(R"({"Nr":[{"op":"regexp","val":1}]})"), fields());
        CPPUNIT_ASSERT(t.error && t.error->message == "Unknown operator: regexp");
        t = translate_filter(json::parse(R"({"Foo":[{"op":"=","val":1}]})"), fields());
        CPPUNIT_ASSERT(t.error && t.error->message == "Unknown field: \"Foo\"");
    }

    void hostile_values_are_escaped() {
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=\\2A)"), ldap(R"({"Name":[{"op":"=","val":"*"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=a\\29\\28uid=\\2A)"), ldap(R"({"Name":[{"op":"=","val":"a)(uid=*"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=a\\00b)"), ldap(R"({"Name":[{"op":"=","val":"a\u0000b"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=\\5C)"), ldap(R"({"Name":[{"op":"=","val":"\\"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=*\\29\\28*)"), ldap(R"({"Name":[{"op":"like","val":"%)(%"}]})"));
        for (const char* f : {R"({"Name":[{"op":"=","val":"*)(|(uid=*"}]})", R"({"Name":[{"op":"not like","val":"%\u0000%"}]})",
                              R"({"Name":[{"op":"in","val":["*", ")(", "\\2A"]}]})"})
            CPPUNIT_ASSERT_MESSAGE(ldap(f), valid(ldap(f)));
        // Very long values are refused, never truncated.
        json longer = {{"Name", {{{"op", "="}, {"val", std::string(257, 'a')}}}}};
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(longer.dump()));
        json longest = {{"Name", {{{"op", "like"}, {"val", std::string(100000, '%')}}}}};
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(longest.dump()));
        json fits = {{"Name", {{{"op", "="}, {"val", std::string(256, 'a')}}}}};
        CPPUNIT_ASSERT_EQUAL(0, error_code(fits.dump()));
    }

    void bad_values() {
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"op":"=","val":"17 OR 1"}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"op":"=","val":"*"}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"op":"=","val":1.5}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"op":"=","val":null}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"op":"=","val":{"a":1}}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"val":1}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Name":[{"op":"=","val":""}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"op":"in","val":[1,"x"]}]})"));
    }

    void more_than_500_ids() {
        json ids = json::array();
        for (int i = 0; i < 500; ++i) ids.push_back(i);
        json ok = {{"Nr", {{{"op", "in"}, {"val", ids}}}}};
        CPPUNIT_ASSERT_EQUAL(0, error_code(ok.dump()));
        ids.push_back(500);
        json over = {{"Nr", {{{"op", "in"}, {"val", ids}}}}};
        CPPUNIT_ASSERT_EQUAL(code::kTooManyIds, error_code(over.dump()));
        // The cap counts every list of the filter together.
        json half = json::array();
        for (int i = 0; i < 300; ++i) half.push_back(i);
        json two = {{"Nr", {{{"op", "in"}, {"val", half}}, {{"op", "not in"}, {"val", half}}}}};
        CPPUNIT_ASSERT_EQUAL(code::kTooManyIds, error_code(two.dump()));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OnOfficeFilterTest);
