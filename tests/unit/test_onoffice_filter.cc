// onOffice filter → protocol-free conditions: every operator, the field map, error codes, and
// hostile values passed on literally (escaping is the service's job: test_people_filter.cc).
#include <cppunit/extensions/HelperMacros.h>

#include <nlohmann/json.hpp>

#include "directory/filter.h"
#include "protocol/onoffice/filter_translation.h"
#include "service/people_filter.h"

using namespace userphoto;
using namespace userphoto::onoffice;
using nlohmann::json;

namespace {

FieldMap fields() {
    PeopleAttributes a;
    a.number = "uidNumber";
    a.email = "mail";
    return default_field_map(a);
}

const char* name_of(Comparison c) {
    switch (c) {
        case Comparison::Equal: return "=";
        case Comparison::NotEqual: return "!=";
        case Comparison::Less: return "<";
        case Comparison::LessOrEqual: return "<=";
        case Comparison::Greater: return ">";
        case Comparison::GreaterOrEqual: return ">=";
        case Comparison::Between: return "between";
        case Comparison::Like: return "like";
        case Comparison::NotLike: return "not like";
        case Comparison::In: return "in";
        case Comparison::NotIn: return "not in";
    }
    return "?";
}

// "attr op [v1|v2]"; like patterns as "attr like ~seg1~seg2~" with "~" where anything may match.
std::string describe(const Condition& c) {
    std::string out = c.attribute + " " + name_of(c.comparison) + " ";
    if (c.comparison == Comparison::Like || c.comparison == Comparison::NotLike) {
        if (c.pattern.any_prefix) out += "~";
        for (size_t i = 0; i < c.pattern.segments.size(); ++i) out += (i ? "~" : "") + c.pattern.segments[i];
        if (c.pattern.any_suffix) out += "~";
        return out;
    }
    out += "[";
    for (size_t i = 0; i < c.values.size(); ++i) out += (i ? "|" : "") + c.values[i];
    return out + "]";
}

FilterTranslation translate(const std::string& filter_json) { return translate_filter(json::parse(filter_json), fields()); }

// All conditions described, joined by " AND ", or the error.
std::string conditions(const std::string& filter_json) {
    FilterTranslation t = translate(filter_json);
    if (t.error) return "error " + std::to_string(t.error->code) + ": " + t.error->message;
    std::string out;
    for (const Condition& c : t.conditions) out += (out.empty() ? "" : " AND ") + describe(c);
    return out;
}

int error_code(const std::string& filter_json) {
    FilterTranslation t = translate(filter_json);
    return t.error ? t.error->code : 0;
}

// The whole path a request takes: onOffice filter → conditions → the service's LDAP filter.
std::string ldap(const std::string& filter_json) {
    FilterTranslation t = translate(filter_json);
    if (t.error) return "error " + std::to_string(t.error->code);
    PeopleCriteria criteria;
    criteria.all_of = t.conditions;
    PeopleFilter f = people_ldap_filter(criteria, PeopleAttributes{});
    return f.ok() ? f.ldap : "refused: " + f.error;
}

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
    CPPUNIT_TEST(hostile_values_are_passed_on_literally);
    CPPUNIT_TEST(bad_values);
    CPPUNIT_TEST(more_than_500_ids);
    CPPUNIT_TEST(ldap_filters_end_to_end);
    CPPUNIT_TEST_SUITE_END();

public:
    void equality_operators() {
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber = [17]"), conditions(R"({"Nr":[{"op":"is","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber = [17]"), conditions(R"({"Nr":[{"op":"=","val":"17"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber = [17]"), conditions(R"({"Nr":[{"op":"=","val":" 17 "}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber != [17]"), conditions(R"({"Nr":[{"op":"!=","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber != [17]"), conditions(R"({"Nr":[{"op":"<>","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber = [17]"), conditions(R"({"Nr":[{"op":"IS","val":17}]})"));
    }

    void ordering_operators() {
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber >= [17]"), conditions(R"({"Nr":[{"op":">=","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber <= [17]"), conditions(R"({"Nr":[{"op":"<=","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber > [17]"), conditions(R"({"Nr":[{"op":">","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber < [17]"), conditions(R"({"Nr":[{"op":"<","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("sn < [M]"), conditions(R"({"Nachname":[{"op":"<","val":"M"}]})"));
    }

    void between() {
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber between [10|20]"),
                             conditions(R"({"Nr":[{"op":"between","val":[10,20]}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"op":"between","val":[10]}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"op":"between","val":10}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nr":[{"op":"between","val":[10,"x"]}]})"));
    }

    void like_and_not_like() {
        CPPUNIT_ASSERT_EQUAL(std::string("sn like Ar~"), conditions(R"({"Nachname":[{"op":"like","val":"Ar%"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("sn like ~r~e~"), conditions(R"({"Nachname":[{"op":"like","val":"%r%%e%"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("sn like ~~"), conditions(R"({"Nachname":[{"op":"like","val":"%"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("sn like Archer"), conditions(R"({"Nachname":[{"op":"like","val":"Archer"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("mail not like ~@example.test"),
                             conditions(R"({"email":[{"op":"not like","val":"%@example.test"}]})"));
        FilterTranslation t = translate(R"({"Nachname":[{"op":"like","val":"a%%b"}]})");
        CPPUNIT_ASSERT(!t.error);
        CPPUNIT_ASSERT_EQUAL(size_t(1), t.conditions.size());
        const LikePattern& p = t.conditions[0].pattern;
        CPPUNIT_ASSERT(p.segments == std::vector<std::string>({"a", "b"}));  // a run of "%" is one wildcard
        CPPUNIT_ASSERT(!p.any_prefix && !p.any_suffix && p.has_wildcard());
        t = translate(R"({"Nachname":[{"op":"like","val":"Archer"}]})");
        CPPUNIT_ASSERT(!t.conditions.at(0).pattern.has_wildcard());
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber like 17~"), conditions(R"({"Nr":[{"op":"like","val":"17%"}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nachname":[{"op":"like","val":""}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(R"({"Nachname":[{"op":"like","val":["a"]}]})"));
    }

    void in_and_not_in() {
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber in [17|19|21]"), conditions(R"({"Nr":[{"op":"in","val":[17,19,21]}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber not in [17|19]"), conditions(R"({"Nr":[{"op":"not in","val":[17,19]}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber in [17]"), conditions(R"({"Nr":[{"op":"in","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber in []"), conditions(R"({"Nr":[{"op":"in","val":[]}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber not in []"), conditions(R"({"Nr":[{"op":"not in","val":[]}]})"));
    }

    void expressions_are_anded() {
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber >= [10] AND uidNumber <= [20] AND givenName = [Bob]"),
                             conditions(R"({"Nr":[{"op":">=","val":10},{"op":"<=","val":20}],"Vorname":[{"op":"=","val":"Bob"}]})"));
        // A single expression need not be wrapped in a list.
        CPPUNIT_ASSERT_EQUAL(std::string("uid = [bob]"), conditions(R"({"Name":{"op":"=","val":"bob"}})"));
    }

    void field_map() {
        CPPUNIT_ASSERT_EQUAL(std::string("uid = [alice]"), conditions(R"({"Name":[{"op":"=","val":"alice"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("mail = [a@b.c]"), conditions(R"({"email":[{"op":"=","val":"a@b.c"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("givenName = [Al]"), conditions(R"({"Vorname":[{"op":"=","val":"Al"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("sn = [Ar]"), conditions(R"({"Nachname":[{"op":"=","val":"Ar"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("initials = [AA]"), conditions(R"({"Kuerzel":[{"op":"=","val":"AA"}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kUnknownField, error_code(R"({"nr":[{"op":"=","val":1}]})"));  // case-sensitive
        PeopleAttributes custom;
        custom.number = "employeeNumber";
        custom.email = "otherMail";
        FilterTranslation t =
            translate_filter(json::parse(R"({"Nr":[{"op":"=","val":5}],"email":[{"op":"=","val":"x"}]})"), default_field_map(custom));
        CPPUNIT_ASSERT_EQUAL(size_t(2), t.conditions.size());
        CPPUNIT_ASSERT_EQUAL(std::string("employeeNumber"), t.conditions[0].attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("otherMail"), t.conditions[1].attribute);
    }

    void empty_filters_select_everyone() {
        CPPUNIT_ASSERT_EQUAL(std::string(""), conditions("[]"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), conditions("null"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), conditions("{}"));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code("\"Nr=1\""));
    }

    void unknown_field_and_operator() {
        CPPUNIT_ASSERT_EQUAL(code::kUnknownField, error_code(R"({"Gehalt":[{"op":"=","val":1}]})"));
        CPPUNIT_ASSERT_EQUAL(code::kUnknownOperator, error_code(R"({"Nr":[{"op":"~=","val":1}]})"));
        FilterTranslation t = translate(R"({"Nr":[{"op":"regexp","val":1}]})");
        CPPUNIT_ASSERT(t.error && t.error->message == "Unknown operator: regexp");
        CPPUNIT_ASSERT(t.conditions.empty());
        t = translate(R"({"Foo":[{"op":"=","val":1}]})");
        CPPUNIT_ASSERT(t.error && t.error->message == "Unknown field: \"Foo\"");
        // An error after good expressions leaves no half-translated conditions behind.
        t = translate(R"({"Name":[{"op":"=","val":"a"},{"op":"~","val":"b"}]})");
        CPPUNIT_ASSERT(t.error && t.conditions.empty());
    }

    void hostile_values_are_passed_on_literally() {
        CPPUNIT_ASSERT_EQUAL(std::string("uid = [*]"), conditions(R"({"Name":[{"op":"=","val":"*"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uid = [a)(uid=*]"), conditions(R"({"Name":[{"op":"=","val":"a)(uid=*"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uid = [a\0b", 10) + "]", conditions(R"({"Name":[{"op":"=","val":"a\u0000b"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uid = [\\]"), conditions(R"({"Name":[{"op":"=","val":"\\"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uid like ~)(~"), conditions(R"({"Name":[{"op":"like","val":"%)(%"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("uid in [*|)(|\\2A]"), conditions(R"({"Name":[{"op":"in","val":["*", ")(", "\\2A"]}]})"));
        // Very long values are refused, never truncated.
        json longer = {{"Name", {{{"op", "="}, {"val", std::string(257, 'a')}}}}};
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(longer.dump()));
        json longest = {{"Name", {{{"op", "like"}, {"val", std::string(100000, '%')}}}}};
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(longest.dump()));
        json long_in = {{"Name", {{{"op", "in"}, {"val", {"a", std::string(257, 'b')}}}}}};
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, error_code(long_in.dump()));
        json fits = {{"Name", {{{"op", "="}, {"val", std::string(256, 'a')}}}}};
        CPPUNIT_ASSERT_EQUAL(0, error_code(fits.dump()));
        CPPUNIT_ASSERT_EQUAL(std::string(256, 'a'), translate(fits.dump()).conditions.at(0).values.at(0));
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
        CPPUNIT_ASSERT_EQUAL(std::string("sn = [1.5]"), conditions(R"({"Nachname":[{"op":"=","val":1.5}]})"));
    }

    void more_than_500_ids() {
        json ids = json::array();
        for (int i = 0; i < 500; ++i) ids.push_back(i);
        json ok = {{"Nr", {{{"op", "in"}, {"val", ids}}}}};
        CPPUNIT_ASSERT_EQUAL(0, error_code(ok.dump()));
        CPPUNIT_ASSERT_EQUAL(size_t(500), translate(ok.dump()).conditions.at(0).values.size());
        ids.push_back(500);
        json over = {{"Nr", {{{"op", "in"}, {"val", ids}}}}};
        CPPUNIT_ASSERT_EQUAL(code::kTooManyIds, error_code(over.dump()));
        // The cap counts every list of the filter together.
        json half = json::array();
        for (int i = 0; i < 300; ++i) half.push_back(i);
        json two = {{"Nr", {{{"op", "in"}, {"val", half}}, {{"op", "not in"}, {"val", half}}}}};
        CPPUNIT_ASSERT_EQUAL(code::kTooManyIds, error_code(two.dump()));
    }

    // The LDAP filters a request ends in are the ones the codec used to build itself.
    void ldap_filters_end_to_end() {
        CPPUNIT_ASSERT_EQUAL(std::string("(&(uidNumber>=17)(!(uidNumber=17)))"), ldap(R"({"Nr":[{"op":">","val":17}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=*r*e*)"), ldap(R"({"Nachname":[{"op":"like","val":"%r%%e%"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(mail=*@example.test))"),
                             ldap(R"({"email":[{"op":"not like","val":"%@example.test"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(&(uidNumber>=10)(uidNumber<=20)(givenName=Bob))"),
                             ldap(R"({"Nr":[{"op":">=","val":10},{"op":"<=","val":20}],"Vorname":[{"op":"=","val":"Bob"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=a\\29\\28uid=\\2A)"), ldap(R"({"Name":[{"op":"=","val":"a)(uid=*"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=*\\29\\28*)"), ldap(R"({"Name":[{"op":"like","val":"%)(%"}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(objectClass=*))"), ldap(R"({"Nr":[{"op":"in","val":[]}]})"));
        for (const char* f : {R"({"Name":[{"op":"=","val":"*)(|(uid=*"}]})", R"({"Name":[{"op":"not like","val":"%\u0000%"}]})",
                              R"({"Name":[{"op":"in","val":["*", ")(", "\\2A"]}]})", R"({"Nr":[{"op":"not in","val":[]}]})"})
            CPPUNIT_ASSERT_MESSAGE(ldap(f), directory::is_valid_filter(ldap(f)));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OnOfficeFilterTest);
