// tests/soak/soak [seconds]: starts slapd + httpd as the integration tests do, runs the hostile
// soak (default 120 s) and prints the summary table. Exit status 0 when nothing was violated.
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "soak/soak.h"

int main(int argc, char** argv) {
    soak::Options options;
    options.seconds = argc > 1 ? std::atoi(argv[1]) : 120;
    if (options.seconds <= 0 || options.seconds > 24 * 3600) {
        std::cerr << "usage: soak [seconds]\n";
        return 2;
    }
    try {
        itest::Environment& env = itest::Environment::get();
        std::cout << "soak: " << options.connections << " connections for " << options.seconds << " s against "
                  << env.mpm() << " MPM on port " << env.httpd_port() << std::endl;
        const soak::Report report = soak::run(env, options);
        std::cout << report.table();
        const std::string problems = report.problems(options.rss_tolerance);
        std::cout << (problems.empty() ? "soak: OK\n" : "soak: FAILED\n" + problems);
        return problems.empty() ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "soak: " << e.what() << "\n";
        return 1;
    }
}
