// Replays every committed fuzz corpus file through its target with the ordinary compiler, so the
// inputs that once crashed (and the seeds) are checked by every `make check`, not only by `make fuzz`.
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>

#include "fuzz/fuzz_targets.h"

namespace userphoto::fuzz {
void invariant_failed(const char* what) { throw std::logic_error(what); }
}  // namespace userphoto::fuzz

namespace {

namespace fs = std::filesystem;
using userphoto::fuzz::all_targets;
using userphoto::fuzz::find_target;

const fs::path kCorpus = FUZZ_CORPUS_DIR;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

class FuzzCorpusReplayTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FuzzCorpusReplayTest);
    CPPUNIT_TEST(every_target_has_a_corpus_and_every_corpus_a_target);
    CPPUNIT_TEST(ews_soap);
    CPPUNIT_TEST(ews_rest_query);
    CPPUNIT_TEST(ews_handler);
    CPPUNIT_TEST(jpeg);
    CPPUNIT_TEST(ldap_url);
    CPPUNIT_TEST(ldap_filter);
    CPPUNIT_TEST(config_values);
    CPPUNIT_TEST(sync_messages);
    CPPUNIT_TEST(onoffice_api);
    CPPUNIT_TEST(chatter_multipart);
    CPPUNIT_TEST(chatter_request);
    CPPUNIT_TEST(upload_image);
    CPPUNIT_TEST(photo_links);
    CPPUNIT_TEST(cache_records);
    CPPUNIT_TEST(graph_request);
    CPPUNIT_TEST(avatar_request);
    CPPUNIT_TEST_SUITE_END();

    void replay(const char* name) {
        const auto* target = find_target(name);
        CPPUNIT_ASSERT_MESSAGE(std::string("registered target ") + name, target != nullptr);
        int files = 0;
        for (const auto& entry : fs::directory_iterator(kCorpus / name)) {
            if (!entry.is_regular_file()) continue;
            std::string bytes = read_file(entry.path());
            try {
                target->run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            } catch (const std::exception& e) {
                CPPUNIT_FAIL(entry.path().string() + ": " + e.what());
            }
            ++files;
        }
        CPPUNIT_ASSERT_MESSAGE(std::string("corpus files for ") + name, files >= 3);
    }

public:
    void every_target_has_a_corpus_and_every_corpus_a_target() {
        std::set<std::string> registered;
        for (const auto& target : all_targets()) {
            registered.insert(target.name);
            CPPUNIT_ASSERT_MESSAGE(std::string("corpus directory for ") + target.name,
                                   fs::is_directory(kCorpus / target.name));
        }
        for (const auto& entry : fs::directory_iterator(kCorpus))
            if (entry.is_directory())
                CPPUNIT_ASSERT_MESSAGE("target for corpus " + entry.path().filename().string(),
                                       registered.count(entry.path().filename().string()) == 1);
    }
    void ews_soap() { replay("ews_soap"); }
    void ews_rest_query() { replay("ews_rest_query"); }
    void ews_handler() { replay("ews_handler"); }
    void jpeg() { replay("jpeg"); }
    void ldap_url() { replay("ldap_url"); }
    void ldap_filter() { replay("ldap_filter"); }
    void config_values() { replay("config_values"); }
    void sync_messages() { replay("sync_messages"); }
    void onoffice_api() { replay("onoffice_api"); }
    void chatter_multipart() { replay("chatter_multipart"); }
    void chatter_request() { replay("chatter_request"); }
    void graph_request() { replay("graph_request"); }
    void upload_image() { replay("upload_image"); }
    void photo_links() { replay("photo_links"); }
    void cache_records() { replay("cache_records"); }
    void avatar_request() { replay("avatar_request"); }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FuzzCorpusReplayTest);
