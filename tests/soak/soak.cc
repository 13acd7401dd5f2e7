#include "soak/soak.h"

#include <curl/curl.h>
#include <dirent.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "image/photo_image.h"
#include "integration/onoffice_client.h"
#include "integration/png_fixture.h"
#include "util/base64.h"

namespace soak {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// Must match tests/harness/httpd.conf.in.
const std::string kJwtKey = "userphoto-integration-test-hs256-key-0123456789";
const std::string kApi = "/services/data/v50.0/connect/user-profiles/";
const std::string kBoundary = "----soak-boundary-7a1c";
const std::string kOnOfficeToken = "itest-token";
const std::string kOnOfficeSecret = "itest-secret-0123456789";
// The only person whose photo the soak may change (self and admin uploads, self deletes).
const std::string kWriter = "cirene";
// Over a body cap, httpd answers 413 and may close the connection while the client is still
// sending; curl then reports a send error instead of the status. Allowed only for those kinds.
const long kClosedEarly = 0;
const char* kCrashMarks[] = {"exit signal", "AH00052", "Segmentation fault", "AddressSanitizer", "runtime error:"};

struct Request {
    std::string method = "GET";
    std::string path;
    std::vector<std::string> headers;
    std::string body;
    std::string userpwd;  // Basic auth "user:password"
};

struct Reply {
    long status = 0;
    std::string body;
};

// ---- request material ----------------------------------------------------------------------

std::string base64url(std::string_view bytes) {
    std::string s = userphoto::base64_encode(bytes);
    for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!s.empty() && s.back() == '=') s.pop_back();
    return s;
}

std::string jwt(const std::string& email, long lifetime, const std::string& key = kJwtKey) {
    const long now = static_cast<long>(std::time(nullptr));
    const std::string input = base64url(R"({"alg":"HS256","typ":"JWT"})") + "." +
                              base64url(json{{"sub", email}, {"email", email}, {"iat", now - 60}, {"exp", now + lifetime}}.dump());
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(input.data()),
         input.size(), mac, &size);
    return input + "." + base64url(std::string_view(reinterpret_cast<const char*>(mac), size));
}

userphoto::image::RgbImage solid(int width, int height, uint8_t shade) {
    userphoto::image::RgbImage img;
    img.width = width;
    img.height = height;
    img.rgb.assign(static_cast<size_t>(width) * height * 3, shade);
    return img;
}

// A 1x1 GIF whose screen and image descriptors claim 65535 x 65535 pixels.
std::string gif_bomb() {
    const unsigned char bytes[] = {'G', 'I', 'F', '8', '9', 'a', 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0, 0,
                                   0, 0, 0, 0xFF, 0xFF, 0xFF,  // two-colour palette
                                   ',', 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0,
                                   2, 2, 0x44, 0x01, 0, ';'};
    return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

// The JPEG with its SOF dimensions replaced by 65000 x 65000.
std::string jpeg_bomb(std::string jpeg) {
    for (size_t i = 2; i + 9 < jpeg.size(); ++i)
        if (static_cast<unsigned char>(jpeg[i]) == 0xFF && (static_cast<unsigned char>(jpeg[i + 1]) & 0xF0) == 0xC0 &&
            static_cast<unsigned char>(jpeg[i + 1]) != 0xC4) {
            const unsigned char dims[4] = {0xFD, 0xE8, 0xFD, 0xE8};
            std::memcpy(jpeg.data() + i + 5, dims, 4);
            break;
        }
    return jpeg;
}

std::string part(const std::string& headers, const std::string& content) {
    return "--" + kBoundary + "\r\n" + headers + "\r\n\r\n" + content + "\r\n";
}

std::string multipart(const std::string& picture, const std::string& json_part = "") {
    std::string body;
    if (!json_part.empty())
        body += part("Content-Disposition: form-data; name=\"json\"\r\nContent-Type: application/json", json_part);
    body += part("Content-Disposition: form-data; name=\"fileUpload\"; filename=\"p.png\"\r\nContent-Type: application/octet-stream",
                 picture);
    return body + "--" + kBoundary + "--\r\n";
}

std::string soap(const std::string& email, const std::string& size, const std::string& prolog = "") {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + prolog +
           "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
           "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"><soap:Body>"
           "<m:GetUserPhoto><m:Email>" + email + "</m:Email><m:SizeRequested>" + size +
           "</m:SizeRequested></m:GetUserPhoto></soap:Body></soap:Envelope>";
}

std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else out += std::string("%") + hex[c >> 4] + hex[c & 15];
    }
    return out;
}

std::string local_path(const std::string& url) {  // absolute URL → path?query
    const size_t scheme = url.find("://");
    return scheme == std::string::npos ? url : url.substr(url.find('/', scheme + 3));
}

