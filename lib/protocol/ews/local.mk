# lib/protocol/ews: Exchange Web Services GetUserPhoto, SOAP and REST (parse → PhotoProvider → render).
lib_libuserphoto_la_SOURCES += \
	lib/protocol/ews/ews_namespaces.h \
	lib/protocol/ews/ews_fault.h lib/protocol/ews/ews_fault.cc \
	lib/protocol/ews/ews_sizes.h lib/protocol/ews/ews_sizes.cc \
	lib/protocol/ews/ews_email.h lib/protocol/ews/ews_email.cc \
	lib/protocol/ews/ews_soap_request.h lib/protocol/ews/ews_soap_request.cc \
	lib/protocol/ews/ews_soap_response.h lib/protocol/ews/ews_soap_response.cc \
	lib/protocol/ews/ews_rest_request.h lib/protocol/ews/ews_rest_request.cc \
	lib/protocol/ews/ews_handler.h lib/protocol/ews/ews_handler.cc

tests_unit_unit_tests_SOURCES += \
	tests/unit/test_ews_sizes.cc \
	tests/unit/test_ews_soap_request.cc \
	tests/unit/test_ews_soap_response.cc \
	tests/unit/test_ews_rest.cc \
	tests/unit/test_ews_handler.cc
