// onOffice userphoto read against a real slapd + httpd, with requests built as the PHP SDK does.
#include <chrono>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

#include "integration/bearer_token.h"
#include "integration/fixture.h"
#include "integration/onoffice_client.h"
#include "protocol/onoffice/photo_link.h"
#include "util/base64.h"
#include "util/image_format.h"

using namespace itest;
using nlohmann::json;

namespace {

const OnOfficeClient kClient("itest-token", "itest-secret-0123456789");
const char* kLinkSecret = "itest-link-secret-0123456789";  // UserPhotoLinkSecret of the test config
const int kFixedPeople = 28;  // alice .. linda (1001 .. 1012), then after the extras: karl, lena, six chatter, eight Graph people

OnOfficeAction read(json parameters = json::object()) {
    OnOfficeAction a;
    a.parameters = std::move(parameters);
    return a;
}

const json& result(const json& reply, size_t i = 0) { return reply.at("response").at("results").at(i); }
int errorcode(const json& reply, size_t i = 0) { return result(reply, i).at("status").at("errorcode").get<int>(); }
const json& records(const json& reply, size_t i = 0) { return result(reply, i).at("data").at("records"); }

std::vector<int> ids(const json& reply, size_t i = 0) {
    std::vector<int> out;
    for (const json& r : records(reply, i)) out.push_back(r.at("id").get<int>());
    return out;
}

json filter(const std::string& field, const std::string& op, json val) {
    return json{{"filter", {{field, {{{"op", op}, {"val", std::move(val)}}}}}}};
}

std::string photo_of(const json& reply, int id) {
    for (const json& r : records(reply))
        if (r.at("id").get<int>() == id) {
            const json& p = r.at("elements").at("photo");
            return p.is_null() ? "<null>" : p.get<std::string>();
        }
    return "<absent>";
}

std::string path_of(const std::string& url, const Environment& env) {
    const std::string base = "http://127.0.0.1:" + std::to_string(env.httpd_port());
    return url.starts_with(base) ? url.substr(base.size()) : "<foreign " + url + ">";
}

}  // namespace

class OnOfficeIntegrationTest : public IntegrationFixture {
    CPPUNIT_TEST_SUITE(OnOfficeIntegrationTest);
    CPPUNIT_TEST(default_list_is_first_20_with_base64_photos);
    CPPUNIT_TEST(v1_signature_as_the_tagged_sdk_sends_it);
    CPPUNIT_TEST(any_version_segment);
    CPPUNIT_TEST(resourceid_selects_one_user);
    CPPUNIT_TEST(filters_on_nr);
    CPPUNIT_TEST(filters_on_user_fields);
    CPPUNIT_TEST(hostile_filter_values_match_nothing);
    CPPUNIT_TEST(lists_beyond_500_people);
    CPPUNIT_TEST(sort_by_name);
    CPPUNIT_TEST(large_photos_are_reduced_and_missing_are_null);
    CPPUNIT_TEST(linked_entry_photo_is_delivered);
    CPPUNIT_TEST(messenger_ids);
    CPPUNIT_TEST(photo_links_work_without_token);
    CPPUNIT_TEST(forged_and_expired_links_are_refused);
    CPPUNIT_TEST(every_error_code);
    CPPUNIT_TEST(one_failing_action_does_not_hide_others);
    CPPUNIT_TEST(v1_signature_covers_the_parameters_that_run);
    CPPUNIT_TEST(deep_json_is_an_envelope_error);
    CPPUNIT_TEST(body_over_the_cap_is_an_envelope_error);
    CPPUNIT_TEST(records_and_bytes_per_request_are_capped);
    CPPUNIT_TEST(linked_entry_stays_within_the_url);
    CPPUNIT_TEST(photo_links_answer_if_none_match_lists);
    CPPUNIT_TEST(a_link_served_twice_is_a_cache_hit);
    CPPUNIT_TEST(photo_links_negotiate_the_format);
    CPPUNIT_TEST(a_photo_written_elsewhere_is_seen_by_the_link_at_once);
    CPPUNIT_TEST_SUITE_END();

    json status_json() {
        HttpCall c;
        c.path = "/userphoto-status?json";
        HttpReply r = env().call(c);
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        return json::parse(r.body);
    }
    static uint64_t cache_count(const json& status, const char* key) {
        return status.at("cache").at(key).get<uint64_t>();
    }
    json links_for(int nr, const OnOfficeClient& client = kClient) {
        return client.send(env(), {read(json{{"photosAsLinks", true}, {"filter", filter("Nr", "=", nr)["filter"]}})});
    }
    HttpReply get(const std::string& path, std::vector<std::string> headers = {}) {
        HttpCall c;
        c.path = path;
        c.headers = std::move(headers);
        return env().call(c);
    }

