# lib/protocol: wire codecs (parse → call PhotoProvider → render). No LDAP, no libjpeg.
lib_libuserphoto_la_SOURCES += \
	lib/protocol/http_exchange.h \
	lib/protocol/json_input.h lib/protocol/json_input.cc \
	lib/protocol/xml_safe.h lib/protocol/xml_safe.cc \
	lib/protocol/etag_header.h lib/protocol/etag_header.cc \
	lib/protocol/body_source.h lib/protocol/body_source.cc \
	lib/protocol/write_access.h lib/protocol/write_access.cc \
	lib/protocol/ews_namespaces.h \
	lib/protocol/ews_fault.h lib/protocol/ews_fault.cc \
	lib/protocol/ews_sizes.h lib/protocol/ews_sizes.cc \
	lib/protocol/ews_email.h lib/protocol/ews_email.cc \
	lib/protocol/ews_soap_request.h lib/protocol/ews_soap_request.cc \
	lib/protocol/ews_soap_response.h lib/protocol/ews_soap_response.cc \
	lib/protocol/ews_rest_request.h lib/protocol/ews_rest_request.cc \
	lib/protocol/ews_handler.h lib/protocol/ews_handler.cc

tests_unit_unit_tests_SOURCES += \
	tests/unit/test_json_input.cc \
	tests/unit/test_ews_xml_safe.cc \
	tests/unit/test_ews_sizes.cc \
	tests/unit/test_ews_soap_request.cc \
	tests/unit/test_ews_soap_response.cc \
	tests/unit/test_ews_rest.cc \
	tests/unit/test_ews_handler.cc
