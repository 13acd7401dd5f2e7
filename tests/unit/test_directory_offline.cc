// Directory without a server: input checks happen before any connection, nothing is opened
// eagerly, and a refused loopback port gives Unavailable (with the retry) and a clear log line.
#include <cppunit/extensions/HelperMacros.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "directory/directory.h"
#include "directory/filter.h"

using namespace userphoto;
using namespace userphoto::directory;

namespace {

struct CapturedLog {
    std::mutex mutex;
    std::vector<std::pair<LogLevel, std::string>> lines;

    Logger logger() {
        return Logger([this](LogLevel level, std::string_view msg) {
            std::lock_guard guard(mutex);
            lines.emplace_back(level, std::string(msg));
        });
    }
    int count(LogLevel level, const std::string& needle) {
        std::lock_guard guard(mutex);
        int n = 0;
        for (const auto& [l, text] : lines)
            if (l == level && text.find(needle) != std::string::npos) ++n;
        return n;
    }
};

// A loopback TCP port with nothing listening: bind an ephemeral port, then close it.
int closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    CPPUNIT_ASSERT(fd >= 0);
    CPPUNIT_ASSERT_EQUAL(0, ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr));
    CPPUNIT_ASSERT_EQUAL(0, ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len));
    ::close(fd);
    return ntohs(addr.sin_port);
}

Settings settings_for(const std::string& url_text) {
    std::string error;
    auto url = parse_ldap_url(url_text, &error);
    CPPUNIT_ASSERT_MESSAGE(error, url.has_value());
    Settings settings;
    settings.url = *url;
    settings.network_timeout_ms = 1000;
    settings.operation_timeout_ms = 2000;
    return settings;
}

}  // namespace

class DirectoryOfflineTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(DirectoryOfflineTest);
    CPPUNIT_TEST(testInvalidLookupInputNeedsNoServer);
    CPPUNIT_TEST(testInvalidSearchInputNeedsNoServer);
    CPPUNIT_TEST(testInvalidModifyInputNeedsNoServer);
    CPPUNIT_TEST(testUnreachableServerIsUnavailable);
    CPPUNIT_TEST(testEntryAccessors);
    CPPUNIT_TEST(testDescribe);
    CPPUNIT_TEST_SUITE_END();

