// onOffice API: the whole request through the handler (envelope, token, signature checks), then
// the parts a forged signature never reaches: the body parser with its parameter spans, the parameter parser and
// the filter translation, fed whatever JSON the input holds.
#include <nlohmann/json.hpp>

#include "fuzz/protocol_targets.h"
#include "protocol/onoffice/filter_translation.h"
#include "protocol/onoffice/handler.h"
#include "protocol/onoffice/request_body.h"
#include "protocol/onoffice/userphoto_read.h"

namespace {

using namespace userphoto;

class NoPeople : public PeopleDirectory {
public:
    const PeopleAttributes& attributes() const override { return attrs_; }
    PeoplePage list(const PeopleQuery&, const Logger&) override { return {}; }

private:
    PeopleAttributes attrs_;
};

class NoPhotos : public PhotoProvider {
public:
    PhotoResult get_photo(const PhotoQuery&, const Logger&) override { return {}; }
};

}  // namespace

USERPHOTO_FUZZ_TARGET(onoffice_api) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    NoPeople people;
    NoPhotos photos;
    onoffice::OnOfficeOptions options;
    options.users = {{"tok", "secret-0123456789", true}};
    options.link_secret = "fuzz-link-secret-0123456789";
    HttpRequest request;
    request.method = "POST";
    request.path = "/api/stable/api.php";
    request.body = body;
    request.base_url = "http://fuzz";
    request.now = 1700000000;
    (void)onoffice::handle_onoffice(request, people, photos, options, Logger());

    const onoffice::RequestBody parsed = onoffice::parse_request_body(body);
    if (!parsed.json.ok) return 0;
    const nlohmann::json& doc = parsed.json.value;
    const auto fields = onoffice::default_field_map(people.attributes());
    (void)onoffice::translate_filter(doc, fields);
    if (doc.is_object()) {
        const auto filter = doc.find("filter");
        if (filter != doc.end()) (void)onoffice::translate_filter(*filter, fields);
        const auto resourceid = doc.find("resourceid");
        (void)onoffice::parse_userphoto_read(doc, resourceid != doc.end() ? *resourceid : nlohmann::json(""), fields,
                                             people.attributes());
    }
    return 0;
}
