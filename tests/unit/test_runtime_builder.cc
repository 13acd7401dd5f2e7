// The runtime builder without httpd: from a ServerConfig and an in-memory directory it wires the
// caching provider or the plain service, the stand-in for an unresolvable configuration, the two
// photo writers (upload attributes, pixel cap, profile ids, the after-write listener) and the link
// secret, lifetime and signer.
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>
#include <vector>

#include "config/runtime_builder.h"
#include "config/validators.h"
#include "fake_directory.h"
#include "image/photo_image.h"
#include "service/photo_service.h"

using namespace userphoto;
using namespace userphoto::testing;

namespace {

const std::string kAlice = "uid=alice,dc=test";

class FixedGauges : public ConnectionGauges {
public:
    int open_connections() const override { return 3; }
    int idle_connections() const override { return 1; }
};

struct Recorder : ChangeListener {
    std::vector<std::string> dns;
    void person_changed(const std::string& dn) override { dns.push_back(dn); }
};

}  // namespace

class RuntimeBuilderTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RuntimeBuilderTest);
    CPPUNIT_TEST(testCacheOnGivesTheCachingProvider);
    CPPUNIT_TEST(testCacheOffGivesThePlainService);
    CPPUNIT_TEST(testUnresolvableConfigurationGivesTheStandIn);
    CPPUNIT_TEST(testWritersGetTheUploadAttributesAndProfileIds);
    CPPUNIT_TEST(testWritersGetThePixelCap);
    CPPUNIT_TEST(testLinkSecretAndLifetimeAreCarried);
    CPPUNIT_TEST_SUITE_END();

    std::shared_ptr<FakeDirectory> directory_;
    std::shared_ptr<ConnectionGauges> gauges_;
    int opened_ = 0;
    directory::Settings opened_with_;
    Recorder written_;
    cache::CacheCounters counters_;

    RuntimeHooks hooks() {
        RuntimeHooks h;
        h.open_directory = [this](const directory::Settings& settings, const Logger&) {
            opened_++;
            opened_with_ = settings;
            return DirectoryHandle{directory_, gauges_};
        };
        h.cache_counters = &counters_;
        h.after_write = &written_;
        return h;
    }

    static ServerConfig configured() {
        ServerConfig config;
        std::string problem;
        config.ldap_url = config::parse_directory_url("ldap://127.0.0.1:389/dc=test?mail", &problem);
        CPPUNIT_ASSERT_EQUAL(std::string(), problem);
        config.link_secret = "a link secret";
        return config;
    }

    ServerRuntime build(const ServerConfig& config) {
        auto runtime = build_runtime(config, hooks(), Logger());
        CPPUNIT_ASSERT(runtime.has_value());
        return std::move(*runtime);
    }

