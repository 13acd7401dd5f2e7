// PeopleCriteria → LDAP filter: exact filter strings for every comparison, the messenger-id
// condition, escaping of hostile values, and the caps.
#include <cppunit/extensions/HelperMacros.h>

#include "directory/filter.h"
#include "service/people_filter.h"

using namespace userphoto;

namespace {

PeopleAttributes attributes() {
    PeopleAttributes a;
    a.number = "uidNumber";
    a.messenger = "msgId";
    return a;
}

Condition cond(const std::string& attribute, Comparison comparison, std::vector<std::string> values) {
    return Condition{attribute, comparison, std::move(values), {}};
}

Condition like(const std::string& attribute, std::vector<std::string> segments, bool any_prefix, bool any_suffix,
               bool negated = false) {
    Condition c{attribute, negated ? Comparison::NotLike : Comparison::Like, {}, {}};
    c.pattern = LikePattern{std::move(segments), any_prefix, any_suffix};
    return c;
}

std::string ldap(std::vector<Condition> all_of) {
    PeopleCriteria criteria;
    criteria.all_of = std::move(all_of);
    PeopleFilter f = people_ldap_filter(criteria, attributes());
    return f.ok() ? f.ldap : "refused: " + f.error;
}

std::string ldap(Condition c) { return ldap(std::vector<Condition>{std::move(c)}); }

bool refused(Condition c) { return !people_ldap_filter(PeopleCriteria{std::nullopt, {std::move(c)}}, attributes()).ok(); }

bool valid(const std::string& filter) { return directory::is_valid_filter(filter); }

}  // namespace

class PeopleFilterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PeopleFilterTest);
    CPPUNIT_TEST(equality);
    CPPUNIT_TEST(ordering);
    CPPUNIT_TEST(between);
    CPPUNIT_TEST(like_and_not_like);
    CPPUNIT_TEST(in_and_not_in);
    CPPUNIT_TEST(conditions_are_anded);
    CPPUNIT_TEST(no_conditions_select_everyone);
    CPPUNIT_TEST(messenger_ids);
    CPPUNIT_TEST(hostile_values_are_escaped);
    CPPUNIT_TEST(long_values_are_refused);
    CPPUNIT_TEST(malformed_conditions_are_refused);
    CPPUNIT_TEST_SUITE_END();