    static std::string quote(const std::string& s) {
        std::string out = "'";
        for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        return out + "'";
    }
    void ldap(const std::string& tool, const std::string& ldif) {
        run("printf '%s\\n' " + quote(ldif) + " | " + tool + " -x -H ldap://127.0.0.1:" +
            std::to_string(env().ldap_port()) + " -D cn=admin,dc=example,dc=test -w secret >/dev/null");
    }
    void link_linda_to(const std::string& dn) {
        ldap("ldapmodify", "dn: uid=linda,ou=people,dc=example,dc=test\nchangetype: modify\nreplace: seeAlso\nseeAlso: " + dn + "\n");
    }

public:
    void setUp() override {
        IntegrationFixture::setUp();
        // Other suites restart slapd: a child's first search on a stale pooled connection retries
        // once (by design) and says so.
        allow_log("retrying once on a new connection");
    }

    void default_list_is_first_20_with_base64_photos() {
        json reply = kClient.send(env(), {read()});
        CPPUNIT_ASSERT_EQUAL(0, reply.at("status").at("errorcode").get<int>());
        CPPUNIT_ASSERT_EQUAL(0, errorcode(reply));
        std::vector<int> got = ids(reply);
        CPPUNIT_ASSERT_EQUAL(size_t(20), got.size());
        for (int i = 0; i < 20; ++i) CPPUNIT_ASSERT_EQUAL(1001 + i, got[i]);
        auto alice = userphoto::base64_decode(photo_of(reply, 1001));
        CPPUNIT_ASSERT(alice.has_value());
        CPPUNIT_ASSERT(jpeg_size(*alice).first > 0);
        CPPUNIT_ASSERT_EQUAL(std::string("user"), records(reply)[0].at("type").get<std::string>());
        CPPUNIT_ASSERT(result(reply).at("cacheable").get<bool>());
        CPPUNIT_ASSERT(result(reply).at("data").at("meta").at("cntabsolute").get<int>() > 500);
    }

    void v1_signature_as_the_tagged_sdk_sends_it() {
        OnOfficeAction a = read(json{{"photosAsLinks", false}, {"filter", filter("email", "like", "%/%")["filter"]}});
        a.hmac_version = 1;
        a.resourceid = "1002";
        json reply = kClient.send(env(), {a});
        CPPUNIT_ASSERT_EQUAL(0, errorcode(reply));
        CPPUNIT_ASSERT_EQUAL(size_t(0), records(reply).size());  // no address contains "/"
        a.parameters = json::object();
        reply = kClient.send(env(), {a});
        CPPUNIT_ASSERT_EQUAL(0, errorcode(reply));
        CPPUNIT_ASSERT(ids(reply) == std::vector<int>{1002});
        a.secret = "not the secret";
        CPPUNIT_ASSERT_EQUAL(137, errorcode(kClient.send(env(), {a})));
    }

    void any_version_segment() {
        for (const char* version : {"stable", "latest", "1.9"}) {
            OnOfficeClient client("itest-token", "itest-secret-0123456789", version);
            CPPUNIT_ASSERT_EQUAL(0, errorcode(client.send(env(), {read(json{{"listlimit", 1}})})));
        }
    }

    void resourceid_selects_one_user() {
        OnOfficeAction a = read();
        a.resourceid = "1003";
        json reply = kClient.send(env(), {a});
        CPPUNIT_ASSERT(ids(reply) == std::vector<int>{1003});
        CPPUNIT_ASSERT_EQUAL(std::string("1003"), result(reply).at("resourceid").get<std::string>());
        a.resourceid = "999999";
        CPPUNIT_ASSERT(ids(kClient.send(env(), {a})).empty());
    }

