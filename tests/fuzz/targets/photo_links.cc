// Signed photo links: the onOffice link verifier on arbitrary tails, the Salesforce e-mail link
// signer's verify, and both links' handlers through their GET routes. Nothing forged may pass.
#include <cstdlib>
#include <string>

#include "fuzz/protocol_targets.h"
#include "protocol/onoffice/handler.h"
#include "protocol/onoffice/photo_link.h"
#include "service/link_signer.h"

namespace {

using namespace userphoto;

const char* kSecret = "fuzz-link-secret-0123456789";

class OnePerson : public PeopleDirectory {
public:
    const PeopleAttributes& attributes() const override { return attrs_; }
    PeoplePage list(const PeopleQuery&, const Logger&) override { return {}; }

private:
    PeopleAttributes attrs_;
};

// Number 1001's photo, version 0A0B0C0D.
class OnePhoto : public PhotoProvider {
public:
    PhotoResult get_photo(const PhotoQuery& query, const Logger&) override {
        PhotoResult r;
        r.status = query.value == "1001" ? PhotoStatus::Ok : PhotoStatus::NoPhoto;
        if (r.status == PhotoStatus::Ok) {
            r.etag = "0A0B0C0D";
            r.jpeg = "\xFF\xD8jpeg";
        }
        return r;
    }
};

}  // namespace

USERPHOTO_FUZZ_TARGET(photo_links) {
    const std::string tail(reinterpret_cast<const char*>(data), size);
    if (auto link = onoffice::verify_link(tail, kSecret)) {
        // Only a link this secret signed verifies: it must be exactly what link_path makes.
        if ("photo/" + tail != onoffice::link_path(*link, kSecret) && tail != onoffice::link_path(*link, kSecret).substr(6))
            abort();
    }
    LinkSigner signer(kSecret);
    const size_t cut = tail.find('|');
    if (cut != std::string::npos && signer.verify(std::string_view(tail).substr(0, cut), 4102444800,
                                                  std::string_view(tail).substr(cut + 1), 1700000000))
        if (signer.sign(std::string_view(tail).substr(0, cut), 4102444800) != tail.substr(cut + 1)) abort();

    OnePerson people;
    OnePhoto photos;
    onoffice::OnOfficeOptions options;
    options.link_secret = kSecret;
    HttpRequest request;
    request.method = "GET";
    request.path = "/api/photo/" + tail;
    request.now = 1700000000;
    const HttpResponse response = onoffice::handle_onoffice(request, people, photos, options, Logger());
    if (response.status == 200) abort();  // nothing unsigned may be served
    return 0;
}