// Values that would widen or break an LDAP filter if they were not escaped.
const std::vector<std::string> kInjections = {"*", "*)(uid=*", "alice@example.test)(|(mail=*", "*)(objectClass=*))(|(uid=*",
                                              "\\2a", "\\", "(", ")", "a*@example.test", std::string("al\0ice", 6),
                                              "*)(userPassword=*"};

// ---- request kinds -------------------------------------------------------------------------

struct Shared {  // read-only material fetched or made before the run
    std::vector<std::string> onoffice_links;  // valid signed links (paths)
    std::vector<std::string> sf_email_links;  // valid signed Salesforce e-mail links (paths)
    std::vector<std::string> sf_pictures;     // authenticated picture URLs (paths)
    std::string grace_id18, jack_id18, writer_id18;
    std::string small_jpeg, png, corrupt_jpeg, truncated_png, png_bomb, gif_bomb, jpeg_bomb;
    std::string jwt_expired, jwt_foreign_key;
    itest::OnOfficeClient onoffice{kOnOfficeToken, kOnOfficeSecret};
};

struct Kind {
    std::string name;
    std::set<long> allowed;
    std::function<Request(std::mt19937&, const Shared&)> make;
    std::function<bool(const Reply&)> check;  // optional extra check of the answer
};

template <typename T>
const T& pick(std::mt19937& rng, const std::vector<T>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng)];
}

Request basic(const std::string& uid, std::string path) {
    Request r;
    r.path = std::move(path);
    r.userpwd = uid + "@example.test:pw-" + uid;
    return r;
}

Request soap_post(std::string path, std::string body, const std::string& uid = "bob") {
    Request r = basic(uid, std::move(path));
    r.method = "POST";
    r.body = std::move(body);
    r.headers = {"Content-Type: text/xml; charset=utf-8"};
    return r;
}

Request bearer(const std::string& uid, std::string method, std::string path, std::string body = "",
               std::string content_type = "multipart/form-data; boundary=" + kBoundary) {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    if (!uid.empty()) r.headers.push_back("Authorization: Bearer " + jwt(uid + "@example.test", 3600));
    if (!r.body.empty() || r.method == "POST") r.headers.push_back("Content-Type: " + content_type);
    return r;
}

Request onoffice_post(std::string body) {
    Request r;
    r.method = "POST";
    r.path = "/api/stable/api.php";
    r.body = std::move(body);
    r.headers = {"Content-Type: application/x-www-form-urlencoded"};
    return r;
}

itest::OnOfficeAction onoffice_read(json parameters) {
    itest::OnOfficeAction a;
    a.parameters = std::move(parameters);
    return a;
}

json onoffice_filter(const std::string& field, const std::string& op, json val) {
    return json{{"filter", {{field, {{{"op", op}, {"val", std::move(val)}}}}}}};
}

bool is_jpeg(const Reply& r) { return r.body.size() > 2 && r.body.compare(0, 2, "\xFF\xD8") == 0; }
bool is_fault(const Reply& r) { return r.body.find("<s:Fault>") != std::string::npos; }

bool sf_error(const Reply& r) {
    try {
        json doc = json::parse(r.body);
        return doc.is_array() && !doc.at(0).at("errorCode").get<std::string>().empty();
    } catch (...) {
        return false;
    }
}

// onOffice answers: every action result carries `errorcode`; `records` must be empty when asked.
bool onoffice_result(const Reply& r, int want_top, int want_action, bool want_no_records) {
    try {
        json doc = json::parse(r.body);
        if (doc.at("status").at("errorcode").get<int>() != want_top) return false;
        if (want_action < 0) return true;
        const json& result = doc.at("response").at("results").at(0);
        if (result.at("status").at("errorcode").get<int>() != want_action) return false;
        return !want_no_records || result.at("data").at("records").empty();
    } catch (...) {
        return false;
    }
}