    void filters_on_nr() {
        auto got = [&](json params) { return ids(kClient.send(env(), {read(std::move(params))})); };
        CPPUNIT_ASSERT((got(filter("Nr", "in", {1003, 1001, 1005})) == std::vector<int>{1001, 1003, 1005}));
        CPPUNIT_ASSERT((got(filter("Nr", "is", 1004)) == std::vector<int>{1004}));
        CPPUNIT_ASSERT((got(filter("Nr", "=", "1004")) == std::vector<int>{1004}));
        CPPUNIT_ASSERT((got(filter("Nr", "between", {1007, 1009})) == std::vector<int>{1007, 1008, 1009}));
        const int last = 1000 + kFixedPeople + 520;  // everyone is numbered from 1001 without gaps
        auto from = [&](int first) {
            std::vector<int> v;
            for (int nr = first; nr <= last; ++nr) v.push_back(nr);
            return v;
        };
        CPPUNIT_ASSERT((got(filter("Nr", ">", last - 3)) == from(last - 2)));
        CPPUNIT_ASSERT((got(filter("Nr", ">=", last - 1)) == from(last - 1)));
        CPPUNIT_ASSERT((got(filter("Nr", "<", 1003)) == std::vector<int>{1001, 1002}));
        CPPUNIT_ASSERT((got(filter("Nr", "<=", 1002)) == std::vector<int>{1001, 1002}));
        json two = {{"filter", {{"Nr", {{{"op", ">="}, {"val", 1001}}, {{"op", "<="}, {"val", 1004}}}}}}};
        json not_in = filter("Nr", "not in", {1001, 1002});
        not_in["filter"]["Nr"].push_back({{"op", "<="}, {"val", 1004}});
        CPPUNIT_ASSERT((got(not_in) == std::vector<int>{1003, 1004}));
        json ne = filter("Nr", "!=", 1002);
        ne["filter"]["Nr"].push_back({{"op", "<>"}, {"val", 1003}});
        ne["filter"]["Nr"].push_back({{"op", "<"}, {"val", 1005}});
        CPPUNIT_ASSERT((got(ne) == std::vector<int>{1001, 1004}));
        CPPUNIT_ASSERT((got(two) == std::vector<int>{1001, 1002, 1003, 1004}));
    }

    void filters_on_user_fields() {
        auto got = [&](json params) { return ids(kClient.send(env(), {read(std::move(params))})); };
        CPPUNIT_ASSERT((got(filter("Vorname", "=", "Bob")) == std::vector<int>{1002}));
        CPPUNIT_ASSERT((got(filter("Nachname", "like", "Car%")) == std::vector<int>{1003}));
        CPPUNIT_ASSERT((got(filter("Name", "in", {"alice", "heidi"})) == std::vector<int>{1001, 1008}));
        CPPUNIT_ASSERT((got(filter("email", "is", "grace@example.test")) == std::vector<int>{1007}));
        CPPUNIT_ASSERT((got(filter("Kuerzel", "=", "HH")) == std::vector<int>{1008}));
        json both = filter("email", "like", "%@example.test");
        both["filter"]["Name"] = json::array({{{"op", "not like"}, {"val", "user%"}}});
        both["filter"]["Vorname"] = json::array({{{"op", "not in"}, {"val", {"Twin"}}}});
        both["listlimit"] = 500;
        CPPUNIT_ASSERT_EQUAL(size_t(kFixedPeople - 2), got(both).size());
    }

    void hostile_filter_values_match_nothing() {
        const std::vector<std::string> values{"*", "*)(uid=*", "alice)(|(uid=*", "\\2a", std::string(256, 'x')};
        for (const std::string& value : values) {
            json reply = kClient.send(env(), {read(filter("Name", "=", value))});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(value, 0, errorcode(reply));
            CPPUNIT_ASSERT_MESSAGE(value, records(reply).empty());
        }
        json nul = kClient.send(env(), {read(filter("Name", "like", std::string("al\0%", 4)))});
        CPPUNIT_ASSERT_EQUAL(0, errorcode(nul));
        CPPUNIT_ASSERT(records(nul).empty());
        CPPUNIT_ASSERT_EQUAL(255, errorcode(kClient.send(env(), {read(filter("Name", "=", std::string(257, 'x')))})));
    }

    void lists_beyond_500_people() {
        const int total = kFixedPeople + 520;
        json first = kClient.send(env(), {read(json{{"listlimit", 500}, {"photosAsLinks", true}})});
        CPPUNIT_ASSERT_EQUAL(0, errorcode(first));
        CPPUNIT_ASSERT_EQUAL(total, result(first).at("data").at("meta").at("cntabsolute").get<int>());
        std::vector<int> a = ids(first);
        CPPUNIT_ASSERT_EQUAL(size_t(500), a.size());
        json rest = kClient.send(env(), {read(json{{"listlimit", 500}, {"listoffset", 500}, {"photosAsLinks", true}})});
        std::vector<int> b = ids(rest);
        CPPUNIT_ASSERT_EQUAL(size_t(total - 500), b.size());
        std::set<int> all(a.begin(), a.end());
        all.insert(b.begin(), b.end());
        CPPUNIT_ASSERT_EQUAL(size_t(total), all.size());
        CPPUNIT_ASSERT_EQUAL(1001, *all.begin());
        CPPUNIT_ASSERT_EQUAL(1000 + total, *all.rbegin());
        // listlimit above 500 is 500; descending by Nr starts at the top.
        json desc = kClient.send(env(), {read(json{{"listlimit", 9999}, {"sortby", {{"Nr", "DESC"}}}})});
        std::vector<int> d = ids(desc);
        CPPUNIT_ASSERT_EQUAL(size_t(500), d.size());
        CPPUNIT_ASSERT_EQUAL(1000 + total, d.front());
        CPPUNIT_ASSERT_EQUAL(1000 + total - 499, d.back());
        // 500 ids in one "in" filter: fine, with base64 photos.
        json ids500 = json::array();
        for (int i = 0; i < 500; ++i) ids500.push_back(1013 + i);
        json big = filter("Nr", "in", ids500);
        big["listlimit"] = 500;
        json reply = kClient.send(env(), {read(big)});
        CPPUNIT_ASSERT_EQUAL(0, errorcode(reply));
        CPPUNIT_ASSERT_EQUAL(size_t(500), records(reply).size());
        CPPUNIT_ASSERT(!records(reply)[499].at("elements").at("photo").is_null());
    }

