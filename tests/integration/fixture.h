// Base fixture: every integration test fails when the httpd error log gains a crashed child or an
// [error]/[warn] line the test did not expect.
#pragma once
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

#include "integration/environment.h"

namespace itest {

class LogWatch {
public:
    explicit LogWatch(std::string path);
    std::vector<std::string> new_lines() const;
    // Lines that mean trouble and match none of `allowed` (substrings).
    std::vector<std::string> unexpected(const std::vector<std::string>& allowed) const;

private:
    std::string path_;
    long offset_ = 0;
};

class IntegrationFixture : public CppUnit::TestFixture {
public:
    void setUp() override;
    void tearDown() override;

protected:
    Environment& env() { return *env_; }
    void allow_log(const std::string& substring) { allowed_.push_back(substring); }
    const LogWatch& log() const { return *watch_; }

private:
    Environment* env_ = nullptr;
    std::unique_ptr<LogWatch> watch_;
    std::vector<std::string> allowed_;
    std::vector<std::string> sanitizer_reports_;  // report files already there at setUp
};

// Files in the sanitizer report directories (ASan / UBSan of the module inside httpd).
std::vector<std::string> sanitizer_reports(const Environment& env);

// JPEG width × height of a rendition (0×0 when it is not a JPEG).
std::pair<int, int> jpeg_size(const std::string& bytes);

}  // namespace itest
