// Microsoft Graph requests through the whole codec against a fixed fake directory: routes, ids
// (GUIDs, names), conditional headers, client-request-id and an upload body. The input's lines are
// method, path, If-None-Match, If-Match, client-request-id, Content-Length; the rest is the body.
// A finding: any 500, an error body that is not Graph's JSON, or a metadata body that is not JSON.
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz/protocol_targets.h"
#include "protocol/graph/graph_handler.h"

using namespace userphoto;

namespace {

class FixedDirectory : public PhotoProvider, public PhotoEditor {
public:
    PersonPhotoInfo lookup(const PhotoQuery& q, const Logger&) override {
        PersonPhotoInfo info;
        if (q.value.size() % 3 == 0) return info;  // some names exist, some do not
        info.status = q.value.size() % 3 == 1 ? PhotoStatus::Ok : PhotoStatus::NoPhoto;
        info.dn = "uid=" + q.value.substr(0, 8);
        info.profile_id = q.value.substr(0, 36);
        info.fingerprint = 0xBA09D118;
        info.largest_edge = static_cast<int>(q.value.size() * 17 % 700);
        return info;
    }
    PhotoResult get_photo(const PhotoQuery& q, const Logger& log) override {
        PhotoResult r;
        PersonPhotoInfo info = lookup(q, log);
        r.status = info.status;
        if (r.status != PhotoStatus::Ok) return r;
        r.etag = "BA09D118";
        if (q.if_none_match.matches(r.etag)) r.status = PhotoStatus::NotModified;
        else r.jpeg = "jpeg";
        return r;
    }
    WriteResult upload(const std::string&, std::string_view picture, const std::optional<PhotoCrop>&,
                       const Logger&) override {
        WriteResult r;
        r.status = picture.size() % 2 ? WriteStatus::NotAnImage : WriteStatus::Ok;
        return r;
    }
    WriteResult remove(const std::string&, const Logger&) override { return WriteResult{WriteStatus::Ok, ""}; }
    std::string default_photo(int) override { return "default"; }
};

std::string_view next_line(std::string_view& input) {
    const size_t nl = input.find('\n');
    std::string_view line = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    return line;
}

}  // namespace

USERPHOTO_FUZZ_TARGET(graph_request) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    HttpRequest request;
    request.method = std::string(next_line(input));
    request.path = std::string(next_line(input));
    const char* headers[] = {"If-None-Match", "If-Match", "client-request-id", "Content-Length"};
    for (const char* name : headers) {
        std::string_view value = next_line(input);
        if (!value.empty()) request.headers[name] = std::string(value);
    }
    request.remote_user = request.path.size() % 5 ? "caller@example.test" : "";
    request.base_url = "https://h";
    request.now = 1'700'000'000;
    StringBodySource body{std::string(input), 13};
    FixedDirectory directory;
    graph::GraphOptions options;
    options.max_upload_bytes = 4096;
    options.admin_users = {"caller@example.test"};
    HttpResponse response = graph::handle_graph(request, body, directory, directory, options, Logger());
    if (response.status >= 500) abort();
    if (response.content_type == "application/json") {
        auto doc = nlohmann::json::parse(response.body, nullptr, false);
        if (doc.is_discarded()) abort();
        if (response.status >= 400 && !doc["error"]["innerError"].contains("request-id")) abort();
    }
    return 0;
}
