#include "fuzz/fuzz_targets.h"

#include "fuzz/protocol_targets.h"

namespace userphoto::fuzz {
namespace {

// A later protocol adds its parser here, plus tests/fuzz/targets/<name>.cc and a seed corpus.
constexpr Target kTargets[] = {
    {"ews_soap", ews_soap},
    {"ews_rest_query", ews_rest_query},
    {"ews_handler", ews_handler},
    {"jpeg", jpeg},
    {"ldap_url", ldap_url},
    {"ldap_filter", ldap_filter},
    {"config_values", config_values},
    {"sync_messages", sync_messages},
    // Protocol parsers: their targets return 0 and abort on a finding themselves.
    {"onoffice_api", [](const std::uint8_t* d, std::size_t n) { userphoto_fuzz_onoffice_api(d, n); }},
    {"chatter_multipart", [](const std::uint8_t* d, std::size_t n) { userphoto_fuzz_chatter_multipart(d, n); }},
    {"chatter_request", [](const std::uint8_t* d, std::size_t n) { userphoto_fuzz_chatter_request(d, n); }},
    {"upload_image", [](const std::uint8_t* d, std::size_t n) { userphoto_fuzz_upload_image(d, n); }},
    {"photo_links", [](const std::uint8_t* d, std::size_t n) { userphoto_fuzz_photo_links(d, n); }},
    {"cache_records", [](const std::uint8_t* d, std::size_t n) { userphoto_fuzz_cache_records(d, n); }},
    {"graph_request", [](const std::uint8_t* d, std::size_t n) { userphoto_fuzz_graph_request(d, n); }},
    {"avatar_request", [](const std::uint8_t* d, std::size_t n) { userphoto_fuzz_avatar_request(d, n); }},
};

}  // namespace

std::span<const Target> all_targets() { return kTargets; }

const Target* find_target(std::string_view name) {
    for (const auto& target : kTargets)
        if (name == target.name) return &target;
    return nullptr;
}

}  // namespace userphoto::fuzz
