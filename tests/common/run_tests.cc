#include "common/run_tests.h"

#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestFailure.h>
#include <cppunit/TestListener.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/TestSuite.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>

namespace {

// Prints one line per test and counts tests (not assertions) that passed or failed.
class CountingListener : public CppUnit::TestListener {
public:
    void startTest(CppUnit::Test*) override { failed_current_ = false; }
    void addFailure(const CppUnit::TestFailure&) override { failed_current_ = true; }
    void endTest(CppUnit::Test* test) override {
        if (failed_current_) {
            ++failed_;
            std::printf("FAIL %s\n", test->getName().c_str());
        } else {
            ++passed_;
            std::printf("ok   %s\n", test->getName().c_str());
        }
        std::fflush(stdout);
    }
    int passed() const { return passed_; }
    int failed() const { return failed_; }

private:
    bool failed_current_ = false;
    int passed_ = 0;
    int failed_ = 0;
};

}  // namespace

int run_registered_tests(int argc, char** argv) {
    CppUnit::TestResult controller;
    CppUnit::TestResultCollector collector;
    CountingListener counter;
    controller.addListener(&collector);
    controller.addListener(&counter);

    CppUnit::TestRunner runner;
    auto* all = new CppUnit::TestSuite("All Tests");
    all->addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
    // Long-running suites registered as "soak" run unless USERPHOTO_SKIP_SOAK is set; skipped ones
    // are not run and not counted.
    const char* skip_soak = std::getenv("USERPHOTO_SKIP_SOAK");
    if (!(skip_soak && *skip_soak)) all->addTest(CppUnit::TestFactoryRegistry::getRegistry("soak").makeTest());
    // The runner owns the whole tree (so nothing leaks) and runs the named parts of it.
    runner.addTest(all);
    for (int i = 1; i < argc; ++i) {
        try {
            all->findTest(argv[i]);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "no test named %s\n", argv[i]);
            return 2;
        }
    }
    if (argc > 1) {
        for (int i = 1; i < argc; ++i) runner.run(controller, argv[i]);
    } else {
        runner.run(controller);
    }

    CppUnit::CompilerOutputter details(&collector, std::cerr);
    if (counter.failed() > 0) details.printFailureReport();
    std::printf("%d passed, %d failed\n", counter.passed(), counter.failed());
    return counter.failed() == 0 ? 0 : 1;
}

int main(int argc, char** argv) { return run_registered_tests(argc, argv); }
