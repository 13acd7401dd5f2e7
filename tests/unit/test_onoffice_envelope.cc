// The onOffice handler with a fake people directory: envelope rendering, every error envelope,
// one result per action in order, parameters reaching the query, links.
#include <cppunit/extensions/HelperMacros.h>

#include <nlohmann/json.hpp>

#include "protocol/onoffice/errors.h"
#include "protocol/onoffice/handler.h"
#include "protocol/onoffice/hmac.h"
#include "protocol/json_input.h"
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

// The people list and the photo provider in one: number 1001 has a photo of version 0A0B0C0D.
class FakePeople : public PeopleDirectory, public PhotoProvider {
public:
    PeopleAttributes attrs;
    PeopleQuery last;
    int lists = 0;
    std::vector<PhotoQuery> photo_queries;
    bool photos_down = false;
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
        PersonPhoto a{1001, 5001, true, "0A0B0C0D"};
        PersonPhoto b{1002, std::nullopt, false, ""};
        page.people = {a, b};
        return page;
    }
    PhotoResult get_photo(const PhotoQuery& query, const Logger&) override {
        photo_queries.push_back(query);
        PhotoResult r;
        if (photos_down) {
            r.status = PhotoStatus::Unavailable;
            return r;
        }
        if (query.value != "1001") {
            r.status = query.value == "1002" ? PhotoStatus::NoPhoto : PhotoStatus::NoSuchPerson;
            return r;
        }
        r.etag = "0A0B0C0D";
        if (query.if_none_match.matches(format_etag(r.etag, query.format))) {
            r.status = PhotoStatus::NotModified;
            return r;
        }
        r.status = PhotoStatus::Ok;
        r.jpeg = query.format == ImageFormat::Jpeg ? std::string("\xFF\xD8jpeg") : std::string(format_name(query.format));
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
    HttpResponse response = handle_onoffice(r, people, people, o, Logger());
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("application/json; charset=utf-8"), response.content_type);
    return json::parse(response.body);
}

std::string header_of(const HttpResponse& r, const std::string& name) {
    for (const auto& [key, value] : r.headers)
        if (key == name) return value;
    return std::string();
}

