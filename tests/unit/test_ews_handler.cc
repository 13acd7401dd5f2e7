// The EWS endpoint end to end over an in-memory provider: routing, the status and headers for
// every PhotoStatus on SOAP and REST, the exact Content-Type, ETag quoting and Expires dates.
#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "protocol/ews/ews_handler.h"
#include "protocol/ews/ews_soap_response.h"

using namespace userphoto;
using namespace userphoto::ews;

namespace {

// 2023-11-14 22:13:20 UTC, a Tuesday.
constexpr std::time_t kNow = 1700000000;
const std::string kJpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\xFF\xD9", 12);

class FakeProvider : public PhotoProvider {
public:
    PhotoResult next;
    bool throw_instead = false;
    std::vector<PhotoQuery> queries;

    PhotoResult get_photo(const PhotoQuery& query, const Logger&) override {
        queries.push_back(query);
        if (throw_instead) throw std::runtime_error("provider exploded");
        return next;
    }
    void answer(PhotoStatus status) {
        next = PhotoResult{};
        next.status = status;
        if (status == PhotoStatus::Ok || status == PhotoStatus::NotModified) next.etag = "0A1B2C3D";
        if (status == PhotoStatus::Ok) next.jpeg = kJpeg, next.edge = 240;
    }
};

std::string read_request(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/ews/requests/" + name, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

HttpRequest soap_request(std::string body = read_request("csharp_managed_api.xml")) {
    HttpRequest request;
    request.method = "POST";
    request.path = "/EWS/Exchange.asmx";
    request.body = std::move(body);
    request.now = kNow;
    return request;
}

HttpRequest rest_request(std::string query) {
    HttpRequest request;
    request.method = "GET";
    request.path = "/ews/exchange.asmx/s/GetUserPhoto";
    request.query = std::move(query);
    request.now = kNow;
    return request;
}

std::optional<std::string> header(const HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers)
        if (key == name) return value;
    return std::nullopt;
}

int count_headers(const HttpResponse& response, const std::string& name) {
    int n = 0;
    for (const auto& entry : response.headers) n += entry.first == name;
    return n;
}

// "A|B" for a list, "*" for any, "" for none: the condition the codec handed to the provider.
std::string text_of(const EtagCondition& condition) {
    std::string out = condition.any ? "*" : "";
    for (const std::string& tag : condition.tags) out += (out.empty() ? "" : "|") + tag;
    return out;
}

const std::string kInThreeDays = "Fri, 17 Nov 2023 22:13:20 GMT";
const std::string kInOneDay = "Wed, 15 Nov 2023 22:13:20 GMT";

}  // namespace

class EwsHandlerTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EwsHandlerTest);
    CPPUNIT_TEST(soapPhoto);
    CPPUNIT_TEST(soapUnchangedIs200WithHasChangedFalse);
    CPPUNIT_TEST(ifNoneMatchIsUnquoted);
    CPPUNIT_TEST(soapNotFound);
    CPPUNIT_TEST(soapNotFoundAs500WhenConfigured);
    CPPUNIT_TEST(soapProfileHeaderPhotoIsNotFound);
    CPPUNIT_TEST(soapInvalidIdentityAndUnavailable);
    CPPUNIT_TEST(soapRequestFaultsSkipTheProvider);
    CPPUNIT_TEST(soapBodyCap);
    CPPUNIT_TEST(soapPathIsCaseInsensitive);
    CPPUNIT_TEST(restPhoto);
    CPPUNIT_TEST(restNotModifiedIs304);
    CPPUNIT_TEST(headersAreReadFromTheSourceOnDemand);
    CPPUNIT_TEST(restNotFound);
    CPPUNIT_TEST(restSelfUsesTheAuthenticatedUser);
    CPPUNIT_TEST(restSelfWithoutUserIsNotFound);
    CPPUNIT_TEST(restBadQueryIs400);
    CPPUNIT_TEST(restInvalidIdentityAndUnavailable);
    CPPUNIT_TEST(methodsAreRouted);
    CPPUNIT_TEST(providerExceptionsBecome500);
    CPPUNIT_TEST(okWithoutPictureIsNotFound);
    CPPUNIT_TEST(anonymousIsRefusedBeforeParsing);
    CPPUNIT_TEST(anonymousIsServedWhenAllowed);
    CPPUNIT_TEST_SUITE_END();

    FakeProvider provider;
    EwsOptions options;
    std::vector<std::pair<LogLevel, std::string>> logged;
    Logger log{[this](LogLevel level, std::string_view text) { logged.emplace_back(level, std::string(text)); }};

    HttpResponse run(const HttpRequest& request) { return handle_ews(request, provider, options, log); }

    void expect_soap_fault(const HttpResponse& response, FaultCode code) {
        CPPUNIT_ASSERT_EQUAL(500, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), response.content_type);
        Fault fault;
        fault.code = code;
        CPPUNIT_ASSERT_EQUAL(render_fault(fault), response.body);
        CPPUNIT_ASSERT(!header(response, "ETag"));
    }

