// EWS GetUserPhoto over SOAP and REST against a real slapd + httpd.
#include <ctime>
#include <regex>

#include "image/photo_image.h"
#include "integration/fixture.h"
#include "util/base64.h"

using namespace itest;

namespace {

const char* kSizes[] = {"HR48x48", "HR64x64", "HR96x96", "HR120x120", "HR240x240",
                        "HR360x360", "HR432x432", "HR504x504", "HR648x648"};
const int kEdges[] = {48, 64, 96, 120, 240, 360, 432, 504, 648};

std::string soap_request(const std::string& email, const std::string& size) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
           "<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
           "    xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"\n"
           "    xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"\n"
           "    xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
           "  <soap:Header><t:RequestServerVersion Version=\"Exchange2013_SP1\" /></soap:Header>\n"
           "  <soap:Body><m:GetUserPhoto><m:Email>" + email + "</m:Email>\n"
           "    <m:SizeRequested>" + size + "</m:SizeRequested></m:GetUserPhoto></soap:Body>\n"
           "</soap:Envelope>\n";
}

// Text of the first element with this local name (any prefix); "" for an empty element,
// "<absent>" when there is none. Plain string search: std::regex recurses per character and
// overflows the stack on a base64 photo.
std::string element(const std::string& xml, const std::string& local) {
    size_t pos = 0;
    while ((pos = xml.find('<', pos)) != std::string::npos) {
        size_t name_start = pos + 1;
        size_t name_end = xml.find_first_of(" />", name_start);
        if (name_end == std::string::npos) break;
        std::string name = xml.substr(name_start, name_end - name_start);
        size_t colon = name.find(':');
        std::string bare = colon == std::string::npos ? name : name.substr(colon + 1);
        if (bare == local && !name.empty() && name[0] != '/') {
            size_t close = xml.find('>', name_end);
            if (close == std::string::npos) break;
            if (xml[close - 1] == '/') return "";
            size_t end = xml.find("</" + name + ">", close);
            if (end == std::string::npos) return "<absent>";
            return xml.substr(close + 1, end - close - 1);
        }
        pos = name_start;
    }
    return "<absent>";
}

// Width and height of a JPEG after a full decode (0×0 when it does not decode).
std::pair<int, int> decoded_size(const std::string& jpeg) {
    auto decoded = userphoto::image::decode_jpeg_rgb(jpeg, userphoto::image::Limits{});
    if (decoded.error != userphoto::image::ImageError::None) return {0, 0};
    return {decoded.image.width, decoded.image.height};
}

bool is_quoted_etag(const std::string& etag) { return std::regex_match(etag, std::regex("\"[0-9A-F]{8}\"")); }

const char* kSoap = "/EWS/Exchange.asmx";
std::string rest(const std::string& email, const std::string& size) {
    return "/ews/Exchange.asmx/s/GetUserPhoto?email=" + email + "&size=" + size;
}

// Seconds from the answer's Date to its Expires (both RFC 1123 dates); -1 when either is missing.
long lifetime_of(const itest::HttpReply& r) {
    auto parse = [](const std::string& text) -> long {
        std::tm tm{};
        const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
        return end && *end == '\0' ? static_cast<long>(timegm(&tm)) : -1;
    };
    const long date = parse(r.header("Date")), expires = parse(r.header("Expires"));
    return date < 0 || expires < 0 ? -1 : expires - date;
}

}  // namespace

