# Fuzz targets of the protocol parsers (onOffice, Salesforce, uploads, photo links). `make check`
# replays their corpora in the unit tests (FuzzCorpusReplayProtocolsTest);
# tests/fuzz/run-protocol-fuzzers.sh builds them with libFuzzer + ASan + UBSan and fuzzes.
userphoto_protocol_fuzz_targets = tests/fuzz/onoffice_api.cc tests/fuzz/chatter_multipart.cc \
	tests/fuzz/chatter_request.cc tests/fuzz/upload_image.cc tests/fuzz/photo_links.cc
tests_unit_unit_tests_SOURCES += tests/fuzz/protocol_targets.h $(userphoto_protocol_fuzz_targets) \
	tests/unit/test_fuzz_replay_protocols.cc
tests_unit_unit_tests_CPPFLAGS += -DFUZZ_CORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus"'
EXTRA_DIST += tests/fuzz/corpus tests/fuzz/run-protocol-fuzzers.sh
