// Avatar requests: the first line is the path, the rest the raw query, a second line (if any) an
// If-None-Match header. Any input gets 200/302/304/400/404/405/503 — never a 500 — and a redirect
// only to the allowed host.
#include <cstdlib>
#include <string>

#include "fuzz/protocol_targets.h"
#include "protocol/avatar/avatar_handler.h"

namespace {

using namespace userphoto;

class Anyone : public AvatarProvider {
public:
    AvatarPerson find(const AddressDigest& digest, const Logger&) override {
        AvatarPerson p;
        p.status = digest.bytes[0] & 1 ? AvatarPerson::Status::Known : AvatarPerson::Status::Unknown;
        p.initials = "AB";
        p.key = "a@example.test";
        return p;
    }
    AvatarImage photo(const AvatarPerson&, int, AvatarFormat, const EtagCondition& condition, const Logger&) override {
        AvatarImage image;
        image.etag = "PHOTO";
        image.status = condition.matches(image.etag) ? AvatarImage::Status::NotModified : AvatarImage::Status::Ok;
        image.bytes = "bytes";
        return image;
    }
    AvatarImage picture(AvatarPictureKind, const std::string&, const std::string& text, int edge, AvatarFormat,
                        const Logger&) override {
        if (edge < 1 || edge > 2048 || text.size() > 3) std::abort();  // the codec bounds both
        AvatarImage image;
        image.status = AvatarImage::Status::Ok;
        image.bytes = "drawn";
        return image;
    }
};

}  // namespace

USERPHOTO_FUZZ_TARGET(avatar_request) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const size_t first = input.find('\n');
    const size_t second = first == std::string::npos ? std::string::npos : input.find('\n', first + 1);
    HttpRequest request;
    request.method = "GET";
    const std::string target = input.substr(0, first);
    const size_t question = target.find('?');
    request.path = "/avatar/" + target.substr(0, question);
    if (question != std::string::npos) request.query = target.substr(question + 1);
    if (first != std::string::npos) request.headers["If-None-Match"] = input.substr(first + 1, second - first - 1);
    avatar_protocol::AvatarOptions options;
    options.redirect_hosts = {"img.example.test"};
    Anyone provider;
    const HttpResponse response = avatar_protocol::handle_avatar(request, provider, options, Logger());
    switch (response.status) {
        case 200: case 302: case 304: case 400: case 404: case 405: case 503: break;
        default: std::abort();
    }
    if (response.status == 302) {
        std::string location;
        for (const auto& [name, value] : response.headers)
            if (name == "Location") location = value;
        if (avatar_protocol::redirect_host(location) != "img.example.test") std::abort();
    }
    return 0;
}
