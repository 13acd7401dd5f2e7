# lib/status: the operator's numbers (request counters that can live in shared memory) and the
# status page's renderings (HTML, JSON, Prometheus text). Uses base only.
lib_libuserphoto_la_SOURCES += \
	lib/status/request_counters.h lib/status/request_counters.cc \
	lib/status/child_figures.h lib/status/child_figures.cc \
	lib/status/status_report.h lib/status/status_report.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_status.cc tests/unit/test_host_counters.cc