std::vector<Kind> kinds() {
    const std::vector<std::string> with_photo = {"alice", "bob", "carol", "grace", "heidi", "ivan", "user1", "user7", "user42"};
    const std::vector<std::string> sizes = {"HR48x48", "HR64x64", "HR96x96", "HR120x120", "HR240x240", "HR360x360", "HR648x648"};
    const std::string rest = "/ews/Exchange.asmx/s/GetUserPhoto?email=";
    std::vector<Kind> k;
    // ---- EWS
    k.push_back({"ews-rest-valid", {200}, [=](auto& g, auto&) {
                     return basic("bob", rest + pick(g, with_photo) + "%40example.test&size=" + pick(g, sizes));
                 }, is_jpeg});
    k.push_back({"ews-rest-no-photo/corrupt/bomb", {404}, [=](auto& g, auto&) {
                     const std::vector<std::string> who = {"erin", "nobody", "dave", "frank", "twins"};
                     return basic("bob", rest + pick(g, who) + "%40example.test&size=HR96x96");
                 }, nullptr});
    k.push_back({"ews-rest-injection", {400, 404}, [=](auto& g, auto&) {
                     return basic("bob", rest + url_encode(pick(g, kInjections)) + "&size=HR96x96");
                 }, nullptr});
    k.push_back({"ews-rest-bad-size", {400}, [=](auto& g, auto&) {
                     const std::vector<std::string> bad = {"HR97x97", "huge", "HR99999999999x99999999999", "", "HR-1x-1",
                                                           std::string(3000, '9')};
                     return basic("bob", rest + "alice%40example.test&size=" + url_encode(pick(g, bad)));
                 }, nullptr});
    k.push_back({"ews-bad-password", {401}, [=](auto&, auto&) {
                     Request r = basic("bob", rest + "alice%40example.test&size=HR48x48");
                     r.userpwd = "bob@example.test:wrong";
                     return r;
                 }, nullptr});
    // A location without authentication: no photo and no "does it exist" for anyone.
    k.push_back({"ews-anonymous", {401}, [=](auto& g, auto&) {
                     Request r;
                     const bool soap_form = std::uniform_int_distribution<int>(0, 1)(g) == 1;
                     const std::string who = pick(g, with_photo) + "@example.test";
                     r.path = soap_form ? "/ews-noauth/Exchange.asmx"
                                        : "/ews-noauth/Exchange.asmx/s/GetUserPhoto?email=" + who + "&size=HR48x48";
                     if (soap_form) {
                         r.method = "POST";
                         r.body = soap(who, "HR96x96");
                         r.headers = {"Content-Type: text/xml; charset=utf-8"};
                     }
                     return r;
                 }, nullptr});
    k.push_back({"ews-soap-valid", {200}, [=](auto& g, auto&) {
                     return soap_post("/EWS/Exchange.asmx", soap(pick(g, with_photo) + "@example.test", pick(g, sizes)));
                 }, [](const Reply& r) { return r.body.find("<m:PictureData>") != std::string::npos ||
                                                r.body.find("PictureData>") != std::string::npos; }});
    k.push_back({"ews-soap-injection", {404, 500}, [=](auto& g, auto&) {
                     std::string v = pick(g, kInjections);
                     v.erase(std::remove(v.begin(), v.end(), '\0'), v.end());
                     return soap_post("/EWS/Exchange.asmx", soap(v, "HR96x96"));
                 }, nullptr});
    k.push_back({"ews-soap-xxe", {500}, [=](auto& g, auto&) {
                     const std::vector<std::string> prologs = {
                         "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
                         "<!DOCTYPE x [<!ENTITY e SYSTEM \"http://127.0.0.1:1/x\">]>",
                         "<!DOCTYPE x [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>"};
                     return soap_post("/EWS/Exchange.asmx", soap("&e;", "HR96x96", pick(g, prologs)));
                 }, [](const Reply& r) { return is_fault(r) && r.body.find("root:") == std::string::npos; }});
    k.push_back({"ews-soap-billion-laughs", {500}, [=](auto&, auto&) {
                     std::string dtd = "<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">";
                     for (int i = 1; i < 10; ++i) {
                         dtd += "<!ENTITY lol" + std::to_string(i) + " \"";
                         for (int j = 0; j < 10; ++j) dtd += "&lol" + std::to_string(i - 1) + ";";
                         dtd += "\">";
                     }
                     return soap_post("/EWS/Exchange.asmx", soap("&lol9;", "HR96x96", dtd + "]>"));
                 }, is_fault});
    k.push_back({"ews-soap-garbage", {500}, [=](auto& g, auto&) {
                     std::string junk(std::uniform_int_distribution<size_t>(0, 3000)(g), '\0');
                     for (char& c : junk) c = static_cast<char>(g());
                     return soap_post("/EWS/Exchange.asmx", "<soap:Envelope" + junk);
                 }, is_fault});
    k.push_back({"ews-soap-over-cap", {413, kClosedEarly}, [=](auto& g, auto&) {
                     const bool small = g() % 2;
                     std::string body = soap("alice@example.test", "HR96x96");
                     body.insert(body.find("<soap:Body>"), std::string(small ? 8 * 1024 : 200 * 1024, ' '));
                     return soap_post(small ? "/ews-small/Exchange.asmx" : "/EWS/Exchange.asmx", body);
                 }, nullptr});
    // ---- onOffice
    k.push_back({"onoffice-read-valid", {200}, [=](auto& g, auto& s) {
                     json params = onoffice_filter("Nr", "in", {1001, 1002, 1000 + static_cast<int>(g() % 12) + 1});
                     params["photosAsLinks"] = static_cast<bool>(g() % 2);
                     return onoffice_post(s.onoffice.body({onoffice_read(params)}));
                 }, [](const Reply& r) { return onoffice_result(r, 0, 0, false); }});
    k.push_back({"onoffice-filter-injection", {200}, [=](auto& g, auto& s) {
                     const std::vector<std::string> fields = {"Name", "Vorname", "Nachname", "email", "Kuerzel"};
                     const std::vector<std::string> ops = {"=", "is", "in", "not like", "like"};
                     const std::string op = pick(g, ops);
                     json val = op == "in" ? json::array({pick(g, kInjections)}) : json(pick(g, kInjections));
                     if (op == "not like") {  // combined with a narrowing filter, so a hit would show
                         json params = onoffice_filter("Nr", "=", 1001);
                         params["filter"][pick(g, fields)] = json::array({{{"op", "=" }, {"val", val}}});
                         return onoffice_post(s.onoffice.body({onoffice_read(params)}));
                     }
                     return onoffice_post(s.onoffice.body({onoffice_read(onoffice_filter(pick(g, fields), op, val))}));
                 }, [](const Reply& r) { return onoffice_result(r, 0, 0, true); }});
    k.push_back({"onoffice-bad-hmac", {200}, [=](auto&, auto& s) {
                     itest::OnOfficeAction a = onoffice_read(json::object());
                     a.secret = "not-the-secret";
                     return onoffice_post(s.onoffice.body({a}));
                 }, [](const Reply& r) { return onoffice_result(r, 97, 137, false); }});
    k.push_back({"onoffice-stale-timestamp", {200}, [=](auto& g, auto& s) {
                     itest::OnOfficeAction a = onoffice_read(json::object());
                     a.timestamp = std::time(nullptr) - 600 - static_cast<long long>(g() % 100000);
                     return onoffice_post(s.onoffice.body({a}));
                 }, [](const Reply& r) { return onoffice_result(r, 97, 136, false); }});
    k.push_back({"onoffice-garbage-envelope", {200, 413}, [=](auto& g, auto& s) {
                     const std::vector<std::string> bodies = {"", "{\"token\":", "[]", "{\"token\":\"itest-token\"}",
                                                              std::string(2000, '['), "request=" + std::string(500, '{'),
                                                              s.onoffice.body({onoffice_read(json::object())}).substr(0, 40)};
                     return onoffice_post(pick(g, bodies));
                 }, nullptr});
    k.push_back({"onoffice-over-cap", {200, kClosedEarly}, [=](auto&, auto& s) {
                     json params = onoffice_filter("Name", "=", std::string(200 * 1024, 'x'));
                     return onoffice_post(s.onoffice.body({onoffice_read(params)}));
                 }, [](const Reply& r) { return r.status == kClosedEarly || onoffice_result(r, 413, -1, false); }});
    k.push_back({"onoffice-link-valid", {200}, [=](auto& g, auto& s) {
                     Request r;
                     r.path = pick(g, s.onoffice_links);
                     return r;
                 }, is_jpeg});
    k.push_back({"onoffice-link-forged", {403, 404}, [=](auto& g, auto& s) {
                     Request r;
                     std::string p = pick(g, s.onoffice_links);
                     const size_t at = p.rfind('/') + 1 + g() % 20;
                     if (at < p.size()) p[at] = p[at] == 'A' ? 'B' : 'A';
                     const std::vector<std::string> odd = {p, "/api/photo/1001/../../../etc/passwd", "/api/photo/",
                                                           "/api/photo/*/x/1/y.jpg", "/api/photo/1001/ZZZZZZZZ/99999999999999999999/A.jpg",
                                                           "/api/photo/" + std::string(5000, '1') + "/a/b/c.jpg"};
                     r.path = pick(g, odd);
                     return r;
                 }, nullptr});
    // ---- Salesforce
    k.push_back({"sf-get-valid", {200}, [=](auto& g, auto& s) {
                     const std::vector<std::string> paths = {
                         kApi + "me/photo", kApi + s.grace_id18 + "/photo", kApi + s.grace_id18.substr(0, 15) + "/photo",
                         "/services/data/v50.0/connect/communities/0DB000000000001/user-profiles/" + s.grace_id18 + "/photo",
                         "/services/data/v30.0/chatter/users/" + s.grace_id18 + "/photo"};
                     return bearer("cgrace", "GET", pick(g, paths));
                 }, [](const Reply& r) {
                     try { return json::parse(r.body).at("photoVersionId").is_string(); } catch (...) { return false; }
                 }});
    k.push_back({"sf-picture-valid", {200}, [=](auto& g, auto& s) { return bearer("chank", "GET", pick(g, s.sf_pictures)); },
                 is_jpeg});
    k.push_back({"sf-email-link-valid", {200}, [=](auto& g, auto& s) {
                     Request r;
                     r.path = pick(g, s.sf_email_links);
                     return r;
                 }, is_jpeg});
    k.push_back({"sf-email-link-forged", {403, 404}, [=](auto& g, auto& s) {
                     Request r;
                     r.path = pick(g, s.sf_email_links);
                     const size_t at = r.path.size() - 1 - g() % 10;
                     r.path[at] = r.path[at] == 'A' ? 'B' : 'A';
                     return r;
                 }, sf_error});
    k.push_back({"sf-no-or-bad-token", {401}, [=](auto& g, auto& s) {
                     Request r;
                     r.path = kApi + "me/photo";
                     const std::vector<std::string> auth = {"", "Authorization: Bearer not.a.jwt",
                                                            "Authorization: Bearer " + s.jwt_expired,
                                                            "Authorization: Bearer " + s.jwt_foreign_key};
                     const std::string h = pick(g, auth);
                     if (!h.empty()) r.headers.push_back(h);
                     return r;
                 }, sf_error});
    k.push_back({"sf-id-injection", {400, 404}, [=](auto& g, auto&) {
                     std::string raw = pick(g, kInjections);
                     // httpd itself refuses %00 in a path (an HTML 404 before any module runs).
                     raw.erase(std::remove(raw.begin(), raw.end(), '\0'), raw.end());
                     const std::string v = url_encode(raw);
                     const std::vector<std::string> paths = {kApi + "005" + v + "/photo", kApi + v + "/photo",
                                                             "/services/data/v50.0/connect/communities/" + v + "/user-profiles/me/photo",
                                                             kApi + "005000000001001" + v + "/photo"};
                     return bearer("chank", "GET", pick(g, paths));
                 }, sf_error});
    k.push_back({"sf-unauthorised-write", {401, 403}, [=](auto& g, auto& s) {
                     const std::string jack = kApi + s.jack_id18 + "/photo";
                     switch (g() % 3) {
                     case 0: return bearer("chank", "POST", jack, multipart(s.small_jpeg));
                     case 1: return bearer("chank", "DELETE", jack, "", "");
                     default: return bearer("", "POST", jack, multipart(s.small_jpeg));
                     }
                 }, sf_error});
    // Mostly reads of the writer's photo: every write makes a new photo version, and renditions of
    // versions nobody asks for again only leave the per-child cache at its cap, not at once.
    k.push_back({"sf-authorised-write", {200, 201, 204}, [=](auto& g, auto& s) {
                     if (g() % 8) return bearer("chank", "GET", kApi + s.writer_id18 + "/photo");
                     switch (g() % 3) {
                     case 0: return bearer(kWriter, "POST", kApi + "me/photo", multipart(g() % 2 ? s.small_jpeg : s.png));
                     case 1: return bearer("cadmin", "POST", kApi + s.writer_id18 + "/photo", multipart(s.small_jpeg));
                     default: return bearer(kWriter, "DELETE", kApi + "me/photo", "", "");
                     }
                 }, nullptr});
    k.push_back({"sf-malformed-multipart", {400}, [=](auto& g, auto& s) {
                     std::string truncated = multipart(s.small_jpeg);
                     truncated.resize(truncated.size() / 2);
                     const std::vector<std::pair<std::string, std::string>> cases = {
                         {multipart(s.small_jpeg), "multipart/form-data"},
                         {truncated, ""},
                         {part("Content-Disposition: form-data; name=\"json\"", "{}") + multipart(s.small_jpeg, "{}"), ""},
                         {"--" + kBoundary + "\r\n" + std::string(20000, 'H') + "\r\n\r\nx\r\n--" + kBoundary + "--\r\n", ""},
                         {"--" + kBoundary + "--\r\n", ""},
                         {std::string(3000, '-'), ""},
                         {multipart(s.small_jpeg), "multipart/form-data; boundary=" + std::string(300, 'b')},
                         {multipart(s.small_jpeg, "{not json"), ""},
                         {multipart(s.small_jpeg, R"({"cropX":-1,"cropY":0,"cropSize":1e308})"), ""},
                         {multipart(s.small_jpeg, R"({"cropX":100,"cropY":100,"cropSize":100})"), ""},
                     };
                     const auto& c = pick(g, cases);
                     return c.second.empty() ? bearer(kWriter, "POST", kApi + "me/photo", c.first)
                                             : bearer(kWriter, "POST", kApi + "me/photo", c.first, c.second);
                 }, sf_error});
    k.push_back({"sf-bad-image-upload", {400, 413}, [=](auto& g, auto& s) {
                     const std::vector<std::string> pictures = {s.corrupt_jpeg, s.truncated_png, s.png_bomb, s.gif_bomb,
                                                                s.jpeg_bomb, "%PDF-1.4", ""};
                     return bearer(kWriter, "POST", kApi + "me/photo", multipart(pick(g, pictures)));
                 }, sf_error});
    k.push_back({"sf-upload-over-cap", {413, kClosedEarly}, [=](auto&, auto&) {
                     return bearer(kWriter, "POST", "/small" + kApi + "me/photo", multipart(std::string(100 * 1024, 'x')));
                 }, nullptr});
    k.push_back({"sf-bad-method", {405}, [=](auto& g, auto&) {
                     const std::vector<std::string> methods = {"PUT", "PATCH", "OPTIONS"};
                     return bearer("chank", pick(g, methods), kApi + "me/photo", "x", "text/plain");
                 }, sf_error});
    return k;
}

