// The onOffice handler with a fake people directory: envelope rendering, every error envelope,
// one result per action in order, parameters reaching the query, links.
#include <cppunit/extensions/HelperMacros.h>

#include <nlohmann/json.hpp>

#include "protocol/onoffice/errors.h"
#include "protocol/onoffice/handler.h"
#include "protocol/onoffice/hmac.h"
#include "protocol/onoffice/photo_link.h"
#include "service/people_filter.h"
#include "util/base64.h"

using namespace userphoto;
using namespace userphoto::onoffice;
using nlohmann::json;

namespace {

const std::time_t kNow = 1700000000;
const char* kToken = "tok-1";
const char* kSecret = "sec-1";

class FakePeople : public PeopleDirectory {
public:
    PeopleAttributes attrs;
    PeopleQuery last;
    int lists = 0;
    std::string last_filter() const { return people_ldap_filter(last.criteria, attrs).ldap; }
    bool down = false;
    FakePeople() { attrs.messenger = "msgId"; }
    const PeopleAttributes& attributes() const override { return attrs; }
    PeoplePage list(const PeopleQuery& query, const Logger&) override {
        last = query;
        ++lists;
        PeoplePage page;
        if (down) {
            page.status = PeopleStatus::Unavailable;
            return page;
        }
        page.total = 3;
        PersonPhoto a{1001, 5001, true, "0A0B0C0D", query.photo_bytes ? std::string("\xFF\xD8jpeg") : std::string()};
        PersonPhoto b{1002, std::nullopt, false, "", ""};
        page.people = {a, b};
        return page;
    }
    PhotoByNumber photo_by_number(int64_t number, const Logger&) override {
        PhotoByNumber r;
        if (number == 1001) {
            r.found = true;
            r.photo = PersonPhoto{1001, std::nullopt, true, "0A0B0C0D", "\xFF\xD8jpeg"};
        }
        return r;
    }
};

json action(const json& parameters, const std::string& resourcetype = "userphoto",
            const std::string& actionid = kReadAction, int64_t ts = kNow, const std::string& secret = kSecret) {
    return json{{"actionid", actionid}, {"identifier", ""}, {"resourceid", ""}, {"resourcetype", resourcetype},
                {"parameters", parameters}, {"timestamp", ts}, {"hmac_version", 2},
                {"hmac", hmac_v2(secret, std::to_string(ts), kToken, resourcetype, actionid)}};
}

std::string envelope(const std::vector<json>& actions, const std::string& token = kToken) {
    return json{{"token", token}, {"request", {{"actions", actions}}}}.dump();
}

OnOfficeOptions options() {
    OnOfficeOptions o;
    o.users = {ApiUser{kToken, kSecret, true}, ApiUser{"tok-noread", "sec-2", false}};
    o.link_secret = "link-secret";
    return o;
}

json call(FakePeople& people, const std::string& body, const OnOfficeOptions& o = options()) {
    HttpRequest r;
    r.method = "POST";
    r.path = "/api/stable/api.php";
    r.body = body;
    r.base_url = "http://photos.example";
    r.now = kNow;
    HttpResponse response = handle_onoffice(r, people, o, Logger());
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("application/json; charset=utf-8"), response.content_type);
    return json::parse(response.body);
}

int top_code(const json& j) { return j["status"]["errorcode"].get<int>(); }
int action_code(const json& j, size_t i) { return j["response"]["results"][i]["status"]["errorcode"].get<int>(); }

}  // namespace

class OnOfficeEnvelopeTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OnOfficeEnvelopeTest);
    CPPUNIT_TEST(success_envelope_shape);
    CPPUNIT_TEST(parameters_reach_the_query);
    CPPUNIT_TEST(links_instead_of_bytes);
    CPPUNIT_TEST(envelope_errors);
    CPPUNIT_TEST(action_errors_do_not_hide_other_results);
    CPPUNIT_TEST(authentication_errors);
    CPPUNIT_TEST(v1_signature_over_raw_parameters);
    CPPUNIT_TEST(directory_down_is_500_in_the_envelope);
    CPPUNIT_TEST(link_serving);
    CPPUNIT_TEST(routing);
    CPPUNIT_TEST_SUITE_END();