    void sort_by_name() {
        json params = filter("Nr", "<=", 1004);
        params["sortby"] = {{"Vorname", "DESC"}};
        CPPUNIT_ASSERT((ids(kClient.send(env(), {read(params)})) == std::vector<int>{1004, 1003, 1002, 1001}));
        params["sortby"] = {{"Gehalt", "ASC"}};
        CPPUNIT_ASSERT_EQUAL(75, errorcode(kClient.send(env(), {read(params)})));
    }

    void large_photos_are_reduced_and_missing_are_null() {
        json reply = kClient.send(env(), {read(filter("Nr", "in", {1004, 1005, 1006, 1009}))});
        CPPUNIT_ASSERT_EQUAL(std::string("<null>"), photo_of(reply, 1004));  // corrupt
        CPPUNIT_ASSERT_EQUAL(std::string("<null>"), photo_of(reply, 1005));  // none
        CPPUNIT_ASSERT_EQUAL(std::string("<null>"), photo_of(reply, 1006));  // decompression bomb
        auto ivan = userphoto::base64_decode(photo_of(reply, 1009));           // 1296 px stored
        CPPUNIT_ASSERT(ivan.has_value());
        CPPUNIT_ASSERT((jpeg_size(*ivan) == std::pair<int, int>{648, 648}));
    }

    void linked_entry_photo_is_delivered() {
        json reply = kClient.send(env(), {read(filter("Nr", "in", {1002, 1012}))});
        const std::string bob = photo_of(reply, 1002), lena = photo_of(reply, 1012);
        CPPUNIT_ASSERT(bob.size() > 100);
        CPPUNIT_ASSERT_EQUAL(bob, lena);
    }

    // UserPhotoLinkedEntryAttribute follows a DN only to entries the URL covers: under its base and
    // scope, and matching its filter. Elsewhere (anything the bind DN can read) gives no photo.
    void linked_entry_stays_within_the_url() {
        const std::string photo = "file://" + env().work_dir() + "/photos/square648.jpg";
        ldap("ldapadd", "dn: cn=outsider,dc=example,dc=test\nobjectClass: inetOrgPerson\ncn: outsider\nsn: Outsider\n"
                        "jpegPhoto:< " + photo + "\n");
        ldap("ldapadd", "dn: cn=kiosk,ou=people,dc=example,dc=test\nobjectClass: organizationalRole\n"
                        "objectClass: userPhotoPerson\ncn: kiosk\nthumbnailPhoto:< " + photo + "\n");
        std::vector<std::string> photos;
        try {
            for (const char* dn : {"cn=outsider,dc=example,dc=test", "cn=kiosk,ou=people,dc=example,dc=test",
                                   "CN=Outsider, DC=Example,DC=Test", "uid=bob,ou=people,dc=example,dc=test"}) {
                link_linda_to(dn);
                photos.push_back(photo_of(kClient.send(env(), {read(filter("Nr", "=", 1012))}), 1012));
            }
        } catch (...) {
            link_linda_to("uid=bob,ou=people,dc=example,dc=test");
            throw;
        }
        CPPUNIT_ASSERT_EQUAL(std::string("<null>"), photos[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("<null>"), photos[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("<null>"), photos[2]);
        CPPUNIT_ASSERT(photos[3].size() > 100);  // back to bob: inside, matching
    }

    // RFC 9110 on photo links: any tag of a list, weak tags and `*`.
    void photo_links_answer_if_none_match_lists() {
        json links = kClient.send(env(), {read(json{{"photosAsLinks", true}, {"filter", filter("Nr", "=", 1001)["filter"]}})});
        HttpCall get;
        get.path = path_of(photo_of(links, 1001), env());
        const std::string etag = env().call(get).header("ETag");
        CPPUNIT_ASSERT(!etag.empty());
        for (const std::string& sent : {"\"x\", " + etag, "W/" + etag, std::string("*")}) {
            get.headers = {"If-None-Match: " + sent};
            CPPUNIT_ASSERT_EQUAL_MESSAGE(sent, 304L, env().call(get).status);
        }
        get.headers = {"If-None-Match: \"x\", W/\"y\""};
        CPPUNIT_ASSERT_EQUAL(200L, env().call(get).status);
    }

    void messenger_ids() {
        json reply = kClient.send(env(), {read(json{{"messengerUIds", {6003, 6001}}, {"filter", filter("Nr", "=", 1002)["filter"]}})});
        CPPUNIT_ASSERT_EQUAL(0, errorcode(reply));
        CPPUNIT_ASSERT((ids(reply) == std::vector<int>{1001, 1003}));
        CPPUNIT_ASSERT_EQUAL(6001, records(reply)[0].at("elements").at("messengerUId").get<int>());
        CPPUNIT_ASSERT_EQUAL(6003, records(reply)[1].at("elements").at("messengerUId").get<int>());
        json all = kClient.send(env(), {read(json{{"messengerUIds", json::array()}, {"listlimit", 3}})});
        CPPUNIT_ASSERT_EQUAL(3, static_cast<int>(records(all).size()));
        CPPUNIT_ASSERT_EQUAL(6001, records(all)[0].at("elements").at("messengerUId").get<int>());
    }

    void photo_links_work_without_token() {
        json bytes = kClient.send(env(), {read(filter("Nr", "in", {1001, 1005, 1012}))});
        json links = kClient.send(env(), {read(json{{"photosAsLinks", true}, {"filter", filter("Nr", "in", {1001, 1005, 1012})["filter"]}})});
        CPPUNIT_ASSERT_EQUAL(std::string("<null>"), photo_of(links, 1005));
        for (int id : {1001, 1012}) {
            const std::string url = photo_of(links, id);
            CPPUNIT_ASSERT_MESSAGE(url, url.starts_with("http://127.0.0.1:"));
            HttpCall get;
            get.path = path_of(url, env());
            HttpReply photo = env().call(get);
            CPPUNIT_ASSERT_EQUAL(200L, photo.status);
            CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), photo.header("Content-Type"));
            CPPUNIT_ASSERT_EQUAL(*userphoto::base64_decode(photo_of(bytes, id)), photo.body);
            get.headers = {"If-None-Match: " + photo.header("ETag")};
            CPPUNIT_ASSERT_EQUAL(304L, env().call(get).status);
        }
        // The same photo keeps its URL between calls (clients cache by URL).
        json again = kClient.send(env(), {read(json{{"photosAsLinks", true}, {"filter", filter("Nr", "in", {1001})["filter"]}})});
        CPPUNIT_ASSERT_EQUAL(photo_of(links, 1001), photo_of(again, 1001));
    }