// ---- HTTP ----------------------------------------------------------------------------------

size_t collect(char* data, size_t size, size_t n, void* into) {
    static_cast<std::string*>(into)->append(data, size * n);
    return size * n;
}

Reply perform(CURL* c, const std::string& base, const Request& req) {
    Reply reply;
    curl_easy_reset(c);  // keeps the connection cache: keep-alive across requests
    const std::string url = base + req.path;
    curl_slist* headers = curl_slist_append(nullptr, "Expect:");
    for (const auto& h : req.headers) headers = curl_slist_append(headers, h.c_str());
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    if (req.method == "POST" || !req.body.empty()) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (!req.userpwd.empty()) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERPWD, req.userpwd.c_str());
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(headers);
    return reply;
}

// ---- observation ---------------------------------------------------------------------------

std::map<int, long> child_rss_kb(const std::string& pid_file) {
    std::map<int, long> out;
    std::ifstream pf(pid_file);
    int parent = 0;
    if (!(pf >> parent)) return out;
    DIR* proc = opendir("/proc");
    if (!proc) return out;
    while (dirent* e = readdir(proc)) {
        const int pid = std::atoi(e->d_name);
        if (pid <= 0) continue;
        std::ifstream status("/proc/" + std::to_string(pid) + "/status");
        std::string line;
        int ppid = -1;
        long rss = -1;
        while (std::getline(status, line)) {
            if (line.rfind("PPid:", 0) == 0) ppid = std::atoi(line.c_str() + 5);
            if (line.rfind("VmRSS:", 0) == 0) rss = std::atol(line.c_str() + 6);
        }
        if (ppid == parent && rss >= 0) out[pid] = rss;
    }
    closedir(proc);
    return out;
}

