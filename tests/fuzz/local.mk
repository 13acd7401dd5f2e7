# Fuzzing. The targets (tests/fuzz/targets/*.cc) are compiled into the unit tests for corpus replay
# (every `make check`); `make fuzz` (configure --enable-fuzzing, needs clang + libFuzzer) builds
# them with clang -fsanitize=fuzzer,address,undefined over an instrumented copy of the core and runs
# each one for FUZZ_SECONDS (default 60). A new protocol adds its target file, a line in
# fuzz_targets.cc, a replay method and tests/fuzz/corpus/<name>/.
FUZZ_TARGET_SOURCES = \
	tests/fuzz/fuzz_targets.h tests/fuzz/fuzz_targets.cc \
	tests/fuzz/targets/ews_soap.cc \
	tests/fuzz/targets/ews_rest_query.cc \
	tests/fuzz/targets/ews_handler.cc \
	tests/fuzz/targets/jpeg.cc \
	tests/fuzz/targets/ldap_url.cc \
	tests/fuzz/targets/ldap_filter.cc \
	tests/fuzz/targets/config_values.cc \
	tests/fuzz/targets/sync_messages.cc \
	tests/fuzz/protocol_targets.h \
	tests/fuzz/targets/onoffice_api.cc \
	tests/fuzz/targets/chatter_multipart.cc \
	tests/fuzz/targets/chatter_request.cc \
	tests/fuzz/targets/upload_image.cc \
	tests/fuzz/targets/photo_links.cc \
	tests/fuzz/targets/cache_records.cc \
	tests/fuzz/targets/graph_request.cc \
	tests/fuzz/targets/avatar_request.cc

tests_unit_unit_tests_SOURCES += $(FUZZ_TARGET_SOURCES) tests/unit/test_fuzz_corpus_replay.cc
tests_unit_unit_tests_CPPFLAGS += -DFUZZ_CORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus"'

EXTRA_DIST += tests/fuzz/corpus tests/fuzz/run-fuzzers.sh tests/fuzz/libfuzzer_main.cc

FUZZ_SECONDS ?= 60
FUZZ_DIR = fuzz-build
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_COMPILE = $(FUZZ_CXX) -std=c++20 -g -O1 $(FUZZ_SANITIZE) -fsanitize=fuzzer-no-link \
	-I$(top_srcdir)/lib -I$(top_srcdir)/tests $(XML2_CFLAGS) $(TURBOJPEG_CFLAGS) $(EXIF_CFLAGS) \
	$(JSON_CFLAGS) $(PNG_CFLAGS) $(CRYPTO_CFLAGS)
FUZZ_OBJECTS = $(patsubst %.cc,$(FUZZ_DIR)/%.o,$(filter %.cc,$(lib_libuserphoto_la_SOURCES) \
	$(FUZZ_TARGET_SOURCES) tests/fuzz/libfuzzer_main.cc))
FUZZ_BINARY = $(FUZZ_DIR)/userphoto_fuzz

$(FUZZ_DIR)/%.o: $(top_srcdir)/%.cc
	@mkdir -p $(@D)
	$(AM_V_CXX)$(FUZZ_COMPILE) -MMD -MP -c $< -o $@

-include $(FUZZ_OBJECTS:.o=.d)

$(FUZZ_BINARY): $(FUZZ_OBJECTS)
	$(AM_V_CXXLD)$(FUZZ_CXX) $(FUZZ_SANITIZE) -fsanitize=fuzzer -o $@ $(FUZZ_OBJECTS) \
	  $(XML2_LIBS) $(TURBOJPEG_LIBS) $(EXIF_LIBS) $(PNG_LIBS) $(GIF_LIBS) $(CRYPTO_LIBS) $(LDAP_LIBS) -lpthread

if ENABLE_FUZZING
fuzz-build: $(FUZZ_BINARY)
fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(SHELL) $(top_srcdir)/tests/fuzz/run-fuzzers.sh $(FUZZ_BINARY) \
	  $(top_srcdir)/tests/fuzz/corpus $(FUZZ_DIR)/work $(FUZZ_TARGETS)
else
fuzz fuzz-build:
	@echo "make fuzz needs: ./configure --enable-fuzzing (clang with libFuzzer)" >&2; exit 1
endif
.PHONY: fuzz fuzz-build

clean-local: clean-fuzz
clean-fuzz:
	rm -rf $(FUZZ_DIR)
.PHONY: clean-fuzz