    void forged_and_expired_links_are_refused() {
        json links = kClient.send(env(), {read(json{{"photosAsLinks", true}, {"resourceid", ""}, {"filter", filter("Nr", "=", 1001)["filter"]}})});
        const std::string path = path_of(photo_of(links, 1001), env());
        auto status = [&](const std::string& p) {
            HttpCall get;
            get.path = p;
            return env().call(get).status;
        };
        CPPUNIT_ASSERT_EQUAL(200L, status(path));
        std::string forged = path;
        forged[forged.size() - 5] = forged[forged.size() - 5] == 'A' ? 'B' : 'A';
        CPPUNIT_ASSERT_EQUAL(403L, status(forged));
        std::string other = path;
        other.replace(other.find("/1001/"), 6, "/1002/");  // another person, same signature
        CPPUNIT_ASSERT_EQUAL(403L, status(other));
        // Correctly signed but expired, and correctly signed for an old photo version.
        const std::string version = path.substr(path.find("/1001/") + 6, 8);
        userphoto::onoffice::PhotoLink expired{1001, version, static_cast<int64_t>(std::time(nullptr)) - 10};
        CPPUNIT_ASSERT_EQUAL(403L, status("/api/" + userphoto::onoffice::link_path(expired, kLinkSecret)));
        userphoto::onoffice::PhotoLink old{1001, "00000000", static_cast<int64_t>(std::time(nullptr)) + 3600};
        CPPUNIT_ASSERT_EQUAL(404L, status("/api/" + userphoto::onoffice::link_path(old, kLinkSecret)));
        userphoto::onoffice::PhotoLink valid{1001, version, static_cast<int64_t>(std::time(nullptr)) + 3600};
        CPPUNIT_ASSERT_EQUAL(200L, status("/api/" + userphoto::onoffice::link_path(valid, kLinkSecret)));
        CPPUNIT_ASSERT_EQUAL(403L, status("/api/photo/1001/" + version + "/99999999999/AAAAAAAAAAAAAAAAAAAAAA.jpg"));
    }