using Snapshot = std::map<std::string, std::multiset<std::string>>;  // dn → "attr: value" lines

Snapshot directory_snapshot(const itest::Environment& env) {
    Snapshot out;
    // As the directory's manager: no size limit (the anonymous one stops at 500 entries).
    std::istringstream in(itest::run("ldapsearch -LLL -x -o ldif-wrap=no -H ldap://127.0.0.1:" + std::to_string(env.ldap_port()) +
                                     " -D cn=admin,dc=example,dc=test -w secret" +
                                     " -b dc=example,dc=test '(objectClass=*)' '*'"));
    std::string line, dn;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (line.rfind("dn: ", 0) == 0 || line.rfind("dn:: ", 0) == 0) dn = line;
        else out[dn].insert(line);
    }
    return out;
}

bool authorised_change(const std::string& dn, const std::string& line) {
    if (dn != "dn: uid=" + kWriter + ",ou=people,dc=example,dc=test") return false;
    return line.rfind("jpegPhoto:", 0) == 0 || line.rfind("thumbnailPhoto:", 0) == 0;
}

std::vector<std::string> directory_diff(const Snapshot& before, const Snapshot& after) {
    std::vector<std::string> out;
    std::set<std::string> dns;
    for (const auto& [dn, _] : before) dns.insert(dn);
    for (const auto& [dn, _] : after) dns.insert(dn);
    static const std::multiset<std::string> none;
    for (const auto& dn : dns) {
        const auto& b = before.count(dn) ? before.at(dn) : none;
        const auto& a = after.count(dn) ? after.at(dn) : none;
        std::vector<std::string> changed;
        std::set_symmetric_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(changed));
        if (!before.count(dn) || !after.count(dn)) out.push_back(dn + (before.count(dn) ? " removed" : " added"));
        for (const auto& l : changed)
            if (!authorised_change(dn, l)) out.push_back(dn + ": " + l.substr(0, 120));
    }
    return out;
}

