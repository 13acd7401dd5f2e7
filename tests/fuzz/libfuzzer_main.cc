// libFuzzer driver: one binary for every target, chosen by the name it runs under
// ("fuzz_<target>", a link made by `make fuzz`) or by USERPHOTO_FUZZ_TARGET.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "fuzz/fuzz_targets.h"

namespace {
const userphoto::fuzz::Target* selected = nullptr;
}

namespace userphoto::fuzz {
void invariant_failed(const char* what) {
    std::fprintf(stderr, "invariant failed: %s\n", what);
    std::abort();
}
}  // namespace userphoto::fuzz

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    std::string_view name;
    if (const char* env = std::getenv("USERPHOTO_FUZZ_TARGET")) {
        name = env;
    } else if (*argc > 0) {
        name = (*argv)[0];
        if (auto slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
        if (name.starts_with("fuzz_")) name.remove_prefix(5);
    }
    selected = userphoto::fuzz::find_target(name);
    if (!selected) {
        std::fprintf(stderr, "unknown fuzz target '%.*s'; targets:", static_cast<int>(name.size()), name.data());
        for (const auto& t : userphoto::fuzz::all_targets()) std::fprintf(stderr, " %s", t.name);
        std::fprintf(stderr, "\n");
        std::exit(2);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    selected->run(data, size);
    return 0;
}