    void every_error_code() {
        auto top = [&](const std::string& body) {
            HttpReply reply = kClient.post_raw(env(), body);
            CPPUNIT_ASSERT_EQUAL(200L, reply.status);
            return json::parse(reply.body).at("status").at("errorcode").get<int>();
        };
        CPPUNIT_ASSERT_EQUAL(9, top(""));
        CPPUNIT_ASSERT_EQUAL(4, top("{\"token\":"));
        std::string no_token = kClient.body({read()});
        no_token.replace(no_token.find("\"token\":\"itest-token\","), 22, "");
        CPPUNIT_ASSERT_EQUAL(13, top(no_token));
        CPPUNIT_ASSERT_EQUAL(22, errorcode(OnOfficeClient("nobody", "x").send(env(), {read()})));

        OnOfficeAction unknown_action = read();
        unknown_action.actionid = "urn:onoffice-de-ns:smart:2.5:smartml:action:delete";
        OnOfficeAction unknown_resource = read();
        unknown_resource.resourcetype = "estate";
        OnOfficeAction stale = read();
        stale.timestamp = std::time(nullptr) - 600;
        OnOfficeAction bad_hmac = read();
        bad_hmac.secret = "wrong";
        json ids501 = json::array();
        for (int i = 0; i < 501; ++i) ids501.push_back(1001 + i);
        json reply = kClient.send(env(), {unknown_action, unknown_resource, read(filter("Gehalt", "=", 1)),
                                          read(filter("Nr", "regexp", 1)), stale, bad_hmac, read(filter("Nr", "in", ids501))});
        const std::vector<int> expected{23, 25, 75, 142, 136, 137, 302};
        for (size_t i = 0; i < expected.size(); ++i) CPPUNIT_ASSERT_EQUAL(expected[i], errorcode(reply, i));
        CPPUNIT_ASSERT_EQUAL(97, reply.at("status").at("errorcode").get<int>());

        OnOfficeClient noread("itest-noread-token", "itest-noread-secret");
        CPPUNIT_ASSERT_EQUAL(170, errorcode(noread.send(env(), {read()})));
        allow_log("unknown token");
    }

    void one_failing_action_does_not_hide_others() {
        OnOfficeAction bad = read();
        bad.resourcetype = "estate";
        json reply = kClient.send(env(), {read(filter("Nr", "=", 1001)), bad, read(filter("Nr", "=", 1002))});
        CPPUNIT_ASSERT_EQUAL(size_t(3), reply.at("response").at("results").size());
        CPPUNIT_ASSERT((ids(reply, 0) == std::vector<int>{1001}));
        CPPUNIT_ASSERT_EQUAL(25, errorcode(reply, 1));
        CPPUNIT_ASSERT((ids(reply, 2) == std::vector<int>{1002}));
    }

    // A v1 request for empty parameters (a MAC anyone may have captured), with other parameters
    // spliced into the body after signing.
    static std::string spliced_v1(const std::string& parameters_text, const std::string& prefix = "") {
        OnOfficeAction a = read(json::array());
        a.hmac_version = 1;
        std::string body = kClient.body({a});
        const std::string empty = "\"parameters\":[]";
        body.replace(body.find(empty), empty.size(), parameters_text);
        return prefix + body;
    }

    json post(const std::string& body, const OnOfficeClient& client = kClient) {
        HttpReply reply = client.post_raw(env(), body);
        CPPUNIT_ASSERT_EQUAL(200L, reply.status);
        return json::parse(reply.body);
    }

    void v1_signature_covers_the_parameters_that_run() {
        const std::string all = "{\"listlimit\":500,\"photosAsLinks\":true}";
        CPPUNIT_ASSERT_EQUAL(0, errorcode(post(spliced_v1("\"parameters\":[]", "\xEF\xBB\xBF"))));
        CPPUNIT_ASSERT_EQUAL(137, errorcode(post(spliced_v1("\"parameters\":" + all, "\xEF\xBB\xBF"))));
        CPPUNIT_ASSERT_EQUAL(137, errorcode(post(spliced_v1("\"param\\u0065ters\":" + all))));
        CPPUNIT_ASSERT_EQUAL(137, errorcode(post(spliced_v1("\"parameters\":[],\"parameters\":" + all))));
        CPPUNIT_ASSERT_EQUAL(137, errorcode(post(spliced_v1("\"parameters\":[],\"param\\u0065ters\":" + all))));
        // The signed (empty) parameters last: they are what runs, the default page of 20.
        json reply = post(spliced_v1("\"param\\u0065ters\":" + all + ",\"parameters\":[]"));
        CPPUNIT_ASSERT_EQUAL(0, errorcode(reply));
        CPPUNIT_ASSERT_EQUAL(size_t(20), records(reply).size());
        allow_log("v1 signature");
    }

