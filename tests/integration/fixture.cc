#include "integration/fixture.h"

#include <fstream>
#include <memory>

#include "image/photo_image.h"

namespace itest {

LogWatch::LogWatch(std::string path) : path_(std::move(path)) {
    std::ifstream in(path_, std::ios::ate);
    offset_ = in ? static_cast<long>(in.tellg()) : 0;
}

std::vector<std::string> LogWatch::new_lines() const {
    std::vector<std::string> lines;
    std::ifstream in(path_);
    if (!in) return lines;
    in.seekg(offset_);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

std::vector<std::string> LogWatch::unexpected(const std::vector<std::string>& allowed) const {
    static const char* trouble[] = {":error]", ":warn]", ":crit]", ":alert]", ":emerg]", "exit signal", "AH00052",
                                    "Segmentation fault", "AddressSanitizer", "runtime error:"};
    static const char* always_bad[] = {"exit signal", "AH00052", "Segmentation fault", "AddressSanitizer", "runtime error:"};
    std::vector<std::string> out;
    for (const auto& line : new_lines()) {
        bool bad = false;
        for (const char* t : trouble) bad = bad || line.find(t) != std::string::npos;
        if (!bad) continue;
        bool crash = false;
        for (const char* t : always_bad) crash = crash || line.find(t) != std::string::npos;
        bool ok = false;
        if (!crash)
            for (const auto& a : allowed) ok = ok || line.find(a) != std::string::npos;
        if (!ok) out.push_back(line);
    }
    return out;
}

void IntegrationFixture::setUp() {
    env_ = &Environment::get();
    watch_ = std::make_unique<LogWatch>(env_->error_log_path());
    allowed_.clear();
}

void IntegrationFixture::tearDown() {
    if (!watch_) return;  // setUp failed (the environment did not start): that is the test's failure
    auto bad = watch_->unexpected(allowed_);
    if (!bad.empty()) {
        std::string text = "unexpected error-log lines:";
        for (const auto& l : bad) text += "\n  " + l;
        CPPUNIT_FAIL(text);
    }
}

std::pair<int, int> jpeg_size(const std::string& bytes) {
    auto probe = userphoto::image::probe_jpeg(bytes, userphoto::image::Limits{});
    if (probe.error != userphoto::image::ImageError::None) return {0, 0};
    return {probe.width, probe.height};
}

}  // namespace itest
