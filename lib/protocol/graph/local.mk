# lib/protocol/graph: Microsoft Graph profile photos (routes, GUID ids, metadata JSON, errors,
# handler). Calls PhotoProvider / PhotoEditor only.
lib_libuserphoto_la_SOURCES += \
	lib/protocol/graph/guid.h lib/protocol/graph/guid.cc \
	lib/protocol/graph/routes.h lib/protocol/graph/routes.cc \
	lib/protocol/graph/errors.h lib/protocol/graph/errors.cc \
	lib/protocol/graph/photo_json.h lib/protocol/graph/photo_json.cc \
	lib/protocol/graph/graph_handler.h lib/protocol/graph/graph_handler.cc

tests_unit_unit_tests_SOURCES += \
	tests/unit/test_graph_routes.cc \
	tests/unit/test_graph_json.cc \
	tests/unit/test_graph_handler.cc