std::vector<std::string> crash_lines(const std::string& log, std::streamoff from) {
    std::vector<std::string> out;
    std::ifstream in(log);
    in.seekg(from);
    std::string line;
    std::vector<std::string> context;  // what a dying child wrote: raw stderr and [crit]/[alert] lines
    while (std::getline(in, line)) {
        bool crash = false;
        for (const char* mark : kCrashMarks) crash = crash || line.find(mark) != std::string::npos;
        if (crash) {
            for (const auto& c : context) out.push_back("  before it: " + c);
            context.clear();
            out.push_back(line);
        } else if (!line.empty() && (line[0] != '[' || line.find(":crit]") != std::string::npos ||
                                     line.find(":alert]") != std::string::npos || line.find(":emerg]") != std::string::npos)) {
            if (context.size() == 20) context.erase(context.begin());
            context.push_back(line.substr(0, 300));
        }
    }
    return out;
}

Shared prepare(const itest::Environment& env, CURL* c, const std::string& base, std::vector<std::string>& errors) {
    Shared s;
    auto img = solid(120, 120, 90);
    s.small_jpeg = userphoto::image::encode_jpeg(img, 85).jpeg;
    s.png = itest::png_of(solid(200, 160, 40));
    s.corrupt_jpeg = s.small_jpeg.substr(0, 200) + std::string(300, '\x5A');
    s.truncated_png = s.png.substr(0, s.png.size() / 2);
    s.png_bomb = itest::png_of(solid(4, 4, 1));
    const unsigned char big[8] = {0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60};
    std::memcpy(s.png_bomb.data() + 16, big, 8);
    s.gif_bomb = gif_bomb();
    s.jpeg_bomb = jpeg_bomb(s.small_jpeg);
    s.jwt_expired = jwt("cgrace@example.test", -600);
    s.jwt_foreign_key = jwt("cgrace@example.test", 3600, "a-different-key-that-is-long-enough-000");

    auto profile = [&](const std::string& uid) {
        Reply r = perform(c, base, bearer(uid, "GET", kApi + "me/photo"));
        if (r.status != 200) throw std::runtime_error("cannot read the Salesforce photo of " + uid + ": " + r.body);
        return json::parse(r.body);
    };
    auto id18 = [&](const json& doc) { return doc.at("url").get<std::string>().substr(kApi.size(), 18); };
    try {
        json grace = profile("cgrace");
        s.grace_id18 = id18(grace);
        s.jack_id18 = id18(profile("cjack"));
        s.writer_id18 = id18(profile(kWriter));
        for (const char* key : {"fullEmailPhotoUrl", "standardEmailPhotoUrl"})
            s.sf_email_links.push_back(local_path(grace.at(key).get<std::string>()));
        for (const char* key : {"smallPhotoUrl", "mediumPhotoUrl", "largePhotoUrl"})
            s.sf_pictures.push_back(local_path(grace.at(key).get<std::string>()));
        json params = onoffice_filter("Nr", "in", {1001, 1002, 1003, 1012});
        params["photosAsLinks"] = true;
        Reply r = perform(c, base, onoffice_post(s.onoffice.body({onoffice_read(params)})));
        const json links = json::parse(r.body);
        for (const json& rec : links.at("response").at("results").at(0).at("data").at("records"))
            if (rec.at("elements").at("photo").is_string())
                s.onoffice_links.push_back(local_path(rec.at("elements").at("photo").get<std::string>()));
        if (s.onoffice_links.empty()) throw std::runtime_error("no onOffice photo links: " + r.body);
    } catch (const std::exception& e) {
        errors.push_back(std::string("preparation failed: ") + e.what());
    }
    (void)env;
    return s;
}

}  // namespace

