// The whole EWS endpoint over a fake in-memory directory. Input layout, fields separated by NUL:
//   <selector byte><path>\0<query>\0<If-None-Match>\0<remote user>\0<body>
// The selector picks the method (low 2 bits) and what the fake directory answers (next 3 bits).
#include <libxml/parser.h>

#include <string>
#include <vector>

#include "fuzz/fuzz_targets.h"
#include "protocol/ews/ews_handler.h"

namespace userphoto::fuzz {
namespace {

class ScriptedProvider : public PhotoProvider {
public:
    explicit ScriptedProvider(PhotoStatus status) : status_(status) {}
    PhotoResult get_photo(const PhotoQuery& query, const Logger&) override {
        check(!query.value.empty() || query.kind == IdentityKind::RemoteUser, "the provider gets an identity");
        PhotoResult result;
        result.status = status_;
        if (status_ == PhotoStatus::Ok || status_ == PhotoStatus::NotModified) result.etag = "0A1B2C3D";
        if (status_ == PhotoStatus::Ok) {
            result.jpeg = std::string("\xFF\xD8\xFF\xE0 fake jpeg \xFF\xD9", 16);
            result.edge = query.edge;
        }
        return result;
    }

private:
    PhotoStatus status_;
};

std::vector<std::string_view> split_fields(std::string_view input, std::size_t count) {
    std::vector<std::string_view> fields;
    while (fields.size() + 1 < count) {
        auto nul = input.find('\0');
        if (nul == std::string_view::npos) break;
        fields.push_back(input.substr(0, nul));
        input.remove_prefix(nul + 1);
    }
    fields.push_back(input);
    fields.resize(count);
    return fields;
}

bool well_formed_xml(const std::string& text) {
    xmlDocPtr doc = xmlReadMemory(text.data(), static_cast<int>(text.size()), "answer.xml", nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) return false;
    xmlFreeDoc(doc);
    return true;
}

}  // namespace

void ews_handler(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return;
    static const char* const kMethods[] = {"GET", "POST", "HEAD", "PUT"};
    static const PhotoStatus kStatuses[] = {PhotoStatus::Ok, PhotoStatus::NotModified, PhotoStatus::NoPhoto,
                                            PhotoStatus::NoSuchPerson, PhotoStatus::InvalidIdentity,
                                            PhotoStatus::Unavailable, PhotoStatus::Ok, PhotoStatus::NoSuchPerson};
    const std::uint8_t selector = data[0];
    auto fields = split_fields(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1), 5);

    HttpRequest request;
    request.method = kMethods[selector & 3];
    request.path = std::string(fields[0]);
    request.query = std::string(fields[1]);
    if (!fields[2].empty()) request.headers["If-None-Match"] = std::string(fields[2]);
    request.remote_user = std::string(fields[3]);
    request.body = std::string(fields[4]);
    request.now = 1700000000;
    request.base_url = "http://127.0.0.1";

    ScriptedProvider provider(kStatuses[(selector >> 2) & 7]);
    ews::EwsOptions options;
    options.not_found_status_500 = (selector & 0x20) != 0;
    options.allow_anonymous = (selector & 0x40) == 0;
    HttpResponse response = ews::handle_ews(request, provider, options, Logger());

    check(response.status >= 200 && response.status <= 599, "an HTTP status");
    if (response.content_type.starts_with("text/xml"))
        check(well_formed_xml(response.body), "every SOAP answer is well-formed XML");
    if (response.status == 304) check(response.body.empty(), "304 has no body");
    for (const auto& [name, value] : response.headers) {
        check(name.find_first_of("\r\n:") == std::string::npos, "header names carry no CR, LF or colon");
        check(value.find_first_of("\r\n") == std::string::npos, "header values carry no CR or LF");
    }
}

}  // namespace userphoto::fuzz
