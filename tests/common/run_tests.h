// Shared CppUnit runner: runs every registered suite (or those named on the command line) and
// ends with the line "N passed, M failed".
#pragma once

int run_registered_tests(int argc, char** argv);
