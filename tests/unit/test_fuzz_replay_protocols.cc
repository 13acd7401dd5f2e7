// Replays every seed and regression input of the protocol fuzz targets (tests/fuzz/corpus/<target>/)
// through its target with the normal compiler, so every `make check` exercises them; a target
// aborts or crashes on a finding. Built with --enable-sanitizers the replay runs under ASan + UBSan.
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz/protocol_targets.h"

namespace {

size_t replay(const std::string& target, int (*entry)(const uint8_t*, size_t)) {
    const std::filesystem::path dir = std::filesystem::path(FUZZ_CORPUS_DIR) / target;
    size_t inputs = 0;
    for (const auto& file : std::filesystem::directory_iterator(dir)) {
        if (!file.is_regular_file()) continue;
        std::ifstream in(file.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(file.path().string(), 0, entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
        ++inputs;
    }
    // The empty input as well.
    const uint8_t empty = 0;
    CPPUNIT_ASSERT_EQUAL(0, entry(&empty, 0));
    return inputs;
}

}  // namespace

class FuzzCorpusReplayProtocolsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FuzzCorpusReplayProtocolsTest);
    CPPUNIT_TEST(onoffice_api);
    CPPUNIT_TEST(chatter_multipart);
    CPPUNIT_TEST(chatter_request);
    CPPUNIT_TEST(upload_image);
    CPPUNIT_TEST(photo_links);
    CPPUNIT_TEST_SUITE_END();

public:
    void onoffice_api() { CPPUNIT_ASSERT(replay("onoffice_api", userphoto_fuzz_onoffice_api) >= 3); }
    void chatter_multipart() { CPPUNIT_ASSERT(replay("chatter_multipart", userphoto_fuzz_chatter_multipart) >= 3); }
    void chatter_request() { CPPUNIT_ASSERT(replay("chatter_request", userphoto_fuzz_chatter_request) >= 3); }
    void upload_image() { CPPUNIT_ASSERT(replay("upload_image", userphoto_fuzz_upload_image) >= 3); }
    void photo_links() { CPPUNIT_ASSERT(replay("photo_links", userphoto_fuzz_photo_links) >= 3); }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FuzzCorpusReplayProtocolsTest);
