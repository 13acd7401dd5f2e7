#include "fuzz/fuzz_targets.h"

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
};

}  // namespace

std::span<const Target> all_targets() { return kTargets; }

const Target* find_target(std::string_view name) {
    for (const auto& target : kTargets)
        if (name == target.name) return &target;
    return nullptr;
}

}  // namespace userphoto::fuzz