class EwsIntegrationTest : public IntegrationFixture {
    CPPUNIT_TEST_SUITE(EwsIntegrationTest);
    CPPUNIT_TEST(soap_serves_every_size);
    CPPUNIT_TEST(rest_serves_every_size);
    CPPUNIT_TEST(etag_is_shared_by_sizes_and_distinct_between_people);
    CPPUNIT_TEST(soap_if_none_match_answers_unchanged);
    CPPUNIT_TEST(rest_if_none_match_answers_304);
    CPPUNIT_TEST(non_square_and_rotated_sources_give_squares);
    CPPUNIT_TEST(small_source_is_never_upscaled);
    CPPUNIT_TEST(unknown_person_and_no_photo_are_404);
    CPPUNIT_TEST(not_found_status_500_by_directive);
    CPPUNIT_TEST(fallback_draws_people_without_a_photo);
    CPPUNIT_TEST(fallback_keeps_unknown_people_404);
    CPPUNIT_TEST(fallback_expires_sooner_than_a_photo);
    CPPUNIT_TEST(corrupt_and_bomb_photos_are_no_photo);
    CPPUNIT_TEST(ambiguous_address_is_refused);
    CPPUNIT_TEST(soap_faults);
    CPPUNIT_TEST(rest_unknown_size_is_400);
    CPPUNIT_TEST(rest_without_email_serves_own_photo);
    CPPUNIT_TEST(path_is_case_insensitive);
    CPPUNIT_TEST(authentication_is_required);
    CPPUNIT_TEST(location_without_auth_refuses_anonymous);
    CPPUNIT_TEST(if_none_match_lists_weak_tags_and_star);
    CPPUNIT_TEST(xxe_is_refused);
    CPPUNIT_TEST(body_over_cap_is_413);
    CPPUNIT_TEST(served_after_slapd_restart);
    CPPUNIT_TEST_SUITE_END();

public:
    void soap_serves_every_size() {
        for (int i = 0; i < 9; ++i) {
            HttpReply r = env().soap_as("bob", kSoap, soap_request("alice@example.test", kSizes[i]));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(kSizes[i], 200L, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), r.header("Content-Type"));
            CPPUNIT_ASSERT(is_quoted_etag(r.header("ETag")));
            CPPUNIT_ASSERT(!r.header("Expires").empty());
            CPPUNIT_ASSERT(r.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0) == 0);
            CPPUNIT_ASSERT_EQUAL(std::string("NoError"), element(r.body, "ResponseCode"));
            CPPUNIT_ASSERT_EQUAL(std::string("true"), element(r.body, "HasChanged"));
            CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), element(r.body, "ContentType"));
            auto jpeg = userphoto::base64_decode(element(r.body, "PictureData"));
            CPPUNIT_ASSERT(jpeg.has_value());
            auto [w, h] = jpeg_size(*jpeg);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(kSizes[i], kEdges[i], w);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(kSizes[i], kEdges[i], h);
        }
    }

    void rest_serves_every_size() {
        for (int i = 0; i < 9; ++i) {
            HttpReply r = env().get_as("bob", rest("alice%40example.test", kSizes[i]));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(kSizes[i], 200L, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), r.header("Content-Type"));
            CPPUNIT_ASSERT(is_quoted_etag(r.header("ETag")));
            CPPUNIT_ASSERT(!r.header("Expires").empty());
            auto [w, h] = jpeg_size(r.body);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(kSizes[i], kEdges[i], w);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(kSizes[i], kEdges[i], h);
        }
        // Size is case-insensitive on REST.
        HttpReply upper = env().get_as("bob", rest("alice@example.test", "HR48X48"));
        CPPUNIT_ASSERT_EQUAL(200L, upper.status);
        CPPUNIT_ASSERT_EQUAL(48, jpeg_size(upper.body).first);
    }

    void etag_is_shared_by_sizes_and_distinct_between_people() {
        std::string a48 = env().get_as("bob", rest("alice@example.test", "HR48x48")).header("ETag");
        std::string a648 = env().get_as("bob", rest("alice@example.test", "HR648x648")).header("ETag");
        std::string soap = env().soap_as("bob", kSoap, soap_request("alice@example.test", "HR240x240")).header("ETag");
        std::string b = env().get_as("bob", rest("bob@example.test", "HR48x48")).header("ETag");
        CPPUNIT_ASSERT_EQUAL(a48, a648);
        CPPUNIT_ASSERT_EQUAL(a48, soap);
        CPPUNIT_ASSERT(a48 != b);
    }

    void soap_if_none_match_answers_unchanged() {
        std::string etag = env().soap_as("bob", kSoap, soap_request("alice@example.test", "HR96x96")).header("ETag");
        HttpReply r = env().soap_as("bob", kSoap, soap_request("alice@example.test", "HR96x96"), {"If-None-Match: " + etag});
        CPPUNIT_ASSERT_EQUAL(200L, r.status);  // never 304 on SOAP
        CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), r.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(etag, r.header("ETag"));
        CPPUNIT_ASSERT_EQUAL(std::string("false"), element(r.body, "HasChanged"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), element(r.body, "PictureData"));
        CPPUNIT_ASSERT_EQUAL(std::string("<absent>"), element(r.body, "ContentType"));
        // A stale ETag gets the photo.
        HttpReply stale = env().soap_as("bob", kSoap, soap_request("alice@example.test", "HR96x96"), {"If-None-Match: \"00000000\""});
        CPPUNIT_ASSERT_EQUAL(std::string("true"), element(stale.body, "HasChanged"));
        CPPUNIT_ASSERT(element(stale.body, "PictureData").size() > 100);
    }

    void rest_if_none_match_answers_304() {
        HttpReply first = env().get_as("bob", rest("alice@example.test", "HR64x64"));
        HttpCall c;
        c.path = rest("alice@example.test", "HR64x64");
        c.user = "bob@example.test";
        c.password = "pw-bob";
        c.headers = {"If-None-Match: " + first.header("ETag")};
        HttpReply r = env().call(c);
        CPPUNIT_ASSERT_EQUAL(304L, r.status);
        CPPUNIT_ASSERT_EQUAL(first.header("ETag"), r.header("ETag"));
        CPPUNIT_ASSERT(!r.header("Expires").empty());
        CPPUNIT_ASSERT(r.body.empty());
    }

    void non_square_and_rotated_sources_give_squares() {
        for (const char* who : {"bob", "grace", "heidi"}) {
            HttpReply r = env().get_as("alice", rest(std::string(who) + "@example.test", "HR240x240"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(who, 200L, r.status);
            auto [w, h] = jpeg_size(r.body);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(who, 240, w);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(who, 240, h);
        }
    }

    void small_source_is_never_upscaled() {
        // carol's only photo is 40×40: served as it is for every size.
        HttpReply r = env().get_as("alice", rest("carol@example.test", "HR648x648"));
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT_EQUAL(40, jpeg_size(r.body).first);
        // bob's portrait is 600×900: a 648 request gets the next smaller listed size, 504.
        HttpReply b = env().get_as("alice", rest("bob@example.test", "HR648x648"));
        CPPUNIT_ASSERT_EQUAL(504, jpeg_size(b.body).first);
        CPPUNIT_ASSERT_EQUAL(504, jpeg_size(b.body).second);
    }

    void unknown_person_and_no_photo_are_404() {
        for (const char* who : {"nobody@example.test", "erin@example.test"}) {
            HttpReply s = env().soap_as("bob", kSoap, soap_request(who, "HR96x96"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(who, 404L, s.status);
            CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), s.header("Content-Type"));
            CPPUNIT_ASSERT(!s.header("Expires").empty());
            CPPUNIT_ASSERT_EQUAL(std::string("NoError"), element(s.body, "ResponseCode"));
            CPPUNIT_ASSERT_EQUAL(std::string(""), element(s.body, "PictureData"));
            HttpReply r = env().get_as("bob", rest(who, "HR96x96"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(who, 404L, r.status);
            CPPUNIT_ASSERT(!r.header("Expires").empty());
        }
    }

    void not_found_status_500_by_directive() {
        HttpReply s = env().soap_as("", "/ews500/Exchange.asmx", soap_request("nobody@example.test", "HR96x96"));
        CPPUNIT_ASSERT_EQUAL(500L, s.status);
        HttpReply ok = env().soap_as("", "/ews500/Exchange.asmx", soap_request("alice@example.test", "HR96x96"));
        CPPUNIT_ASSERT_EQUAL(200L, ok.status);
    }

    // UserPhotoFallback initials / silhouette: erin exists without a photo.
    void fallback_draws_people_without_a_photo() {
        for (const char* where : {"/ews-initials", "/ews-silhouette"}) {
            const std::string base = std::string(where) + "/Exchange.asmx";
            const std::string rest_path = base + "/s/GetUserPhoto?email=erin%40example.test&size=HR120x120";
            HttpCall c;
            c.path = rest_path;
            HttpReply first = env().call(c);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(where, 200L, first.status);
            CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), first.header("Content-Type"));
            CPPUNIT_ASSERT(is_quoted_etag(first.header("ETag")));
            CPPUNIT_ASSERT((decoded_size(first.body) == std::pair<int, int>{120, 120}));
            HttpReply again = env().call(c);
            CPPUNIT_ASSERT(again.body == first.body);
            CPPUNIT_ASSERT_EQUAL(first.header("ETag"), again.header("ETag"));
            c.headers = {"If-None-Match: " + first.header("ETag")};
            HttpReply unchanged = env().call(c);
            CPPUNIT_ASSERT_EQUAL(304L, unchanged.status);
            CPPUNIT_ASSERT(unchanged.body.empty());
            // SOAP: the same picture, and HasChanged=false on its ETag.
            HttpReply s = env().soap_as("", base, soap_request("erin@example.test", "HR120x120"));
            CPPUNIT_ASSERT_EQUAL(200L, s.status);
            CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), element(s.body, "ContentType"));
            auto jpeg = userphoto::base64_decode(element(s.body, "PictureData"));
            CPPUNIT_ASSERT(jpeg.has_value() && *jpeg == first.body);
            CPPUNIT_ASSERT_EQUAL(first.header("ETag"), s.header("ETag"));
            HttpReply s304 = env().soap_as("", base, soap_request("erin@example.test", "HR120x120"),
                                           {"If-None-Match: " + first.header("ETag")});
            CPPUNIT_ASSERT_EQUAL(std::string("false"), element(s304.body, "HasChanged"));
            // Another size: another picture at its edge.
            HttpReply small = env().soap_as("", base, soap_request("erin@example.test", "HR48x48"));
            auto small_jpeg = userphoto::base64_decode(element(small.body, "PictureData"));
            CPPUNIT_ASSERT(small_jpeg.has_value());
            CPPUNIT_ASSERT((decoded_size(*small_jpeg) == std::pair<int, int>{48, 48}));
            // A real photo is served as it is.
            HttpCall alice;
            alice.path = base + "/s/GetUserPhoto?email=alice%40example.test&size=HR120x120";
            CPPUNIT_ASSERT(env().call(alice).body == env().get_as("bob", rest("alice@example.test", "HR120x120")).body);
        }
        // Initials and silhouette are different pictures.
        HttpCall a, b;
        a.path = "/ews-initials/Exchange.asmx/s/GetUserPhoto?email=erin%40example.test&size=HR96x96";
        b.path = "/ews-silhouette/Exchange.asmx/s/GetUserPhoto?email=erin%40example.test&size=HR96x96";
        CPPUNIT_ASSERT(env().call(a).body != env().call(b).body);
    }

    void fallback_keeps_unknown_people_404() {
        HttpCall c;
        c.path = "/ews-initials/Exchange.asmx/s/GetUserPhoto?email=nobody%40example.test&size=HR96x96";
        CPPUNIT_ASSERT_EQUAL(404L, env().call(c).status);
        HttpReply s = env().soap_as("", "/ews-initials/Exchange.asmx", soap_request("nobody@example.test", "HR96x96"));
        CPPUNIT_ASSERT_EQUAL(404L, s.status);
        // Without the directive (here /ews500 and /ews), erin is still "no photo".
        CPPUNIT_ASSERT_EQUAL(404L, env().get_as("bob", rest("erin@example.test", "HR96x96")).status);
        CPPUNIT_ASSERT_EQUAL(500L, env().soap_as("", "/ews500/Exchange.asmx", soap_request("erin@example.test", "HR96x96")).status);
    }

    // A drawn picture expires after an hour (the person may upload a photo soon), a photo after 3 days.
    void fallback_expires_sooner_than_a_photo() {
        HttpCall photo;
        photo.path = "/ews-initials/Exchange.asmx/s/GetUserPhoto?email=alice%40example.test&size=HR96x96";
        HttpReply stored = env().call(photo);
        CPPUNIT_ASSERT_EQUAL(200L, stored.status);
        CPPUNIT_ASSERT_EQUAL(std::string("private"), stored.header("Cache-Control"));
        const long photo_life = lifetime_of(stored);
        CPPUNIT_ASSERT_MESSAGE(stored.header("Expires"), photo_life >= 3 * 24 * 3600 - 5 && photo_life <= 3 * 24 * 3600 + 5);

        HttpCall drawn;
        drawn.path = "/ews-initials/Exchange.asmx/s/GetUserPhoto?email=erin%40example.test&size=HR96x96";
        HttpReply first = env().call(drawn);
        CPPUNIT_ASSERT_EQUAL(200L, first.status);
        CPPUNIT_ASSERT_EQUAL(std::string("private, max-age=3600"), first.header("Cache-Control"));
        const long drawn_life = lifetime_of(first);
        CPPUNIT_ASSERT_MESSAGE(first.header("Expires"), drawn_life >= 3600 - 5 && drawn_life <= 3600 + 5);
        CPPUNIT_ASSERT(drawn_life < photo_life);
        // 304 and SOAP (with and without a change) say the same.
        drawn.headers = {"If-None-Match: " + first.header("ETag")};
        HttpReply unchanged = env().call(drawn);
        CPPUNIT_ASSERT_EQUAL(304L, unchanged.status);
        CPPUNIT_ASSERT_EQUAL(std::string("private, max-age=3600"), unchanged.header("Cache-Control"));
        HttpReply s = env().soap_as("", "/ews-initials/Exchange.asmx", soap_request("erin@example.test", "HR96x96"));
        CPPUNIT_ASSERT_EQUAL(200L, s.status);
        CPPUNIT_ASSERT_EQUAL(std::string("private, max-age=3600"), s.header("Cache-Control"));
        const long soap_life = lifetime_of(s);
        CPPUNIT_ASSERT(soap_life >= 3600 - 5 && soap_life <= 3600 + 5);
        HttpReply s304 = env().soap_as("", "/ews-initials/Exchange.asmx", soap_request("erin@example.test", "HR96x96"),
                                       {"If-None-Match: " + first.header("ETag")});
        CPPUNIT_ASSERT_EQUAL(std::string("false"), element(s304.body, "HasChanged"));
        CPPUNIT_ASSERT_EQUAL(std::string("private, max-age=3600"), s304.header("Cache-Control"));
    }

    void corrupt_and_bomb_photos_are_no_photo() {
        allow_log("is not a usable photo");
        for (const char* who : {"dave@example.test", "frank@example.test"}) {
            HttpReply r = env().get_as("bob", rest(who, "HR96x96"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(who, 404L, r.status);
        }
        bool logged = false;
        for (const auto& line : log().new_lines()) logged = logged || line.find("uid=frank") != std::string::npos;
        CPPUNIT_ASSERT_MESSAGE("the refused bomb is logged", logged);
    }

    void ambiguous_address_is_refused() {
        allow_log("more than one directory entry");
        HttpReply r = env().get_as("bob", rest("twins@example.test", "HR96x96"));
        CPPUNIT_ASSERT_EQUAL(404L, r.status);
        bool logged = false;
        for (const auto& line : log().new_lines()) logged = logged || line.find("more than one directory entry") != std::string::npos;
        CPPUNIT_ASSERT(logged);
    }

    void soap_faults() {
        struct Case { std::string body; std::string code; };
        const std::string env_open =
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"><soap:Body>";
        const std::string env_close = "</soap:Body></soap:Envelope>";
        std::vector<Case> cases = {
            {"this is not xml", "ErrorSchemaValidation"},
            {env_open + "<m:GetUserPhoto><m:Email>alice@example.test</m:Email><m:SizeRequested>HR97x97</m:SizeRequested></m:GetUserPhoto>" + env_close, "ErrorSchemaValidation"},
            {env_open + "<m:GetUserPhoto><m:Email>alice@example.test</m:Email></m:GetUserPhoto>" + env_close, "ErrorSchemaValidation"},
            {env_open + "<m:GetUserPhoto><m:SizeRequested>HR96x96</m:SizeRequested><m:Email>alice@example.test</m:Email></m:GetUserPhoto>" + env_close, "ErrorSchemaValidation"},
            {env_open + "<m:GetUserPhoto><m:Email></m:Email><m:SizeRequested>HR96x96</m:SizeRequested></m:GetUserPhoto>" + env_close, "ErrorInvalidSmtpAddress"},
            {env_open + "<m:GetUserPhoto><m:Email>not an address</m:Email><m:SizeRequested>HR96x96</m:SizeRequested></m:GetUserPhoto>" + env_close, "ErrorInvalidSmtpAddress"},
            {env_open + "<m:GetUserAvailability/>" + env_close, "ErrorInvalidRequest"},
            {env_open + env_close, "ErrorInvalidRequest"},
        };
        for (const auto& c : cases) {
            HttpReply r = env().soap_as("bob", kSoap, c.body);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.body, 500L, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), r.header("Content-Type"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.body, c.code, element(r.body, "ResponseCode"));
            CPPUNIT_ASSERT(r.body.find("<s:Fault>") != std::string::npos);
        }
    }

    void rest_unknown_size_is_400() {
        CPPUNIT_ASSERT_EQUAL(400L, env().get_as("bob", rest("alice@example.test", "HR97x97")).status);
        CPPUNIT_ASSERT_EQUAL(400L, env().get_as("bob", rest("alice@example.test", "huge")).status);
        // Unknown parameters are ignored; the documented "amp;size" typo is accepted.
        HttpReply typo = env().get_as("bob", "/ews/Exchange.asmx/s/GetUserPhoto?email=alice@example.test&amp;size=HR64x64&UA=0");
        CPPUNIT_ASSERT_EQUAL(200L, typo.status);
        CPPUNIT_ASSERT_EQUAL(64, jpeg_size(typo.body).first);
    }

    void rest_without_email_serves_own_photo() {
        HttpReply own = env().get_as("ivan", "/ews/Exchange.asmx/s/GetUserPhoto?size=HR96x96");
        HttpReply named = env().get_as("bob", rest("ivan@example.test", "HR96x96"));
        CPPUNIT_ASSERT_EQUAL(200L, own.status);
        CPPUNIT_ASSERT_EQUAL(named.header("ETag"), own.header("ETag"));
        CPPUNIT_ASSERT_EQUAL(96, jpeg_size(own.body).first);
    }

    void path_is_case_insensitive() {
        for (const char* path : {"/ews/exchange.asmx", "/EWS/EXCHANGE.ASMX", "/ews/Exchange.asmx"}) {
            HttpReply r = env().soap_as("bob", path, soap_request("alice@example.test", "HR48x48"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 200L, r.status);
        }
        HttpReply r = env().get_as("bob", "/EWS/Exchange.asmx/S/getuserphoto?email=alice@example.test&size=HR48x48");
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
    }

    void authentication_is_required() {
        allow_log("authentication failure");
        allow_log("user bob@example.test: authentication failure");
        HttpCall anonymous;
        anonymous.path = rest("alice@example.test", "HR48x48");
        CPPUNIT_ASSERT_EQUAL(401L, env().call(anonymous).status);
        HttpCall wrong = anonymous;
        wrong.user = "bob@example.test";
        wrong.password = "wrong";
        CPPUNIT_ASSERT_EQUAL(401L, env().call(wrong).status);
    }

    // No auth on the location and no UserPhotoEWSAllowAnonymous: 401 in each form's own format,
    // the same for a real and a made-up address (no oracle), no photo, no body parsed.
    void location_without_auth_refuses_anonymous() {
        for (const char* who : {"alice@example.test", "nobody@example.test"}) {
            HttpCall rest_call;
            rest_call.path = std::string("/ews-noauth/Exchange.asmx/s/GetUserPhoto?email=") + who + "&size=HR48x48";
            HttpReply r = env().call(rest_call);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(who, 401L, r.status);
            CPPUNIT_ASSERT(r.header("Content-Type").rfind("text/plain", 0) == 0);
            CPPUNIT_ASSERT(r.header("ETag").empty());
            CPPUNIT_ASSERT(r.header("WWW-Authenticate").empty());  // no AuthType: nothing to ask for
            HttpCall soap_call;
            soap_call.method = "POST";
            soap_call.path = "/ews-noauth/Exchange.asmx";
            soap_call.headers = {"Content-Type: text/xml; charset=utf-8"};
            soap_call.body = soap_request(who, "HR96x96");
            HttpReply s = env().call(soap_call);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(who, 401L, s.status);
            CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), s.header("Content-Type"));
            CPPUNIT_ASSERT_EQUAL(std::string("ErrorAccessDenied"), element(s.body, "ResponseCode"));
            CPPUNIT_ASSERT_EQUAL(std::string("<absent>"), element(s.body, "PictureData"));
        }
        // An AuthType whose Require lets anyone in: the 401 carries its challenge.
        HttpCall optional;
        optional.path = "/ews-optional/Exchange.asmx/s/GetUserPhoto?email=alice@example.test&size=HR48x48";
        HttpReply o = env().call(optional);
        CPPUNIT_ASSERT_EQUAL(401L, o.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Basic realm=\"EWS\""), o.header("WWW-Authenticate"));
        // Where anonymous access is on purpose (UserPhotoEWSAllowAnonymous on), it is served.
        HttpCall allowed;
        allowed.path = "/ews500/Exchange.asmx/s/GetUserPhoto?email=alice@example.test&size=HR48x48";
        CPPUNIT_ASSERT_EQUAL(200L, env().call(allowed).status);
    }

    // RFC 9110 If-None-Match: any tag of a list, weak tags (weak comparison) and `*`.
    void if_none_match_lists_weak_tags_and_star() {
        const std::string etag = env().get_as("bob", rest("alice@example.test", "HR64x64")).header("ETag");
        const std::string matching[] = {"\"00000000\", " + etag, "W/" + etag, "W/\"00000000\",W/" + etag, "*"};
        for (const std::string& sent : matching) {
            HttpCall c;
            c.path = rest("alice@example.test", "HR64x64");
            c.user = "bob@example.test";
            c.password = "pw-bob";
            c.headers = {"If-None-Match: " + sent};
            HttpReply r = env().call(c);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(sent, 304L, r.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(sent, etag, r.header("ETag"));
            HttpReply soap = env().soap_as("bob", kSoap, soap_request("alice@example.test", "HR96x96"), {"If-None-Match: " + sent});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(sent, std::string("false"), element(soap.body, "HasChanged"));
        }
        // Nothing in the list matches: the photo. `*` for a person without a photo: still 404.
        HttpCall other;
        other.path = rest("alice@example.test", "HR64x64");
        other.user = "bob@example.test";
        other.password = "pw-bob";
        other.headers = {"If-None-Match: \"00000000\", W/\"11111111\""};
        CPPUNIT_ASSERT_EQUAL(200L, env().call(other).status);
        other.path = rest("erin@example.test", "HR64x64");
        other.headers = {"If-None-Match: *"};
        CPPUNIT_ASSERT_EQUAL(404L, env().call(other).status);
    }

    void xxe_is_refused() {
        std::string xxe =
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"><soap:Body>"
            "<m:GetUserPhoto><m:Email>&e;</m:Email><m:SizeRequested>HR96x96</m:SizeRequested></m:GetUserPhoto>"
            "</soap:Body></soap:Envelope>";
        HttpReply r = env().soap_as("bob", kSoap, xxe);
        CPPUNIT_ASSERT_EQUAL(500L, r.status);
        CPPUNIT_ASSERT(r.body.find("root:") == std::string::npos);
        CPPUNIT_ASSERT(element(r.body, "ResponseCode").rfind("Error", 0) == 0);
    }

    void body_over_cap_is_413() {
        std::string big = soap_request("alice@example.test", "HR96x96");
        big.insert(big.find("<soap:Body>"), std::string(4096, ' '));
        HttpReply r = env().soap_as("", "/ews-small/Exchange.asmx", big);
        CPPUNIT_ASSERT_EQUAL(413L, r.status);
        HttpReply fine = env().soap_as("", "/ews-small/Exchange.asmx", soap_request("alice@example.test", "HR96x96"));
        CPPUNIT_ASSERT_EQUAL(200L, fine.status);
    }

    void served_after_slapd_restart() {
        allow_log("directory unavailable");
        allow_log("LDAP");
        allow_log("ldap");
        CPPUNIT_ASSERT_EQUAL(200L, env().get_as("bob", rest("alice@example.test", "HR96x96")).status);
        env().restart_slapd();
        // The pooled connections died with the old slapd; the next request must reconnect by itself.
        HttpReply r = env().get_as("bob", rest("heidi@example.test", "HR96x96"));
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT_EQUAL(96, jpeg_size(r.body).first);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EwsIntegrationTest);
