// The hostile soak: many keep-alive connections mixing every route with valid and hostile requests
// against a running test environment, for a bounded time. It counts statuses per request kind,
// flags statuses outside each kind's allowed set, samples the httpd children's RSS, and compares
// the directory before and after (only the authorised writers' photo attributes may change).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "integration/environment.h"

namespace soak {

struct Options {
    int seconds = 20;
    int connections = 64;
    double rss_tolerance = 0.10;  // last sample vs the one after warm-up
    // The soak runs its own httpd with a small in-process photo cache (UserPhotoCacheMemory), so
    // that filling the cache cannot hide a leak: per child, growth beyond this cap fails the run.
    long cache_allowance_kb = 4 * 1024;
};

struct KindStats {
    long requests = 0;
    long violations = 0;
    std::map<long, long> statuses;  // 0 = transport failure
    std::string example;            // first violation, for the report
};

struct Report {
    std::map<std::string, KindStats> kinds;
    long total_requests = 0;
    long total_violations = 0;
    long rss_warm_kb = 0;   // summed over children alive at both samples
    long rss_end_kb = 0;
    long rss_first_kb = 0;  // first sample of all, for information
    int rss_samples = 0;
    int rss_children = 0;   // children alive at both samples
    long cache_allowance_kb = 0;
    std::vector<std::string> crash_lines;      // error-log lines of crashed children
    std::vector<std::string> directory_diffs;  // changes outside the authorised photo writes
    std::vector<std::string> setup_errors;

    bool rss_flat(double tolerance) const;
    bool ok(double tolerance) const;
    std::string table() const;
    std::string problems(double tolerance) const;  // empty when ok
};

// Runs against `env` (already started). Writes only to the dedicated people named in soak.cc.
// Starts a dedicated httpd (same configuration as the suite's, small cache) against the suite's
// slapd and soaks it.
Report run(itest::Environment& env, const Options& options);

}  // namespace soak