public:
    void setUp() override {
        provider = FakeProvider{};
        options = EwsOptions{};
        options.allow_anonymous = true;  // most cases here are about the protocol, not authentication
        logged.clear();
    }

    // Without UserPhotoEWSAllowAnonymous a request without REMOTE_USER gets 401 and no photo, before
    // its body or query is even parsed (no oracle for which addresses exist).
    void anonymousIsRefusedBeforeParsing() {
        options.allow_anonymous = false;
        provider.answer(PhotoStatus::Ok);
        HttpResponse soap = run(soap_request());
        CPPUNIT_ASSERT_EQUAL(401, soap.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), soap.content_type);
        Fault fault;
        fault.code = FaultCode::AccessDenied;
        CPPUNIT_ASSERT_EQUAL(render_fault(fault), soap.body);
        CPPUNIT_ASSERT(soap.body.find("ErrorAccessDenied") != std::string::npos);
        HttpResponse garbage = run(soap_request("<not xml"));
        CPPUNIT_ASSERT_EQUAL(401, garbage.status);
        HttpResponse rest = run(rest_request("email=sadie@contoso.com&size=HR96x96"));
        CPPUNIT_ASSERT_EQUAL(401, rest.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=utf-8"), rest.content_type);
        CPPUNIT_ASSERT(!header(rest, "ETag"));
        CPPUNIT_ASSERT(provider.queries.empty());
        // With a user the same requests are served.
        HttpRequest authenticated = soap_request();
        authenticated.remote_user = "bob@contoso.com";
        CPPUNIT_ASSERT_EQUAL(200, run(authenticated).status);
    }

    void anonymousIsServedWhenAllowed() {
        provider.answer(PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(200, run(soap_request()).status);
        CPPUNIT_ASSERT_EQUAL(200, run(rest_request("email=sadie@contoso.com&size=HR96x96")).status);
    }

    void soapPhoto() {
        provider.answer(PhotoStatus::Ok);
        HttpResponse response = run(soap_request());
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), response.content_type);
        CPPUNIT_ASSERT_EQUAL(render_photo(kJpeg), response.body);
        CPPUNIT_ASSERT_EQUAL(std::string("\"0A1B2C3D\""), header(response, "ETag").value_or(""));
        CPPUNIT_ASSERT_EQUAL(kInThreeDays, header(response, "Expires").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("private"), header(response, "Cache-Control").value_or(""));
        CPPUNIT_ASSERT_EQUAL(1, count_headers(response, "ETag"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), provider.queries.size());
        const PhotoQuery& query = provider.queries[0];
        CPPUNIT_ASSERT(query.kind == IdentityKind::Email);
        CPPUNIT_ASSERT_EQUAL(std::string("sadie@contoso.com"), query.value);
        CPPUNIT_ASSERT_EQUAL(240, query.edge);
        CPPUNIT_ASSERT(query.if_none_match.empty());
    }

    void soapUnchangedIs200WithHasChangedFalse() {
        provider.answer(PhotoStatus::NotModified);
        HttpRequest request = soap_request();
        request.headers["If-None-Match"] = "\"0A1B2C3D\"";
        HttpResponse response = run(request);
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), response.content_type);
        CPPUNIT_ASSERT_EQUAL(render_unchanged(), response.body);
        CPPUNIT_ASSERT_EQUAL(std::string("\"0A1B2C3D\""), header(response, "ETag").value_or(""));
        CPPUNIT_ASSERT_EQUAL(kInThreeDays, header(response, "Expires").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("0A1B2C3D"), text_of(provider.queries.at(0).if_none_match));
    }

    // RFC 9110: a list, weak tags (compared weakly) and `*` all reach the provider.
    void ifNoneMatchIsUnquoted() {
        const std::pair<const char*, const char*> cases[] = {
            {"\"0A1B2C3D\"", "0A1B2C3D"}, {"W/\"0A1B2C3D\"", "0A1B2C3D"}, {"0A1B2C3D", "0A1B2C3D"},
            {"  \"0A1B2C3D\" ", "0A1B2C3D"}, {"\"11111111\", \"22222222\"", "11111111|22222222"},
            {"W/\"11111111\",W/\"0A1B2C3D\"", "11111111|0A1B2C3D"}, {"\"a,b\", \"c\"", "a,b|c"},
            {"*", "*"}, {"", ""}, {"\"unterminated", ""}, {"W/x, \"ok\" junk, \"y\"", "ok|y"},
        };
        for (const auto& [sent, expected] : cases) {
            provider = FakeProvider{};
            provider.answer(PhotoStatus::Ok);
            HttpRequest soap = soap_request();
            soap.headers["if-none-match"] = sent;  // header names ignore case
            run(soap);
            HttpRequest rest = rest_request("email=a@b.example");
            rest.headers["If-None-Match"] = sent;
            run(rest);
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), provider.queries.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(sent, std::string(expected), text_of(provider.queries[0].if_none_match));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(sent, std::string(expected), text_of(provider.queries[1].if_none_match));
        }
    }

    void soapNotFound() {
        for (PhotoStatus status : {PhotoStatus::NoPhoto, PhotoStatus::NoSuchPerson}) {
            provider.answer(status);
            HttpResponse response = run(soap_request());
            CPPUNIT_ASSERT_EQUAL(404, response.status);
            CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), response.content_type);
            CPPUNIT_ASSERT_EQUAL(render_not_found(), response.body);
            CPPUNIT_ASSERT_EQUAL(kInOneDay, header(response, "Expires").value_or(""));
            CPPUNIT_ASSERT(!header(response, "ETag"));
        }
    }

    void soapNotFoundAs500WhenConfigured() {
        options.not_found_status_500 = true;
        provider.answer(PhotoStatus::NoSuchPerson);
        HttpResponse response = run(soap_request());
        CPPUNIT_ASSERT_EQUAL(500, response.status);
        CPPUNIT_ASSERT_EQUAL(render_not_found(), response.body);
        // Found photos are unaffected by the option.
        provider.answer(PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(200, run(soap_request()).status);
    }

    void soapProfileHeaderPhotoIsNotFound() {
        provider.answer(PhotoStatus::Ok);
        HttpResponse response = run(soap_request(
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
            "<GetUserPhoto xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\"><Email>a@b.example</Email>"
            "<SizeRequested>HR96x96</SizeRequested><TypeRequested>ProfileHeaderPhoto</TypeRequested></GetUserPhoto></s:Body></s:Envelope>"));
        CPPUNIT_ASSERT_EQUAL(404, response.status);
        CPPUNIT_ASSERT_EQUAL(render_not_found(), response.body);
        CPPUNIT_ASSERT(provider.queries.empty());
    }

    void soapInvalidIdentityAndUnavailable() {
        provider.answer(PhotoStatus::InvalidIdentity);
        expect_soap_fault(run(soap_request()), FaultCode::InvalidSmtpAddress);
        provider.answer(PhotoStatus::Unavailable);
        expect_soap_fault(run(soap_request()), FaultCode::InternalServerError);
    }

    void soapRequestFaultsSkipTheProvider() {
        provider.answer(PhotoStatus::Ok);
        HttpResponse response = run(soap_request("this is not xml"));
        CPPUNIT_ASSERT_EQUAL(500, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), response.content_type);
        CPPUNIT_ASSERT(response.body.find("<e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">"
                                          "ErrorSchemaValidation</e:ResponseCode>") != std::string::npos);
        CPPUNIT_ASSERT(response.body.find("<t:LineNumber>1</t:LineNumber>") != std::string::npos);
        expect_soap_fault(run(soap_request("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/></s:Envelope>")),
                          FaultCode::InvalidRequest);
        CPPUNIT_ASSERT(provider.queries.empty());
        CPPUNIT_ASSERT(!logged.empty());
    }

    void soapBodyCap() {
        provider.answer(PhotoStatus::Ok);
        const std::string body = read_request("csharp_managed_api.xml");
        options.max_body = body.size();
        CPPUNIT_ASSERT_EQUAL(200, run(soap_request(body)).status);
        options.max_body = body.size() - 1;
        HttpResponse response = run(soap_request(body));
        CPPUNIT_ASSERT_EQUAL(500, response.status);
        CPPUNIT_ASSERT(response.body.find("ErrorSchemaValidation") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), provider.queries.size());
    }

    void soapPathIsCaseInsensitive() {
        provider.answer(PhotoStatus::Ok);
        for (const char* path : {"/EWS/Exchange.asmx", "/ews/Exchange.asmx", "/ews/exchange.asmx"}) {
            HttpRequest request = soap_request();
            request.path = path;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 200, run(request).status);
        }
    }

    void restPhoto() {
        provider.answer(PhotoStatus::Ok);
        HttpRequest request = rest_request("email=alice%40corp.example&size=hr96X96&UA=0");
        request.path = "/EWS/Exchange.asmx/s/getuserphoto";
        HttpResponse response = run(request);
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), response.content_type);
        CPPUNIT_ASSERT(response.body == kJpeg);
        CPPUNIT_ASSERT_EQUAL(std::string("\"0A1B2C3D\""), header(response, "ETag").value_or(""));
        CPPUNIT_ASSERT_EQUAL(kInThreeDays, header(response, "Expires").value_or(""));
        const PhotoQuery& query = provider.queries.at(0);
        CPPUNIT_ASSERT(query.kind == IdentityKind::Email);
        CPPUNIT_ASSERT_EQUAL(std::string("alice@corp.example"), query.value);
        CPPUNIT_ASSERT_EQUAL(96, query.edge);
        // HEAD is answered like GET (httpd drops the body).
        request.method = "HEAD";
        CPPUNIT_ASSERT_EQUAL(200, run(request).status);
    }

    void restNotModifiedIs304() {
        provider.answer(PhotoStatus::NotModified);
        HttpRequest request = rest_request("email=a@b.example&size=HR48x48");
        request.headers["If-None-Match"] = "\"0A1B2C3D\"";
        HttpResponse response = run(request);
        CPPUNIT_ASSERT_EQUAL(304, response.status);
        CPPUNIT_ASSERT(response.body.empty());
        CPPUNIT_ASSERT(response.content_type.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("\"0A1B2C3D\""), header(response, "ETag").value_or(""));
        CPPUNIT_ASSERT_EQUAL(kInThreeDays, header(response, "Expires").value_or(""));
    }

    // The glue hands headers over as a lookup (httpd's table), not as a copied map: the codec
    // finds If-None-Match there, by any spelling of its name, and asks only for what it reads.
    void headersAreReadFromTheSourceOnDemand() {
        provider.answer(PhotoStatus::NotModified);
        HttpRequest request = rest_request("email=a@b.example&size=HR48x48");
        std::vector<std::string> asked;
        request.header_source = [&asked](const std::string& name) -> std::optional<std::string> {
            asked.push_back(name);
            if (iequals(name, "if-none-match")) return std::string("\"0A1B2C3D\"");
            return std::nullopt;
        };
        HttpResponse response = run(request);
        CPPUNIT_ASSERT_EQUAL(304, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("0A1B2C3D"), text_of(provider.queries.at(0).if_none_match));
        CPPUNIT_ASSERT_EQUAL(size_t(1), asked.size());
        CPPUNIT_ASSERT(request.has_header("IF-NONE-MATCH"));
        CPPUNIT_ASSERT(!request.has_header("Origin"));
        CPPUNIT_ASSERT_EQUAL(std::string(), request.header("Origin"));
        request.headers["If-None-Match"] = "\"FFFFFFFF\"";  // a copied header comes first
        CPPUNIT_ASSERT_EQUAL(std::string("\"FFFFFFFF\""), request.header("if-none-match"));
    }

    void restNotFound() {
        for (PhotoStatus status : {PhotoStatus::NoPhoto, PhotoStatus::NoSuchPerson}) {
            provider.answer(status);
            HttpResponse response = run(rest_request("email=a@b.example&size=HR48x48"));
            CPPUNIT_ASSERT_EQUAL(404, response.status);
            CPPUNIT_ASSERT(response.body.empty());
            CPPUNIT_ASSERT_EQUAL(kInOneDay, header(response, "Expires").value_or(""));
            CPPUNIT_ASSERT(!header(response, "ETag"));
        }
    }

    void restSelfUsesTheAuthenticatedUser() {
        provider.answer(PhotoStatus::Ok);
        HttpRequest request = rest_request("size=HR120x120");
        request.remote_user = "alice";
        CPPUNIT_ASSERT_EQUAL(200, run(request).status);
        const PhotoQuery& query = provider.queries.at(0);
        CPPUNIT_ASSERT(query.kind == IdentityKind::RemoteUser);
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), query.value);
        CPPUNIT_ASSERT_EQUAL(120, query.edge);
    }

    void restSelfWithoutUserIsNotFound() {
        provider.answer(PhotoStatus::Ok);
        HttpResponse response = run(rest_request("size=HR120x120"));
        CPPUNIT_ASSERT_EQUAL(404, response.status);
        CPPUNIT_ASSERT(provider.queries.empty());
        bool warned = false;
        for (const auto& [level, text] : logged) warned |= level == LogLevel::Warn && text.find("authenticat") != std::string::npos;
        CPPUNIT_ASSERT(warned);
    }

    void restBadQueryIs400() {
        provider.answer(PhotoStatus::Ok);
        HttpResponse size = run(rest_request("email=a@b.example&size=HR50x50"));
        CPPUNIT_ASSERT_EQUAL(400, size.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=utf-8"), size.content_type);
        CPPUNIT_ASSERT_EQUAL(std::string("The requested size is invalid.\n"), size.body);
        HttpResponse email = run(rest_request("email=&size=HR48x48"));
        CPPUNIT_ASSERT_EQUAL(400, email.status);
        CPPUNIT_ASSERT_EQUAL(std::string("The SMTP address format is invalid.\n"), email.body);
        CPPUNIT_ASSERT(provider.queries.empty());
    }

    void restInvalidIdentityAndUnavailable() {
        provider.answer(PhotoStatus::InvalidIdentity);
        CPPUNIT_ASSERT_EQUAL(400, run(rest_request("email=a@b.example")).status);
        provider.answer(PhotoStatus::Unavailable);
        HttpResponse response = run(rest_request("email=a@b.example"));
        CPPUNIT_ASSERT_EQUAL(503, response.status);
        CPPUNIT_ASSERT(!header(response, "ETag"));
    }

    void methodsAreRouted() {
        provider.answer(PhotoStatus::Ok);
        HttpRequest get_soap = soap_request();
        get_soap.method = "GET";
        HttpResponse soap = run(get_soap);
        CPPUNIT_ASSERT_EQUAL(405, soap.status);
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), header(soap, "Allow").value_or(""));
        HttpRequest post_rest = rest_request("email=a@b.example");
        post_rest.method = "POST";
        HttpResponse rest = run(post_rest);
        CPPUNIT_ASSERT_EQUAL(405, rest.status);
        CPPUNIT_ASSERT_EQUAL(std::string("GET, HEAD"), header(rest, "Allow").value_or(""));
        CPPUNIT_ASSERT(provider.queries.empty());
    }

    void providerExceptionsBecome500() {
        provider.answer(PhotoStatus::Ok);
        provider.throw_instead = true;
        expect_soap_fault(run(soap_request()), FaultCode::InternalServerError);
        HttpResponse rest = run(rest_request("email=a@b.example"));
        CPPUNIT_ASSERT_EQUAL(500, rest.status);
        bool reported = false;
        for (const auto& [level, text] : logged) reported |= level == LogLevel::Error && text.find("exploded") != std::string::npos;
        CPPUNIT_ASSERT(reported);
    }

    void okWithoutPictureIsNotFound() {
        provider.answer(PhotoStatus::Ok);
        provider.next.jpeg.clear();
        HttpResponse soap = run(soap_request());
        CPPUNIT_ASSERT_EQUAL(404, soap.status);
        CPPUNIT_ASSERT_EQUAL(render_not_found(), soap.body);
        CPPUNIT_ASSERT_EQUAL(404, run(rest_request("email=a@b.example")).status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EwsHandlerTest);