public:
    void equality() {
        CPPUNIT_ASSERT_EQUAL(std::string("(uidNumber=17)"), ldap(cond("uidNumber", Comparison::Equal, {"17"})));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(uidNumber=17))"), ldap(cond("uidNumber", Comparison::NotEqual, {"17"})));
        CPPUNIT_ASSERT_EQUAL(std::string("(givenName=Bob)"), ldap(cond("givenName", Comparison::Equal, {"Bob"})));
    }

    void ordering() {
        CPPUNIT_ASSERT_EQUAL(std::string("(uidNumber>=17)"), ldap(cond("uidNumber", Comparison::GreaterOrEqual, {"17"})));
        CPPUNIT_ASSERT_EQUAL(std::string("(uidNumber<=17)"), ldap(cond("uidNumber", Comparison::LessOrEqual, {"17"})));
        // LDAP has no strict ordering: ">=" without "=".
        CPPUNIT_ASSERT_EQUAL(std::string("(&(uidNumber>=17)(!(uidNumber=17)))"), ldap(cond("uidNumber", Comparison::Greater, {"17"})));
        CPPUNIT_ASSERT_EQUAL(std::string("(&(uidNumber<=17)(!(uidNumber=17)))"), ldap(cond("uidNumber", Comparison::Less, {"17"})));
        CPPUNIT_ASSERT(valid(ldap(cond("uidNumber", Comparison::Less, {"17"}))));
    }

    void between() {
        CPPUNIT_ASSERT_EQUAL(std::string("(&(uidNumber>=10)(uidNumber<=20))"),
                             ldap(cond("uidNumber", Comparison::Between, {"10", "20"})));
        CPPUNIT_ASSERT(refused(cond("uidNumber", Comparison::Between, {"10"})));
        CPPUNIT_ASSERT(refused(cond("uidNumber", Comparison::Between, {"10", "20", "30"})));
    }

    void like_and_not_like() {
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=Ar*)"), ldap(like("sn", {"Ar"}, false, true)));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=*r*e*)"), ldap(like("sn", {"r", "e"}, true, true)));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=a*b)"), ldap(like("sn", {"a", "b"}, false, false)));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=*)"), ldap(like("sn", {}, true, true)));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=*)"), ldap(like("sn", {}, true, false)));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=Archer)"), ldap(like("sn", {"Archer"}, false, false)));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(mail=*@example.test))"), ldap(like("mail", {"@example.test"}, true, false, true)));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=\\2A*)"), ldap(like("sn", {"*"}, false, true)));
        CPPUNIT_ASSERT_EQUAL(std::string("(sn=a*b)"), ldap(like("sn", {"a", "", "b"}, false, false)));  // no "**"
        CPPUNIT_ASSERT(valid(ldap(like("sn", {"r", "e"}, true, true))));
        CPPUNIT_ASSERT(refused(like("sn", {}, false, false)));
    }

    void in_and_not_in() {
        CPPUNIT_ASSERT_EQUAL(std::string("(|(uidNumber=17)(uidNumber=19)(uidNumber=21))"),
                             ldap(cond("uidNumber", Comparison::In, {"17", "19", "21"})));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(|(uidNumber=17)(uidNumber=19)))"),
                             ldap(cond("uidNumber", Comparison::NotIn, {"17", "19"})));
        CPPUNIT_ASSERT_EQUAL(std::string("(uidNumber=17)"), ldap(cond("uidNumber", Comparison::In, {"17"})));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(objectClass=*))"), ldap(cond("uidNumber", Comparison::In, {})));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(!(objectClass=*)))"), ldap(cond("uidNumber", Comparison::NotIn, {})));
        CPPUNIT_ASSERT(valid(ldap(cond("uidNumber", Comparison::NotIn, {}))));
    }

    void conditions_are_anded() {
        const std::string f = ldap({cond("uidNumber", Comparison::GreaterOrEqual, {"10"}),
                                    cond("uidNumber", Comparison::LessOrEqual, {"20"}),
                                    cond("givenName", Comparison::Equal, {"Bob"})});
        CPPUNIT_ASSERT_EQUAL(std::string("(&(uidNumber>=10)(uidNumber<=20)(givenName=Bob))"), f);
        CPPUNIT_ASSERT(valid(f));
    }

    void no_conditions_select_everyone() {
        PeopleFilter f = people_ldap_filter(PeopleCriteria{}, attributes());
        CPPUNIT_ASSERT(f.ok());
        CPPUNIT_ASSERT_EQUAL(std::string(""), f.ldap);
        CPPUNIT_ASSERT(PeopleCriteria{}.selects_everyone());
    }

    void messenger_ids() {
        PeopleCriteria c;
        c.messenger_ids = std::vector<std::string>{"5001", "5002"};
        CPPUNIT_ASSERT_EQUAL(std::string("(|(msgId=5001)(msgId=5002))"), people_ldap_filter(c, attributes()).ldap);
        c.messenger_ids = std::vector<std::string>{"5001"};
        CPPUNIT_ASSERT_EQUAL(std::string("(|(msgId=5001))"), people_ldap_filter(c, attributes()).ldap);
        c.messenger_ids = std::vector<std::string>{};
        CPPUNIT_ASSERT_EQUAL(std::string("(msgId=*)"), people_ldap_filter(c, attributes()).ldap);
        // Messenger first, then the other conditions.
        c.all_of = {cond("uidNumber", Comparison::Equal, {"1001"})};
        CPPUNIT_ASSERT_EQUAL(std::string("(&(msgId=*)(uidNumber=1001))"), people_ldap_filter(c, attributes()).ldap);
        c.messenger_ids = std::vector<std::string>{"*)(uid=*"};
        CPPUNIT_ASSERT_EQUAL(std::string("(&(|(msgId=\\2A\\29\\28uid=\\2A))(uidNumber=1001))"),
                             people_ldap_filter(c, attributes()).ldap);
        // Without a configured messenger attribute there is nothing to select on.
        PeopleAttributes none = attributes();
        none.messenger.clear();
        CPPUNIT_ASSERT(!people_ldap_filter(c, none).ok());
    }

    void hostile_values_are_escaped() {
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=\\2A)"), ldap(cond("uid", Comparison::Equal, {"*"})));
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=a\\29\\28uid=\\2A)"), ldap(cond("uid", Comparison::Equal, {"a)(uid=*"})));
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=a\\00b)"), ldap(cond("uid", Comparison::Equal, {std::string("a\0b", 3)})));
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=\\5C)"), ldap(cond("uid", Comparison::Equal, {"\\"})));
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=*\\29\\28*)"), ldap(like("uid", {")("}, true, true)));
        CPPUNIT_ASSERT_EQUAL(std::string("(!(uid=*\\00*))"), ldap(like("uid", {std::string(1, '\0')}, true, true, true)));
        CPPUNIT_ASSERT_EQUAL(std::string("(|(uid=\\2A)(uid=\\29\\28)(uid=\\5C2A))"),
                             ldap(cond("uid", Comparison::In, {"*", ")(", "\\2A"})));
        for (const std::string& f : {ldap(cond("uid", Comparison::Equal, {"*)(|(uid=*"})),
                                     ldap(like("uid", {std::string(1, '\0')}, true, true, true)),
                                     ldap(cond("uid", Comparison::In, {"*", ")(", "\\2A"})),
                                     ldap(cond("uid", Comparison::Greater, {")("})),
                                     ldap(cond("uid", Comparison::Between, {"*", ")"}))})
            CPPUNIT_ASSERT_MESSAGE(f, valid(f));
    }

    // Refused, never truncated.
    void long_values_are_refused() {
        const std::string fits(256, 'a');
        const std::string longer(257, 'a');
        CPPUNIT_ASSERT_EQUAL("(uid=" + fits + ")", ldap(cond("uid", Comparison::Equal, {fits})));
        CPPUNIT_ASSERT(refused(cond("uid", Comparison::Equal, {longer})));
        CPPUNIT_ASSERT(refused(cond("uid", Comparison::In, {"a", longer})));
        CPPUNIT_ASSERT(refused(cond("uid", Comparison::Between, {"a", longer})));
        CPPUNIT_ASSERT(refused(like("uid", {"a", longer}, true, true)));
        CPPUNIT_ASSERT(refused(like("uid", {std::string(100000, 'x')}, false, true)));
        PeopleCriteria c;
        c.messenger_ids = std::vector<std::string>{longer};
        CPPUNIT_ASSERT(!people_ldap_filter(c, attributes()).ok());
    }

    void malformed_conditions_are_refused() {
        CPPUNIT_ASSERT(refused(cond("uid", Comparison::Equal, {""})));
        CPPUNIT_ASSERT(refused(cond("uid", Comparison::Equal, {})));
        CPPUNIT_ASSERT(refused(cond("uid", Comparison::Equal, {"a", "b"})));
        CPPUNIT_ASSERT(refused(cond("uid)(x", Comparison::Equal, {"a"})));
        CPPUNIT_ASSERT(refused(cond("", Comparison::Equal, {"a"})));
        // One refused condition refuses the whole filter.
        PeopleFilter f = people_ldap_filter(
            PeopleCriteria{std::nullopt, {cond("uid", Comparison::Equal, {"a"}), cond("uid", Comparison::Equal, {""})}},
            attributes());
        CPPUNIT_ASSERT(!f.ok());
        CPPUNIT_ASSERT(!f.error.empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PeopleFilterTest);