public:
    void setUp() override {
        directory_ = std::make_shared<FakeDirectory>();
        directory_->put(make_entry(kAlice, {{"mail", {"alice@example.test"}},
                                            {"employeeNumber", {"E-17"}},
                                            {"entryUUID", {"3f2a-alice"}},
                                            {"jpegPhoto", {test_jpeg(300, 300)}}}));
        gauges_ = std::make_shared<FixedGauges>();
        opened_ = 0;
        written_.dns.clear();
    }

    void testCacheOnGivesTheCachingProvider() {
        ServerRuntime runtime = build(configured());
        CPPUNIT_ASSERT_EQUAL(1, opened_);
        CPPUNIT_ASSERT_EQUAL(std::string("dc=test"), opened_with_.url.base_dn);
        CPPUNIT_ASSERT(runtime.cache != nullptr);
        CPPUNIT_ASSERT(runtime.photos.get() == runtime.cache.get());
        CPPUNIT_ASSERT(runtime.pool == gauges_);
        CPPUNIT_ASSERT(photos_of(&runtime).get_photo(by_mail("alice@example.test"), Logger()).status == PhotoStatus::Ok);
        const int finds = directory_->finds;
        CPPUNIT_ASSERT(photos_of(&runtime).get_photo(by_mail("alice@example.test"), Logger()).status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(finds, directory_->finds.load());  // the second answer came from the cache
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), counters_.local_hits.load());  // counted where the host asked
    }

    void testCacheOffGivesThePlainService() {
        ServerConfig config = configured();
        config.cache_ttl_s = 0;
        ServerRuntime runtime = build(config);
        CPPUNIT_ASSERT(runtime.cache == nullptr);
        CPPUNIT_ASSERT(dynamic_cast<PhotoService*>(runtime.photos.get()) != nullptr);
        const int finds = directory_->finds;
        for (int i = 0; i < 2; ++i)
            CPPUNIT_ASSERT(photos_of(&runtime).get_photo(by_mail("alice@example.test"), Logger()).status ==
                           PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(finds + 2, directory_->finds.load());  // every request reads the directory
    }

    void testUnresolvableConfigurationGivesTheStandIn() {
        CPPUNIT_ASSERT(!build_runtime(ServerConfig{}, hooks(), Logger()).has_value());
        CPPUNIT_ASSERT_EQUAL(0, opened_);  // no directory for a server without a URL
        CapturedLines log;
        PhotoResult result = photos_of(nullptr).get_photo(by_mail("alice@example.test"), log.logger());
        CPPUNIT_ASSERT(result.status == PhotoStatus::Unavailable);
        CPPUNIT_ASSERT_EQUAL(1, log.count(LogLevel::Error, kNotConfigured));
        CPPUNIT_ASSERT_EQUAL(0, directory_->finds.load());
    }

    void testWritersGetTheUploadAttributesAndProfileIds() {
        ServerConfig config = configured();
        config.upload_attributes = std::make_pair(std::string("largePhoto"), std::string("smallPhoto"));
        config.graph_id_attribute = "entryUUID";
        ServerRuntime runtime = build(config);
        CPPUNIT_ASSERT_EQUAL(std::string("E-17"),
                             runtime.editor->lookup(by_mail("alice@example.test"), Logger()).profile_id);
        CPPUNIT_ASSERT_EQUAL(std::string("3f2a-alice"),
                             runtime.graph_editor->lookup(by_mail("alice@example.test"), Logger()).profile_id);

        WriteResult written = runtime.editor->upload(kAlice, test_jpeg(700, 700, 40), std::nullopt, Logger());
        CPPUNIT_ASSERT(written.status == WriteStatus::Ok);
        directory::Entry stored = directory_->entry(kAlice);
        CPPUNIT_ASSERT_EQUAL(648, image::probe_jpeg(stored.first("largePhoto"), image::Limits()).width);
        CPPUNIT_ASSERT_EQUAL(96, image::probe_jpeg(stored.first("smallPhoto"), image::Limits()).width);
        CPPUNIT_ASSERT(written_.dns == std::vector<std::string>{kAlice});  // the host heard of the write

        CPPUNIT_ASSERT(runtime.graph_editor->remove(kAlice, Logger()).status == WriteStatus::Ok);
        CPPUNIT_ASSERT(directory_->entry(kAlice).get("largePhoto") == nullptr);
        CPPUNIT_ASSERT_EQUAL(size_t(2), written_.dns.size());
    }

    void testWritersGetThePixelCap() {
        ServerConfig config = configured();
        config.max_upload_pixels = 100 * 100;
        ServerRuntime runtime = build(config);
        for (PhotoEditor* editor : {runtime.editor.get(), runtime.graph_editor.get()}) {
            CPPUNIT_ASSERT(editor->upload(kAlice, test_jpeg(101, 100), std::nullopt, Logger()).status ==
                           WriteStatus::ImageTooLarge);
        }
        CPPUNIT_ASSERT_EQUAL(0, directory_->modifies.load());
        CPPUNIT_ASSERT(runtime.editor->upload(kAlice, test_jpeg(100, 100), std::nullopt, Logger()).status ==
                       WriteStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(1, directory_->modifies.load());
    }

    void testLinkSecretAndLifetimeAreCarried() {
        ServerConfig config = configured();
        config.link_lifetime_s = 3600;
        ServerRuntime runtime = build(config);
        CPPUNIT_ASSERT_EQUAL(std::string("a link secret"), runtime.link_secret);
        CPPUNIT_ASSERT_EQUAL(int64_t(3600), runtime.link_lifetime_s);
        CPPUNIT_ASSERT(runtime.signer != nullptr);
        const std::string signature = runtime.signer->sign("/photo/E-17", 2000);
        CPPUNIT_ASSERT(LinkSigner("a link secret").verify("/photo/E-17", 2000, signature, 1000));
        CPPUNIT_ASSERT(!LinkSigner("another secret").verify("/photo/E-17", 2000, signature, 1000));
        CPPUNIT_ASSERT(runtime.people != nullptr);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RuntimeBuilderTest);