public:
    void success_envelope_shape() {
        FakePeople people;
        json j = call(people, envelope({action(json::array())}));
        CPPUNIT_ASSERT_EQUAL(0, top_code(j));
        CPPUNIT_ASSERT_EQUAL(200, j["status"]["code"].get<int>());
        const json& r = j["response"]["results"][0];
        CPPUNIT_ASSERT_EQUAL(std::string(kReadAction), r["actionid"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(std::string("userphoto"), r["resourcetype"].get<std::string>());
        CPPUNIT_ASSERT(r["cacheable"].get<bool>());
        CPPUNIT_ASSERT(r.contains("identifier") && r.contains("resourceid"));
        CPPUNIT_ASSERT_EQUAL(3, r["data"]["meta"]["cntabsolute"].get<int>());
        const json& recs = r["data"]["records"];
        CPPUNIT_ASSERT_EQUAL(size_t(2), recs.size());
        CPPUNIT_ASSERT_EQUAL(1001, recs[0]["id"].get<int>());
        CPPUNIT_ASSERT_EQUAL(std::string("user"), recs[0]["type"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(base64_encode("\xFF\xD8jpeg"), recs[0]["elements"]["photo"].get<std::string>());
        CPPUNIT_ASSERT(recs[1]["elements"]["photo"].is_null());
        CPPUNIT_ASSERT(!recs[0]["elements"].contains("messengerUId"));
        CPPUNIT_ASSERT_EQUAL(size_t(20), people.last.limit);
        CPPUNIT_ASSERT_EQUAL(std::string(""), people.last_filter());
    }

    void parameters_reach_the_query() {
        FakePeople people;
        call(people, envelope({action({{"filter", {{"Nr", {{{"op", ">"}, {"val", 5}}}}}},
                                       {"listlimit", 900}, {"listoffset", "7"}, {"sortby", {{"Nachname", "DESC"}}}})}));
        CPPUNIT_ASSERT_EQUAL(size_t(500), people.last.limit);
        CPPUNIT_ASSERT_EQUAL(size_t(7), people.last.offset);
        CPPUNIT_ASSERT_EQUAL(std::string("sn"), people.last.sort_attribute);
        CPPUNIT_ASSERT(people.last.descending);

        json a = action({{"filter", {{"Nr", {{{"op", ">="}, {"val", 5}}}}}}});
        a["resourceid"] = 1001;
        a["hmac"] = hmac_v2(kSecret, std::to_string(kNow), kToken, "userphoto", kReadAction);
        json j = call(people, envelope({a}));
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(std::string("(&(uidNumber>=5)(uidNumber=1001))"), people.last_filter());
        CPPUNIT_ASSERT_EQUAL(1001, j["response"]["results"][0]["resourceid"].get<int>());  // echoed as sent

        j = call(people, envelope({action({{"messengerUIds", {5001, "5002"}}, {"filter", {{"Nr", "ignored"}}}})}));
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(std::string("(|(msgId=5001)(msgId=5002))"), people.last_filter());
        CPPUNIT_ASSERT_EQUAL(5001, j["response"]["results"][0]["data"]["records"][0]["elements"]["messengerUId"].get<int>());
        call(people, envelope({action({{"messengerUIds", json::array()}})}));
        CPPUNIT_ASSERT_EQUAL(std::string("(msgId=*)"), people.last_filter());
    }

    void links_instead_of_bytes() {
        FakePeople people;
        json j = call(people, envelope({action({{"photosAsLinks", true}})}));
        CPPUNIT_ASSERT(!people.last.photo_bytes);
        std::string url = j["response"]["results"][0]["data"]["records"][0]["elements"]["photo"].get<std::string>();
        CPPUNIT_ASSERT(url.starts_with("http://photos.example/api/photo/1001/0A0B0C0D/"));
        auto link = verify_link(url.substr(std::string("http://photos.example/api/photo/").size()), "link-secret");
        CPPUNIT_ASSERT(link.has_value());
        CPPUNIT_ASSERT(link->expires >= kNow + 86400);
    }

    void envelope_errors() {
        FakePeople people;
        CPPUNIT_ASSERT_EQUAL(code::kEmptyRequest, top_code(call(people, "")));
        CPPUNIT_ASSERT_EQUAL(code::kEmptyRequest, top_code(call(people, " \r\n")));
        CPPUNIT_ASSERT_EQUAL(code::kBadJson, top_code(call(people, "{\"token\":")));
        CPPUNIT_ASSERT_EQUAL(code::kBadJson, top_code(call(people, "token=abc&x=1")));
        CPPUNIT_ASSERT_EQUAL(code::kBadJson, top_code(call(people, "{\"token\":\"\xff\xfe\"}")));
        json j = call(people, json{{"request", {{"actions", {action(json::array())}}}}}.dump());
        CPPUNIT_ASSERT_EQUAL(code::kToken, top_code(j));
        CPPUNIT_ASSERT_EQUAL(code::kToken, action_code(j, 0));  // still one result per action
        CPPUNIT_ASSERT_EQUAL(code::kRequest, top_code(call(people, json{{"token", kToken}}.dump())));
        CPPUNIT_ASSERT_EQUAL(code::kActions, top_code(call(people, json{{"token", kToken}, {"request", json::object()}}.dump())));
        j = call(people, envelope({action(json::array())}, "nobody"));
        CPPUNIT_ASSERT_EQUAL(code::kNotAuthenticated, top_code(j));
        CPPUNIT_ASSERT_EQUAL(code::kNotAuthenticated, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(0, people.lists);
        CPPUNIT_ASSERT_EQUAL(std::string("Invalid or malformed JSON"),
                             call(people, "nope")["status"]["message"].get<std::string>());
    }

    void action_errors_do_not_hide_other_results() {
        FakePeople people;
        json bad_field = action({{"filter", {{"Gehalt", {{{"op", "="}, {"val", 1}}}}}}});
        json bad_op = action({{"filter", {{"Nr", {{{"op", "~"}, {"val", 1}}}}}}});
        json ids = json::array();
        for (int i = 0; i < 501; ++i) ids.push_back(i);
        json too_many = action({{"filter", {{"Nr", {{{"op", "in"}, {"val", ids}}}}}}});
        json j = call(people, envelope({action(json::array()), action(json::array(), "estate"), bad_field, bad_op,
                                        action(json::array(), "userphoto", "urn:onoffice-de-ns:smart:2.5:smartml:action:create"),
                                        too_many, action(json::array())}));
        CPPUNIT_ASSERT_EQUAL(code::kErrorInAction, top_code(j));
        CPPUNIT_ASSERT_EQUAL(std::string("Error in action"), j["status"]["message"].get<std::string>());
        const json& results = j["response"]["results"];
        CPPUNIT_ASSERT_EQUAL(size_t(7), results.size());
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(code::kUnknownResource, action_code(j, 1));
        CPPUNIT_ASSERT_EQUAL(code::kUnknownField, action_code(j, 2));
        CPPUNIT_ASSERT_EQUAL(code::kUnknownOperator, action_code(j, 3));
        CPPUNIT_ASSERT_EQUAL(code::kUnknownAction, action_code(j, 4));
        CPPUNIT_ASSERT_EQUAL(code::kTooManyIds, action_code(j, 5));
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 6));
        CPPUNIT_ASSERT_EQUAL(std::string("estate"), results[1]["resourcetype"].get<std::string>());
        CPPUNIT_ASSERT(results[1]["data"].is_array() && results[1]["data"].empty());
        CPPUNIT_ASSERT(!results[1]["cacheable"].get<bool>());
        CPPUNIT_ASSERT_EQUAL(400, results[1]["status"]["code"].get<int>());
        CPPUNIT_ASSERT(results[6]["data"]["records"].is_array());
    }

    void authentication_errors() {
        FakePeople people;
        json stale = action(json::array(), "userphoto", kReadAction, kNow - 121);
        json fresh_edge = action(json::array(), "userphoto", kReadAction, kNow - 120);
        json future = action(json::array(), "userphoto", kReadAction, kNow + 121);
        json wrong = action(json::array(), "userphoto", kReadAction, kNow, "another secret");
        json no_ts = action(json::array());
        no_ts.erase("timestamp");
        json string_ts = action(json::array());
        string_ts["timestamp"] = std::to_string(kNow);
        string_ts["hmac_version"] = "2";
        json j = call(people, envelope({stale, fresh_edge, future, wrong, no_ts, string_ts}));
        CPPUNIT_ASSERT_EQUAL(code::kStaleTimestamp, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 1));
        CPPUNIT_ASSERT_EQUAL(code::kStaleTimestamp, action_code(j, 2));
        CPPUNIT_ASSERT_EQUAL(code::kBadHmac, action_code(j, 3));
        CPPUNIT_ASSERT_EQUAL(code::kStaleTimestamp, action_code(j, 4));
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 5));

        json noread = action(json::array(), "userphoto", kReadAction, kNow, "sec-2");
        noread["hmac"] = hmac_v2("sec-2", std::to_string(kNow), "tok-noread", "userphoto", kReadAction);
        j = call(people, envelope({noread}, "tok-noread"));
        CPPUNIT_ASSERT_EQUAL(code::kNoReadRight, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(std::string("No read permission for this user"),
                             j["response"]["results"][0]["status"]["message"].get<std::string>());
    }

    void v1_signature_over_raw_parameters() {
        FakePeople people;
        // Parameters as PHP's json_encode writes them ("\/" escapes), signed over that exact text.
        const std::string raw = "{\"filter\":{\"email\":[{\"op\":\"like\",\"val\":\"%\\/x\"}]},\"photosAsLinks\":false}";
        const std::string ts = std::to_string(kNow);
        const std::string mac = hmac_v1(kSecret, V1Fields{raw, kToken, kReadAction, "", "", ts, "userphoto"});
        const std::string body = "{\"token\":\"" + std::string(kToken) + "\",\"request\":{\"actions\":[{\"actionid\":\"" +
                                 kReadAction + "\",\"identifier\":\"\",\"resourceid\":\"\",\"resourcetype\":\"userphoto\","
                                 "\"parameters\":" + raw + ",\"timestamp\":" + ts + ",\"hmac\":\"" + mac + "\"}]}}";
        json j = call(people, body);
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(std::string("(mail=*/x)"), people.last_filter());
        // The same parameters re-serialised differently no longer match the signature.
        std::string spaced = body;
        spaced.replace(spaced.find("\"photosAsLinks\":false"), 21, "\"photosAsLinks\": false");
        CPPUNIT_ASSERT_EQUAL(code::kBadHmac, action_code(call(people, spaced), 0));
    }

    void directory_down_is_500_in_the_envelope() {
        FakePeople people;
        people.down = true;
        json j = call(people, envelope({action(json::array())}));
        CPPUNIT_ASSERT_EQUAL(500, j["status"]["code"].get<int>());
        CPPUNIT_ASSERT_EQUAL(code::kErrorInAction, top_code(j));
        CPPUNIT_ASSERT_EQUAL(500, j["response"]["results"][0]["status"]["code"].get<int>());
    }

    void link_serving() {
        FakePeople people;
        auto get = [&](const std::string& path, const std::string& inm = "") {
            HttpRequest r;
            r.method = "GET";
            r.path = path;
            r.now = kNow;
            if (!inm.empty()) r.headers["If-None-Match"] = inm;
            return handle_onoffice(r, people, options(), Logger());
        };
        const std::string good = "/api/" + link_path(PhotoLink{1001, "0A0B0C0D", kNow + 100}, "link-secret");
        HttpResponse ok = get(good);
        CPPUNIT_ASSERT_EQUAL(200, ok.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), ok.content_type);
        CPPUNIT_ASSERT_EQUAL(std::string("\xFF\xD8jpeg"), ok.body);
        CPPUNIT_ASSERT_EQUAL(304, get(good, "\"0A0B0C0D\"").status);
        CPPUNIT_ASSERT_EQUAL(403, get("/api/" + link_path(PhotoLink{1001, "0A0B0C0D", kNow - 1}, "link-secret")).status);
        CPPUNIT_ASSERT_EQUAL(403, get("/api/" + link_path(PhotoLink{1001, "0A0B0C0D", kNow + 100}, "forged")).status);
        CPPUNIT_ASSERT_EQUAL(404, get("/api/" + link_path(PhotoLink{1001, "0A0B0C0E", kNow + 100}, "link-secret")).status);
        CPPUNIT_ASSERT_EQUAL(404, get("/api/" + link_path(PhotoLink{1002, "0A0B0C0D", kNow + 100}, "link-secret")).status);
    }

    void routing() {
        FakePeople people;
        HttpRequest r;
        r.method = "GET";
        r.path = "/api/latest/api.php";
        r.now = kNow;
        HttpResponse h = handle_onoffice(r, people, options(), Logger());
        CPPUNIT_ASSERT_EQUAL(405, h.status);
        r.path = "/api/elsewhere";
        CPPUNIT_ASSERT_EQUAL(404, handle_onoffice(r, people, options(), Logger()).status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OnOfficeEnvelopeTest);
