#include "integration/fixture.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
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
    // Start-up warnings the test configuration causes on purpose (anonymous EWS locations), and the
    // pool's recovery after a test restarted slapd: every child (many under prefork) finds its idle
    // connection dead at its next search and reconnects once. A failed reconnect logs other lines.
    static const char* by_design[] = {"UserPhotoEWSAllowAnonymous on for", "retrying once on a new connection"};
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
        if (!crash)
            for (const char* d : by_design) ok = ok || line.find(d) != std::string::npos;
        if (!ok) out.push_back(line);
    }
    return out;
}

void IntegrationFixture::setUp() {
    env_ = nullptr;
    watch_.reset();
    env_ = &Environment::get();
    watch_ = std::make_unique<LogWatch>(env_->error_log_path());
    allowed_.clear();
    sanitizer_reports_ = sanitizer_reports(*env_);
}

void IntegrationFixture::tearDown() {
    if (!env_ || !watch_) return;  // setUp failed (and reported why)
    for (const auto& report : sanitizer_reports(*env_)) {
        if (std::find(sanitizer_reports_.begin(), sanitizer_reports_.end(), report) != sanitizer_reports_.end()) continue;
        std::ifstream in(report);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CPPUNIT_FAIL("sanitizer report " + report + ":\n" + text.substr(0, 4000));
    }
    auto bad = watch_->unexpected(allowed_);
    if (!bad.empty()) {
        std::string text = "unexpected error-log lines:";
        for (const auto& l : bad) text += "\n  " + l;
        CPPUNIT_FAIL(text);
    }
}

std::vector<std::string> sanitizer_reports(const Environment& env) {
    std::vector<std::string> files;
    for (const auto& dir : env.sanitizer_report_dirs()) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
            if (entry.is_regular_file()) files.push_back(entry.path().string());
    }
    return files;
}

std::pair<int, int> jpeg_size(const std::string& bytes) {
    auto probe = userphoto::image::probe_jpeg(bytes, userphoto::image::Limits{});
    if (probe.error != userphoto::image::ImageError::None) return {0, 0};
    return {probe.width, probe.height};
}

}  // namespace itest
