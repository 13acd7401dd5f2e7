#include "protocol/ews/ews_sizes.h"

#include "util/strings.h"

namespace userphoto::ews {
namespace {

struct SizeCode {
    std::string_view code;
    int edge;
};

constexpr SizeCode kSizeCodes[] = {
    {"HR48x48", 48},       {"HR64x64", 64},       {"HR96x96", 96},
    {"HR120x120", 120},    {"HR240x240", 240},    {"HR360x360", 360},
    {"HR432x432", 432},    {"HR504x504", 504},    {"HR648x648", 648},
    // Newer schemas: "as large as you have". We never go above the largest listed size. The
    // schema has no square spelling of these (HR1024x1024 is an unknown code, refused).
    {"HR1024xN", kLargestEdge}, {"HR1920xN", kLargestEdge},
};

}  // namespace

std::optional<int> edge_for_size_code(std::string_view code, SizeCodeCase match) noexcept {
    for (const SizeCode& known : kSizeCodes) {
        bool same = match == SizeCodeCase::Exact ? code == known.code : iequals(code, known.code);
        if (same) return known.edge;
    }
    return std::nullopt;
}

}  // namespace userphoto::ews