public:
    // An unroutable documentation address: any connection attempt would show in the log.
    const std::string kNowhere = "ldap://192.0.2.1:389/dc=example,dc=test?mail";

    void testInvalidLookupInputNeedsNoServer() {
        CapturedLog log;
        Directory directory(settings_for(kNowhere), log.logger());
        CPPUNIT_ASSERT(directory.find_unique("mail)(x=*", "a@b", {}).status == Status::InvalidInput);
        CPPUNIT_ASSERT(directory.find_unique("mail", "", {}).status == Status::InvalidInput);
        LookupResult too_long = directory.find_unique("mail", std::string(kMaxFilterValueLength + 1, 'a'), {});
        CPPUNIT_ASSERT(too_long.status == Status::InvalidInput);
        CPPUNIT_ASSERT_MESSAGE(too_long.message, too_long.message.find("longer") != std::string::npos);
        CPPUNIT_ASSERT(directory.find_unique("mail", "a@b", {"jpegPhoto", "bad attr"}).status == Status::InvalidInput);
        CPPUNIT_ASSERT(log.lines.empty());  // no connection was attempted
    }

    void testInvalidSearchInputNeedsNoServer() {
        CapturedLog log;
        Directory directory(settings_for(kNowhere), log.logger());
        SearchResult bad_filter = directory.search_paged("(uid=x", {"uid"}, 10);
        CPPUNIT_ASSERT(bad_filter.status == Status::InvalidInput);
        CPPUNIT_ASSERT_MESSAGE(bad_filter.message, bad_filter.message.find("invalid filter") != std::string::npos);
        CPPUNIT_ASSERT(directory.search_paged("(uid=x)", {"uid"}, 0).status == Status::InvalidInput);
        CPPUNIT_ASSERT(directory.search_paged("(uid=x)", {"(uid)"}, 5).status == Status::InvalidInput);
        CPPUNIT_ASSERT(log.lines.empty());
    }

    void testInvalidModifyInputNeedsNoServer() {
        CapturedLog log;
        Directory directory(settings_for(kNowhere), log.logger());
        std::string why;
        CPPUNIT_ASSERT(directory.modify_replace("", {{"jpegPhoto", "x"}}, &why) == Status::InvalidInput);
        CPPUNIT_ASSERT(directory.modify_replace("not a dn", {{"jpegPhoto", "x"}}, &why) == Status::InvalidInput);
        CPPUNIT_ASSERT_MESSAGE(why, why.find("invalid DN") != std::string::npos);
        CPPUNIT_ASSERT(directory.modify_replace("uid=a,dc=example,dc=test", {}, &why) == Status::InvalidInput);
        CPPUNIT_ASSERT(directory.modify_replace("uid=a,dc=example,dc=test", {{"jpeg Photo", std::nullopt}}, &why) ==
                       Status::InvalidInput);
        CPPUNIT_ASSERT(directory.modify_replace("uid=a,dc=example,dc=test", {{"jpegPhoto", "x"}, {"", "y"}}) ==
                       Status::InvalidInput);
        CPPUNIT_ASSERT(log.lines.empty());
    }

    void testUnreachableServerIsUnavailable() {
        int port = closed_port();
        std::string uri = "ldap://127.0.0.1:" + std::to_string(port);
        CapturedLog log;
        Directory directory(settings_for(uri + "/dc=example,dc=test?mail"), log.logger());
        auto start = std::chrono::steady_clock::now();
        LookupResult result = directory.find_unique("mail", "alice@example.test", {"jpegPhoto"});
        auto elapsed = std::chrono::steady_clock::now() - start;
        CPPUNIT_ASSERT(result.status == Status::Unavailable);
        CPPUNIT_ASSERT_MESSAGE(result.message, result.message.find(uri) != std::string::npos);
        // Connection refused is immediate: no waiting for timeouts.
        CPPUNIT_ASSERT(elapsed < std::chrono::milliseconds(1500));
        // Two connect attempts (the retry), each logged with the server list and libldap's reason.
        CPPUNIT_ASSERT_EQUAL(2, log.count(LogLevel::Warn, "cannot connect or bind to " + uri));
        CPPUNIT_ASSERT(log.count(LogLevel::Warn, "Can't contact LDAP server") >= 1);
        CPPUNIT_ASSERT_EQUAL(1, log.count(LogLevel::Error, "also after a retry"));

        SearchResult searched = directory.search_paged("(uid=alice)", {}, 5);
        CPPUNIT_ASSERT(searched.status == Status::Unavailable);
        CPPUNIT_ASSERT(searched.entries.empty());
        CPPUNIT_ASSERT(directory.modify_replace("uid=a,dc=example,dc=test", {{"jpegPhoto", "x"}}) == Status::Unavailable);
    }

    void testEntryAccessors() {
        Entry entry;
        entry.attributes["thumbnailPhoto"] = {std::string("\xff\xd8\0\x01", 4), "second"};
        CPPUNIT_ASSERT(entry.get("THUMBNAILPHOTO") != nullptr);
        CPPUNIT_ASSERT_EQUAL(size_t(2), entry.get("thumbnailphoto")->size());
        CPPUNIT_ASSERT_EQUAL(std::string("\xff\xd8\0\x01", 4), entry.first("ThumbnailPhoto"));
        CPPUNIT_ASSERT(entry.get("jpegPhoto") == nullptr);
        CPPUNIT_ASSERT_EQUAL(std::string(), entry.first("jpegPhoto"));
        entry.attributes["mail"] = {};
        CPPUNIT_ASSERT_EQUAL(std::string(), entry.first("mail"));
    }

    void testDescribe() {
        const Status all[] = {Status::Found, Status::NotFound, Status::Ambiguous, Status::Unavailable,
                              Status::InvalidInput};
        for (Status a : all) {
            CPPUNIT_ASSERT(std::string(describe(a)).size() > 0);
            for (Status b : all)
                if (a != b) CPPUNIT_ASSERT(std::string(describe(a)) != std::string(describe(b)));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DirectoryOfflineTest);