bool Report::rss_flat(double tolerance) const {
    return rss_samples >= 2 && rss_warm_kb > 0 &&
           rss_end_kb <= rss_warm_kb * (1.0 + tolerance) + static_cast<double>(rss_children) * cache_allowance_kb;
}

bool Report::ok(double tolerance) const { return problems(tolerance).empty(); }

std::string Report::problems(double tolerance) const {
    std::ostringstream out;
    for (const auto& e : setup_errors) out << e << "\n";
    if (total_requests == 0) out << "no requests were made\n";
    for (const auto& [name, k] : kinds)
        if (k.violations) out << k.violations << " violations in " << name << ", e.g. " << k.example << "\n";
    for (const auto& l : crash_lines) out << "crashed child: " << l << "\n";
    for (const auto& d : directory_diffs) out << "directory changed: " << d << "\n";
    if (!rss_flat(tolerance))
        out << "child RSS not flat: " << rss_warm_kb << " kB after warm-up, " << rss_end_kb << " kB at the end ("
            << rss_samples << " samples)\n";
    return out.str();
}

std::string Report::table() const {
    std::ostringstream out;
    char line[256];
    std::snprintf(line, sizeof line, "%-32s %9s %6s  %s\n", "kind", "requests", "viol.", "statuses");
    out << line;
    for (const auto& [name, k] : kinds) {
        std::string statuses;
        for (const auto& [status, n] : k.statuses) statuses += std::to_string(status) + "×" + std::to_string(n) + " ";
        std::snprintf(line, sizeof line, "%-32s %9ld %6ld  %s\n", name.c_str(), k.requests, k.violations, statuses.c_str());
        out << line;
    }
    std::snprintf(line, sizeof line, "%-32s %9ld %6ld\n", "total", total_requests, total_violations);
    out << line;
    out << "child RSS (kB): first " << rss_first_kb << ", after warm-up " << rss_warm_kb << ", end " << rss_end_kb
        << " (" << rss_samples << " samples, " << rss_children << " children, cache allowance " << cache_allowance_kb
        << " kB each)\n";
    out << "crashed children: " << crash_lines.size() << "; directory changes outside authorised writes: "
        << directory_diffs.size() << "\n";
    return out.str();
}

