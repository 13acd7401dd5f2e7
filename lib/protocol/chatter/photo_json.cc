#include "protocol/chatter/photo_json.h"

#include <nlohmann/json.hpp>

namespace userphoto::chatter {

std::time_t email_link_expiry(std::time_t now, int days) {
    constexpr std::time_t kDay = 86400;
    return (now / kDay + 1) * kDay + static_cast<std::time_t>(days) * kDay;
}

std::string signed_file_url(const std::string& prefix, const std::string& user_id, const std::string& version,
                            Variant variant, std::time_t expires, const LinkSigner& signer) {
    const std::string signature = signer.sign(signed_part(user_id, version, variant), expires);
    return file_path(prefix, user_id, version, variant, true) +
           "?expires=" + std::to_string(static_cast<long long>(expires)) + "&signature=" + signature;
}

std::string render_photo(const Route& route, const PhotoDescription& photo, const LinkSigner& signer) {
    const std::string version = photo.version_id.value_or("default");
    auto file = [&](Variant variant) {
        return photo.base_url + file_path(route.prefix, photo.user_id, version, variant, false);
    };
    auto email = [&](Variant variant) {
        return photo.base_url +
               signed_file_url(route.prefix, photo.user_id, version, variant, photo.email_links_expire, signer);
    };
    nlohmann::json out = nlohmann::json::object();
    out["fullEmailPhotoUrl"] = email(Variant::Large);
    out["largePhotoUrl"] = file(Variant::Large);
    out["mediumPhotoUrl"] = file(Variant::Medium);
    out["photoVersionId"] = photo.version_id ? nlohmann::json(*photo.version_id) : nlohmann::json(nullptr);
    out["smallPhotoUrl"] = file(Variant::Small);
    out["standardEmailPhotoUrl"] = email(Variant::Small);
    out["url"] = photo_path(route, photo.user_id);
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace userphoto::chatter