int top_code(const json& j) { return j["status"]["errorcode"].get<int>(); }
int action_code(const json& j, size_t i) { return j.at("response").at("results").at(i).at("status").at("errorcode").get<int>(); }

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
    CPPUNIT_TEST(v1_signature_covers_what_runs);
    CPPUNIT_TEST(deep_json_is_refused_before_anything_copies_it);
    CPPUNIT_TEST(signature_is_checked_before_parameters);
    CPPUNIT_TEST(records_and_bytes_per_request_are_capped);
    CPPUNIT_TEST(body_too_large_answer);
    CPPUNIT_TEST(directory_down_is_500_in_the_envelope);
    CPPUNIT_TEST(link_serving);
    CPPUNIT_TEST(routing);
    CPPUNIT_TEST(photos_come_from_the_provider);
    CPPUNIT_TEST(provider_down_is_500_or_503);
    CPPUNIT_TEST(links_negotiate_the_format);
    CPPUNIT_TEST_SUITE_END();

    static HttpResponse get_link(FakePeople& people, const OnOfficeOptions& o, const std::string& accept,
                                 const std::string& inm = "") {
        HttpRequest r;
        r.method = "GET";
        r.path = "/api/" + link_path(PhotoLink{1001, "0A0B0C0D", kNow + 100}, "link-secret");
        r.now = kNow;
        if (!accept.empty()) r.headers["Accept"] = accept;
        if (!inm.empty()) r.headers["If-None-Match"] = inm;
        return handle_onoffice(r, people, people, o, Logger());
    }

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

    // A v1 action whose parameters field is written as `parameters_text` (key and value as raw
    // JSON text), signed over `signed_raw`.
    static std::string v1_body(const std::string& parameters_text, const std::string& signed_raw,
                               const std::string& prefix = "") {
        const std::string ts = std::to_string(kNow);
        const std::string mac = hmac_v1(kSecret, V1Fields{signed_raw, kToken, kReadAction, "", "", ts, "userphoto"});
        return prefix + "{\"token\":\"" + std::string(kToken) + "\",\"request\":{\"actions\":[{\"actionid\":\"" +
               kReadAction + "\",\"identifier\":\"\",\"resourceid\":\"\",\"resourcetype\":\"userphoto\"," +
               parameters_text + ",\"timestamp\":" + ts + ",\"hmac\":\"" + mac + "\"}]}}";
    }

    void v1_signature_covers_what_runs() {
        FakePeople people;
        const std::string evil = "{\"filter\":{\"Nr\":[{\"op\":\">\",\"val\":0}]},\"listlimit\":500}";
        // A MAC captured for empty parameters must not run other parameters, however they are spelt.
        json j = call(people, v1_body("\"parameters\":" + evil, "[]", "\xEF\xBB\xBF"));
        CPPUNIT_ASSERT_EQUAL(code::kBadHmac, action_code(j, 0));
        j = call(people, v1_body("\"param\\u0065ters\":" + evil, "[]"));
        CPPUNIT_ASSERT_EQUAL(code::kBadHmac, action_code(j, 0));
        j = call(people, v1_body("\"parameters\":[],\"param\\u0065ters\":" + evil, "[]"));
        CPPUNIT_ASSERT_EQUAL(code::kBadHmac, action_code(j, 0));
        j = call(people, v1_body("\"param\\u0065ters\":" + evil + ",\"parameters\":[]", "[]"));
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 0));  // the last one runs: the empty one that was signed
        CPPUNIT_ASSERT_EQUAL(size_t(20), people.last.limit);
        people.lists = 0;
        // Repeated keys: the parameters that run are the ones signed, never an earlier copy.
        j = call(people, v1_body("\"parameters\":{\"listlimit\":1},\"parameters\":{\"listlimit\":7}", "{\"listlimit\":1}"));
        CPPUNIT_ASSERT_EQUAL(code::kBadHmac, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(0, people.lists);
        j = call(people, v1_body("\"parameters\":{\"listlimit\":1},\"parameters\":{\"listlimit\":7}", "{\"listlimit\":7}"));
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(size_t(7), people.last.limit);
        // With a BOM and honest signatures everything still works.
        j = call(people, v1_body("\"parameters\":{\"listlimit\":3}", "{\"listlimit\":3}", "\xEF\xBB\xBF"));
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(size_t(3), people.last.limit);
        // Parameters given as text or a number have no span: no v1 signature can cover them.
        j = call(people, v1_body("\"parameters\":\"x\"", "\"x\""));
        CPPUNIT_ASSERT_EQUAL(code::kBadHmac, action_code(j, 0));
    }

    void deep_json_is_refused_before_anything_copies_it() {
        FakePeople people;
        // Deep enough to overflow any stack if a copy, comparison or dump recursed over it.
        const size_t depth = 400000;
        std::string deep = std::string(depth, '[') + std::string(depth, ']');
        json a = action(json::array());
        a.erase("parameters");
        auto with_parameters = [&](const std::string& parameters) {
            std::string body = envelope({a});
            body.insert(body.rfind("}]}"), ",\"parameters\":" + parameters);
            return body;
        };
        json j = call(people, with_parameters(deep));
        CPPUNIT_ASSERT_EQUAL(code::kBadJson, top_code(j));
        CPPUNIT_ASSERT_EQUAL(0, people.lists);
        // At the cap (the id list sits inside 8 containers): an ordinary, if odd, request.
        auto ids_at_depth = [&](size_t n) {
            return with_parameters("{\"filter\":{\"Nr\":[{\"op\":\"in\",\"val\":" + std::string(n - 8, '[') +
                                   std::string(n - 8, ']') + "}]}}");
        };
        j = call(people, ids_at_depth(kMaxJsonDepth));
        CPPUNIT_ASSERT_EQUAL(code::kInvalidValue, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(code::kBadJson, top_code(call(people, ids_at_depth(kMaxJsonDepth + 1))));
    }

    void signature_is_checked_before_parameters() {
        FakePeople people;
        json forged = action("not parameters", "userphoto", kReadAction, kNow, "another secret");
        json stale = action("not parameters", "userphoto", kReadAction, kNow - 1000);
        json j = call(people, envelope({forged, stale, action("not parameters")}));
        CPPUNIT_ASSERT_EQUAL(code::kBadHmac, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(code::kStaleTimestamp, action_code(j, 1));
        CPPUNIT_ASSERT_EQUAL(code::kParameters, action_code(j, 2));
    }

    void records_and_bytes_per_request_are_capped() {
        FakePeople people;  // 3 matches; the page holds 2 people
        OnOfficeOptions o = options();
        o.max_records = 3;
        json j = call(people, envelope({action({{"listlimit", 2}}), action(json::array())}), o);
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(code::kTooLarge, action_code(j, 1));  // 3 more asked for, 1 left
        CPPUNIT_ASSERT_EQUAL(413, j["response"]["results"][1]["status"]["code"].get<int>());
        CPPUNIT_ASSERT_EQUAL(size_t(1), people.last.limit);  // the directory is never asked for more
        CPPUNIT_ASSERT_EQUAL(413, j["status"]["code"].get<int>());
        CPPUNIT_ASSERT_EQUAL(code::kErrorInAction, top_code(j));
        // Spent budget stays spent: 100 actions cannot each take the full allowance.
        o.max_records = 4;
        j = call(people, envelope({action({{"listlimit", 2}}), action({{"listlimit", 2}}), action({{"listlimit", 1}})}), o);
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 1));
        CPPUNIT_ASSERT_EQUAL(code::kTooLarge, action_code(j, 2));
        // Response bytes: the records' JSON text.
        o = options();
        o.max_response_bytes = 60;
        j = call(people, envelope({action({{"listlimit", 2}})}), o);
        CPPUNIT_ASSERT_EQUAL(code::kTooLarge, action_code(j, 0));
        o.max_response_bytes = 200;
        j = call(people, envelope({action({{"listlimit", 2}})}), o);
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 0));
        j = call(people, envelope({action({{"listlimit", 2}}), action({{"listlimit", 2}})}), o);
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 0));
        CPPUNIT_ASSERT_EQUAL(code::kTooLarge, action_code(j, 1));
    }

    void body_too_large_answer() {
        HttpResponse r = body_too_large_response();
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json; charset=utf-8"), r.content_type);
        json j = json::parse(r.body);
        CPPUNIT_ASSERT_EQUAL(code::kTooLarge, top_code(j));
        CPPUNIT_ASSERT_EQUAL(413, j["status"]["code"].get<int>());
        CPPUNIT_ASSERT(j["response"]["results"].is_array());
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
            return handle_onoffice(r, people, people, options(), Logger());
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
        HttpResponse h = handle_onoffice(r, people, people, options(), Logger());
        CPPUNIT_ASSERT_EQUAL(405, h.status);
        r.path = "/api/elsewhere";
        CPPUNIT_ASSERT_EQUAL(404, handle_onoffice(r, people, people, options(), Logger()).status);
    }

    // Base64 photos and links ask the provider for the photo as stored up to 648 px, by number,
    // with the linked entry standing in, naming the version the list (or the link) holds.
    void photos_come_from_the_provider() {
        FakePeople people;
        json j = call(people, envelope({action(json::array())}));
        CPPUNIT_ASSERT_EQUAL(size_t(1), people.photo_queries.size());  // only 1001 has a photo in the list
        const PhotoQuery& q = people.photo_queries[0];
        CPPUNIT_ASSERT(q.kind == IdentityKind::Attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("uidNumber"), q.attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("1001"), q.value);
        CPPUNIT_ASSERT_EQUAL(kMaxListEdge, q.edge);
        CPPUNIT_ASSERT(q.shape == PhotoShape::AsStored);
        CPPUNIT_ASSERT(q.follow_linked_entry);
        CPPUNIT_ASSERT_EQUAL(std::string("0A0B0C0D"), q.seen_etag);
        CPPUNIT_ASSERT(q.format == ImageFormat::Jpeg);

        people.photo_queries.clear();
        call(people, envelope({action({{"photosAsLinks", true}})}));
        CPPUNIT_ASSERT(people.photo_queries.empty());  // a link costs nothing until it is followed
        CPPUNIT_ASSERT_EQUAL(200, get_link(people, options(), "").status);
        CPPUNIT_ASSERT_EQUAL(size_t(1), people.photo_queries.size());
        const PhotoQuery& l = people.photo_queries[0];
        CPPUNIT_ASSERT(l.shape == PhotoShape::AsStored && l.follow_linked_entry && l.edge == kMaxListEdge);
        CPPUNIT_ASSERT_EQUAL(std::string("1001"), l.value);
        CPPUNIT_ASSERT_EQUAL(std::string("0A0B0C0D"), l.seen_etag);
    }

    void provider_down_is_500_or_503() {
        FakePeople people;
        people.photos_down = true;
        json j = call(people, envelope({action(json::array()), action({{"photosAsLinks", true}})}));
        CPPUNIT_ASSERT_EQUAL(500, j["response"]["results"][0]["status"]["code"].get<int>());
        CPPUNIT_ASSERT_EQUAL(0, action_code(j, 1));  // links need no photo yet
        CPPUNIT_ASSERT_EQUAL(503, get_link(people, options(), "").status);
    }

    void links_negotiate_the_format() {
        FakePeople people;
        // Without UserPhotoFormats: JPEG whatever is accepted, and no Vary.
        HttpResponse plain_jpeg = get_link(people, options(), "image/avif,image/webp,*/*");
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), plain_jpeg.content_type);
        CPPUNIT_ASSERT_EQUAL(std::string(""), header_of(plain_jpeg, "Vary"));

        OnOfficeOptions o = options();
        o.formats.webp = o.formats.avif = true;
        struct Case {
            const char* accept;
            const char* type;
            const char* etag;
        };
        for (const Case& c : {Case{"image/avif,image/webp,*/*;q=0.8", "image/avif", "\"0A0B0C0D-avif\""},
                              Case{"image/webp,*/*", "image/webp", "\"0A0B0C0D-webp\""},
                              Case{"*/*", "image/jpeg", "\"0A0B0C0D\""}, Case{"text/x-unknown", "image/jpeg", "\"0A0B0C0D\""},
                              Case{"", "image/jpeg", "\"0A0B0C0D\""}}) {
            HttpResponse r = get_link(people, o, c.accept);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.accept, 200, r.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.accept, std::string(c.type), r.content_type);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.accept, std::string(c.etag), header_of(r, "ETag"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.accept, std::string("Accept"), header_of(r, "Vary"));
            CPPUNIT_ASSERT(people.photo_queries.back().format == *parse_format_name(std::string(c.type).substr(6)));
        }
        // A tag is one format's: the JPEG tag gives no 304 for AVIF, the AVIF tag does.
        CPPUNIT_ASSERT_EQUAL(200, get_link(people, o, "image/avif", "\"0A0B0C0D\"").status);
        HttpResponse avif_304 = get_link(people, o, "image/avif", "\"0A0B0C0D-avif\"");
        CPPUNIT_ASSERT_EQUAL(304, avif_304.status);
        CPPUNIT_ASSERT_EQUAL(std::string("\"0A0B0C0D-avif\""), header_of(avif_304, "ETag"));
        CPPUNIT_ASSERT_EQUAL(std::string("Accept"), header_of(avif_304, "Vary"));
        CPPUNIT_ASSERT_EQUAL(304, get_link(people, o, "*/*", "\"0A0B0C0D\"").status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OnOfficeEnvelopeTest);