    void deep_json_is_an_envelope_error() {
        const size_t depth = 30000;  // 60 KB, within the default body cap
        std::string body = kClient.body({read()});
        body.replace(body.find("\"parameters\":[]"), 15, "\"parameters\":" + std::string(depth, '[') + std::string(depth, ']'));
        json reply = post(body);
        CPPUNIT_ASSERT_EQUAL(4, reply.at("status").at("errorcode").get<int>());
        CPPUNIT_ASSERT_EQUAL(0, errorcode(kClient.send(env(), {read()})));  // the child is alive and well
        allow_log("nested deeper");
    }

    void body_over_the_cap_is_an_envelope_error() {
        const OnOfficeClient capped("itest-token", "itest-secret-0123456789", "capped/stable");
        std::vector<OnOfficeAction> actions(30, read(filter("Nr", "=", 1001)));  // ~9 KB, over the 4k cap
        HttpReply reply = capped.post_raw(env(), capped.body(actions));
        CPPUNIT_ASSERT_EQUAL(200L, reply.status);
        CPPUNIT_ASSERT(reply.body.starts_with("{"));
        json j = json::parse(reply.body);
        CPPUNIT_ASSERT_EQUAL(413, j.at("status").at("errorcode").get<int>());
        CPPUNIT_ASSERT_EQUAL(413, j.at("status").at("code").get<int>());
        CPPUNIT_ASSERT(j.at("response").at("results").is_array());
        // Under the cap the same location answers normally.
        CPPUNIT_ASSERT_EQUAL(0, errorcode(capped.send(env(), {read(filter("Nr", "=", 1001))})));
        allow_log("UserPhotoMaxRequestBody");
    }

    void records_and_bytes_per_request_are_capped() {
        const OnOfficeClient capped("itest-token", "itest-secret-0123456789", "capped/stable");
        const json links = json{{"photosAsLinks", true}};
        // 30 records per request: 20 + 20 is too many, 20 + 10 is fine.
        json reply = capped.send(env(), {read(links), read(links)});
        CPPUNIT_ASSERT_EQUAL(0, errorcode(reply, 0));
        CPPUNIT_ASSERT_EQUAL(413, errorcode(reply, 1));
        CPPUNIT_ASSERT_EQUAL(97, reply.at("status").at("errorcode").get<int>());
        json ten = links;
        ten["listlimit"] = 10;
        reply = capped.send(env(), {read(links), read(ten)});
        CPPUNIT_ASSERT_EQUAL(0, errorcode(reply, 1));
        CPPUNIT_ASSERT_EQUAL(size_t(10), records(reply, 1).size());
        json many = links;
        many["listlimit"] = 31;
        CPPUNIT_ASSERT_EQUAL(413, errorcode(capped.send(env(), {read(many)})));
        // 16k of records: 20 links fit, 20 base64 photos do not.
        CPPUNIT_ASSERT_EQUAL(413, errorcode(capped.send(env(), {read()})));
        CPPUNIT_ASSERT_EQUAL(0, errorcode(kClient.send(env(), {read()})));
        allow_log("cap");
    }

    // Links and base64 photos go through the server's photo cache, as every other route does.
    void a_link_served_twice_is_a_cache_hit() {
        const std::string path = path_of(photo_of(links_for(1003), 1003), env());
        HttpReply first = get(path);
        CPPUNIT_ASSERT_EQUAL(200L, first.status);
        const json before = status_json();
        HttpReply second = get(path);
        const json after = status_json();
        CPPUNIT_ASSERT_EQUAL(200L, second.status);
        CPPUNIT_ASSERT_EQUAL(first.body, second.body);
        CPPUNIT_ASSERT_EQUAL(first.header("ETag"), second.header("ETag"));
        CPPUNIT_ASSERT_EQUAL(cache_count(before, "directory_reads"), cache_count(after, "directory_reads"));
        CPPUNIT_ASSERT_EQUAL(cache_count(before, "renders"), cache_count(after, "renders"));
        CPPUNIT_ASSERT(cache_count(after, "local_hits") + cache_count(after, "shared_hits") >
                       cache_count(before, "local_hits") + cache_count(before, "shared_hits"));
        // Revalidation: 304 with the same tag, no body.
        HttpReply not_modified = get(path, {"If-None-Match: " + first.header("ETag")});
        CPPUNIT_ASSERT_EQUAL(304L, not_modified.status);
        CPPUNIT_ASSERT_EQUAL(first.header("ETag"), not_modified.header("ETag"));
        CPPUNIT_ASSERT(not_modified.body.empty());
        // The base64 photo of a list: the same bytes, from the same cache.
        const json before_list = status_json();
        auto listed = userphoto::base64_decode(photo_of(kClient.send(env(), {read(filter("Nr", "=", 1003))}), 1003));
        CPPUNIT_ASSERT(listed.has_value());
        CPPUNIT_ASSERT(*listed == first.body);
        CPPUNIT_ASSERT_EQUAL(cache_count(before_list, "renders"), cache_count(status_json(), "renders"));
    }