Report run(itest::Environment& env, const Options& options) {
    Report report;
    report.cache_allowance_kb = options.cache_allowance_kb;
    static int runs = 0;
    const std::string name = "soak-httpd-" + std::to_string(++runs);
    const int port = env.start_extra_httpd(
        name, env.ldap_port(),
        "UserPhotoCacheMemory " + std::to_string(options.cache_allowance_kb) + "k\n"
        // APR keeps up to MaxMemFree of freed pool memory per thread allocator; a small value keeps
        // that retention (64 threads filling it over the first minutes) from reading as a leak.
        "MaxMemFree 256\n");
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    const std::string log = env.work_dir() + "/" + name + "/error.log";
    const std::string pid_file = env.work_dir() + "/" + name + "/httpd.pid";
    std::streamoff log_start = 0;
    {
        std::ifstream in(log, std::ios::ate);
        if (in) log_start = in.tellg();
    }
    std::unique_ptr<CURL, void (*)(CURL*)> setup(curl_easy_init(), curl_easy_cleanup);
    const Shared shared = prepare(env, setup.get(), base, report.setup_errors);
    if (!report.setup_errors.empty()) return report;
    Snapshot before;
    try {
        before = directory_snapshot(env);
    } catch (const std::exception& e) {
        report.setup_errors.push_back(std::string("directory snapshot failed: ") + std::string(e.what()).substr(0, 300));
        return report;
    }
    const std::vector<Kind> all = kinds();

    std::mutex mutex;  // guards report.kinds
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::seconds(options.seconds);
    std::atomic<bool> done{false};

    // RSS sampler: one sample a second; the warm-up sample is the first after half the run (64 threads
    // in two children fill their malloc arenas and socache pages during the first seconds).
    std::map<int, long> warm, last;
    std::thread sampler([&] {
        const auto warm_at = start + std::chrono::seconds(options.seconds) / 2;
        while (!done) {
            auto sample = child_rss_kb(pid_file);
            if (report.rss_samples == 0)
                for (const auto& [_, kb] : sample) report.rss_first_kb += kb;
            ++report.rss_samples;
            if (warm.empty() && Clock::now() >= warm_at) warm = sample;
            last = sample;
            for (int i = 0; i < 10 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        last = child_rss_kb(pid_file);
        ++report.rss_samples;
    });

    std::vector<std::thread> workers;
    for (int t = 0; t < options.connections; ++t)
        workers.emplace_back([&, t] {
            std::mt19937 rng(static_cast<unsigned>(t * 7919 + 17));
            std::unique_ptr<CURL, void (*)(CURL*)> c(curl_easy_init(), curl_easy_cleanup);
            std::map<std::string, KindStats> mine;
            while (Clock::now() < deadline) {
                const Kind& kind = pick(rng, all);
                const Reply reply = perform(c.get(), base, kind.make(rng, shared));
                KindStats& k = mine[kind.name];
                ++k.requests;
                ++k.statuses[reply.status];
                const bool allowed = kind.allowed.count(reply.status) && (!kind.check || kind.check(reply));
                if (!allowed) {
                    ++k.violations;
                    if (k.example.empty())
                        k.example = "status " + std::to_string(reply.status) + ": " + reply.body.substr(0, 200);
                }
            }
            std::lock_guard<std::mutex> lock(mutex);
            for (const auto& [name, k] : mine) {
                KindStats& total = report.kinds[name];
                total.requests += k.requests;
                total.violations += k.violations;
                for (const auto& [status, n] : k.statuses) total.statuses[status] += n;
                if (total.example.empty()) total.example = k.example;
            }
        });
    for (auto& w : workers) w.join();
    done = true;
    sampler.join();

    for (const auto& [pid, kb] : warm)
        if (last.count(pid)) {
            report.rss_warm_kb += kb;
            ++report.rss_children;
            report.rss_end_kb += last.at(pid);
        }
    for (const auto& [_, k] : report.kinds) {
        report.total_requests += k.requests;
        report.total_violations += k.violations;
    }
    // Leave the writer with a photo, as the other tests found it.
    Reply restore = perform(setup.get(), base, bearer(kWriter, "POST", kApi + "me/photo", multipart(shared.small_jpeg)));
    if (restore.status != 201) report.setup_errors.push_back("final upload failed: " + std::to_string(restore.status));
    try {
        report.directory_diffs = directory_diff(before, directory_snapshot(env));
    } catch (const std::exception& e) {
        report.setup_errors.push_back(std::string("directory snapshot failed: ") + std::string(e.what()).substr(0, 300));
    }
    report.crash_lines = crash_lines(log, log_start);
    return report;
}

}  // namespace soak
