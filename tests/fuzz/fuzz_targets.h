// The fuzz targets: one function per parser that sees outside bytes. The same functions run under
// libFuzzer (`make fuzz`, clang, ASan + UBSan) and as corpus replay in the unit tests.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace userphoto::fuzz {

using TargetFunction = void (*)(const std::uint8_t* data, std::size_t size);

struct Target {
    const char* name;  // also the corpus directory tests/fuzz/corpus/<name>/
    TargetFunction run;
};

std::span<const Target> all_targets();
const Target* find_target(std::string_view name);

// Called by a target when an invariant of the code under test does not hold. Defined twice: the
// libFuzzer driver aborts (a crash libFuzzer records), the replay test throws (a test failure).
[[noreturn]] void invariant_failed(const char* what);

inline void check(bool condition, const char* what) {
    if (!condition) invariant_failed(what);
}

// The individual targets (tests/fuzz/targets/*.cc).
void ews_soap(const std::uint8_t* data, std::size_t size);
void ews_rest_query(const std::uint8_t* data, std::size_t size);
void ews_handler(const std::uint8_t* data, std::size_t size);
void jpeg(const std::uint8_t* data, std::size_t size);
void ldap_url(const std::uint8_t* data, std::size_t size);
void ldap_filter(const std::uint8_t* data, std::size_t size);
void config_values(const std::uint8_t* data, std::size_t size);
void sync_messages(const std::uint8_t* data, std::size_t size);

}  // namespace userphoto::fuzz
