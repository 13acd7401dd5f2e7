// A short hostile soak (20 s, 64 connections, every route, valid and hostile requests) so that CI
// covers it; tests/soak/run.sh runs a longer one.
#include <limits>
#include <cstdlib>
#include <iostream>

#include "integration/fixture.h"
#include "soak/soak.h"

using namespace itest;

class SoakTest : public IntegrationFixture {
    CPPUNIT_TEST_SUITE(SoakTest);
    CPPUNIT_TEST(hostile_mix_for_twenty_seconds);
    CPPUNIT_TEST_SUITE_END();

public:
    void hostile_mix_for_twenty_seconds() {
        // Expected log lines of the hostile requests (crashes are never allowed by the fixture).
        for (const char* line : {"is not a usable photo", "more than one directory entry", "authentication failure",
                                 "oidc_", "auth_openidc", "unknown token", "not found in directory",
                                 // httpd core, for a 5000-character link segment: ENAMETOOLONG in map_to_storage
                                 "AH00127", "File name too long",
                                 // 64 connections fill the test server's 64 workers, by design
                                 "AH10159", "AH00484"})
            allow_log(line);
        soak::Options options;
        const char* seconds = std::getenv("USERPHOTO_SOAK_SECONDS");
        options.seconds = seconds && *seconds ? std::atoi(seconds) : 20;
        const soak::Report report = soak::run(env(), options);
        std::cerr << "\n" << report.table();
        CPPUNIT_ASSERT_MESSAGE("too few requests for a soak", report.total_requests > options.seconds * 20L);
        CPPUNIT_ASSERT_EQUAL(size_t(32), report.kinds.size());  // every request kind was sent
        // Under the sanitizers a freed block waits in ASan's quarantine (up to 256 MiB per process)
        // before reuse, so the children's RSS grows by design there: flat memory is checked in the
        // normal builds, the sanitizer build checks memory errors.
        // (The environment, made by soak::run, has set USERPHOTO_HTTPD_PRELOAD for a sanitizer build.)
        if (const char* preload = std::getenv("USERPHOTO_HTTPD_PRELOAD"); preload && *preload)
            options.rss_tolerance = std::numeric_limits<double>::infinity();
        const std::string problems = report.problems(options.rss_tolerance);
        CPPUNIT_ASSERT_MESSAGE(problems, problems.empty());
    }
};

// Registered apart: the runner includes it unless USERPHOTO_SKIP_SOAK is set (for quick local runs;
// it is then neither run nor counted).
CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SoakTest, "soak");