    // Under /api/formats (UserPhotoFormats jpeg webp avif) links answer by Accept, with a tag per
    // format and Vary: Accept; without it (/api) JPEG and no Vary, whatever is accepted.
    void photo_links_negotiate_the_format() {
        const std::string chrome = "Accept: image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
        const std::string plain_path = path_of(photo_of(links_for(1001), 1001), env());
        HttpReply plain = get(plain_path, {chrome});
        CPPUNIT_ASSERT_EQUAL(200L, plain.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), plain.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string(), plain.header("Vary"));

        const OnOfficeClient formats("itest-token", "itest-secret-0123456789", "formats/stable");
        const std::string path = path_of(photo_of(links_for(1001, formats), 1001), env());
        CPPUNIT_ASSERT_MESSAGE(path, path.starts_with("/api/formats/photo/1001/"));
        struct Case {
            std::string accept;
            userphoto::ImageFormat format;
        };
        std::set<std::string> tags;
        for (const Case& c : {Case{chrome, userphoto::ImageFormat::Avif},
                              Case{"Accept: image/webp,*/*", userphoto::ImageFormat::Webp},
                              Case{"Accept: */*", userphoto::ImageFormat::Jpeg},
                              Case{"Accept: application/x-unknown", userphoto::ImageFormat::Jpeg}}) {
            HttpReply r = get(path, {c.accept});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.accept, 200L, r.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.accept, std::string(userphoto::media_type(c.format)), r.header("Content-Type"));
            CPPUNIT_ASSERT_MESSAGE(c.accept, userphoto::has_signature(c.format, r.body));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.accept, std::string("Accept"), r.header("Vary"));
            if (c.format == userphoto::ImageFormat::Jpeg) {
                CPPUNIT_ASSERT(r.body == plain.body);  // the same photo as stored
                CPPUNIT_ASSERT_EQUAL(plain.header("ETag"), r.header("ETag"));
            }
            tags.insert(r.header("ETag"));
            // Each format's own tag revalidates it.
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.accept, 304L, get(path, {c.accept, "If-None-Match: " + r.header("ETag")}).status);
        }
        CPPUNIT_ASSERT_EQUAL(size_t(3), tags.size());  // one tag per format
        // A JPEG tag is no 304 for AVIF.
        CPPUNIT_ASSERT_EQUAL(200L, get(path, {chrome, "If-None-Match: " + plain.header("ETag")}).status);
    }

    // A photo written through Salesforce shows in the onOffice list and behind its new link at
    // once (the server's change clock), though the old one was cached; the old link is dead.
    void a_photo_written_elsewhere_is_seen_by_the_link_at_once() {
        const std::vector<int> found = ids(kClient.send(env(), {read(filter("email", "=", "lena@example.test"))}));
        CPPUNIT_ASSERT_EQUAL(size_t(1), found.size());
        const int lena = found[0];
        const std::string old_link = path_of(photo_of(links_for(lena), lena), env());
        HttpReply before = get(old_link);
        CPPUNIT_ASSERT_EQUAL(200L, before.status);
        CPPUNIT_ASSERT_EQUAL(200L, get(old_link).status);  // cached now

        std::ifstream file(env().work_dir() + "/photos/portrait.jpg", std::ios::binary);
        std::stringstream picture;
        picture << file.rdbuf();
        CPPUNIT_ASSERT(picture.str().size() > 100);
        const std::string boundary = "----onoffice-test-boundary-5d2e";
        HttpCall upload;
        upload.method = "POST";
        upload.path = "/services/data/v50.0/connect/user-profiles/me/photo";
        upload.headers = {bearer("lena"), "Content-Type: multipart/form-data; boundary=" + boundary};
        upload.body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"fileUpload\"; filename=\"p.jpg\"\r\n"
                      "Content-Type: application/octet-stream\r\n\r\n" + picture.str() + "\r\n--" + boundary + "--\r\n";
        HttpReply posted = env().call(upload);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(posted.body, 201L, posted.status);

        const std::string new_link = path_of(photo_of(links_for(lena), lena), env());
        CPPUNIT_ASSERT(new_link != old_link);
        HttpReply after = get(new_link);
        CPPUNIT_ASSERT_EQUAL(200L, after.status);
        CPPUNIT_ASSERT(after.body != before.body);
        CPPUNIT_ASSERT(after.header("ETag") != before.header("ETag"));
        auto listed = userphoto::base64_decode(photo_of(kClient.send(env(), {read(filter("Nr", "=", lena))}), lena));
        CPPUNIT_ASSERT(listed.has_value());
        CPPUNIT_ASSERT(*listed == after.body);
        CPPUNIT_ASSERT_EQUAL(404L, get(old_link).status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OnOfficeIntegrationTest);
