// Core utilities: base64, query and URL decoding, XML escaping, HTTP dates, content fingerprints.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <thread>

#include "util/base64.h"
#include "util/content_hash.h"
#include "util/http_date.h"
#include "util/jpeg_signature.h"
#include "util/numbers.h"
#include "util/periodic_task.h"
#include "util/strings.h"

using namespace userphoto;

class UtilTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(UtilTest);
    CPPUNIT_TEST(base64_rfc4648_vectors);
    CPPUNIT_TEST(base64_round_trip_all_bytes);
    CPPUNIT_TEST(base64_rejects_garbage);
    CPPUNIT_TEST(query_parsing);
    CPPUNIT_TEST(xml_escaping);
    CPPUNIT_TEST(http_date_format);
    CPPUNIT_TEST(http_date_agrees_with_gmtime);
    CPPUNIT_TEST(folded_hash_is_the_hash_of_the_lowered_bytes);
    CPPUNIT_TEST(etag_is_eight_uppercase_hex_and_content_sensitive);
    CPPUNIT_TEST(case_insensitive_helpers);
    CPPUNIT_TEST(integers_are_the_whole_text);
    CPPUNIT_TEST(content_length_values);
    CPPUNIT_TEST(hex_digits_and_jpeg_signature);
    CPPUNIT_TEST(base64url_has_no_padding_and_url_letters);
    CPPUNIT_TEST(periodic_task_runs_until_destroyed);
    CPPUNIT_TEST_SUITE_END();

public:
    void base64_rfc4648_vectors() {
        const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
        const char* coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
        for (int i = 0; i < 7; ++i) {
            CPPUNIT_ASSERT_EQUAL(std::string(coded[i]), base64_encode(plain[i]));
            auto back = base64_decode(coded[i]);
            CPPUNIT_ASSERT(back.has_value());
            CPPUNIT_ASSERT_EQUAL(std::string(plain[i]), *back);
        }
    }

    void base64_round_trip_all_bytes() {
        std::string all;
        for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
        for (size_t n = 0; n <= all.size(); n += 7) {
            std::string part = all.substr(0, n);
            auto back = base64_decode(base64_encode(part));
            CPPUNIT_ASSERT(back.has_value());
            CPPUNIT_ASSERT(*back == part);
        }
        auto wrapped = base64_decode("Zm9v\r\nYmFy");
        CPPUNIT_ASSERT(wrapped && *wrapped == "foobar");
    }

    void base64_rejects_garbage() {
        CPPUNIT_ASSERT(!base64_decode("Zm9v!"));
        CPPUNIT_ASSERT(!base64_decode("Zm9"));
        CPPUNIT_ASSERT(!base64_decode("Zg==Zg=="));
        CPPUNIT_ASSERT(!base64_decode("Z==="));
    }

    void query_parsing() {
        auto q = parse_query("email=alice%40corp.example&size=HR96x96&amp;size=HR48x48&flag&x=a+b");
        CPPUNIT_ASSERT_EQUAL(size_t(5), q.size());
        CPPUNIT_ASSERT_EQUAL(std::string("email"), q[0].first);
        CPPUNIT_ASSERT_EQUAL(std::string("alice@corp.example"), q[0].second);
        CPPUNIT_ASSERT_EQUAL(std::string("amp;size"), q[2].first);
        CPPUNIT_ASSERT_EQUAL(std::string("flag"), q[3].first);
        CPPUNIT_ASSERT_EQUAL(std::string(""), q[3].second);
        CPPUNIT_ASSERT_EQUAL(std::string("a b"), q[4].second);
        CPPUNIT_ASSERT_EQUAL(std::string("100%"), url_decode("100%"));
        CPPUNIT_ASSERT_EQUAL(std::string("%zz"), url_decode("%zz"));
        CPPUNIT_ASSERT_EQUAL(std::string("a%40b.c%2Fd"), url_encode("a@b.c/d"));
    }

    void xml_escaping() {
        CPPUNIT_ASSERT_EQUAL(std::string("&lt;a href=&quot;x&quot;&gt;&amp;&apos;"), xml_escape("<a href=\"x\">&'"));
    }

    void http_date_format() {
        CPPUNIT_ASSERT_EQUAL(std::string("Sun, 06 Nov 1994 08:49:37 GMT"), http_date(784111777));
        CPPUNIT_ASSERT_EQUAL(std::string("Thu, 01 Jan 1970 00:00:00 GMT"), http_date(0));
        CPPUNIT_ASSERT_EQUAL(std::string("Tue, 29 Feb 2000 23:59:59 GMT"), http_date(951868799));
        CPPUNIT_ASSERT_EQUAL(std::string("Wed, 31 Dec 1969 23:59:59 GMT"), http_date(-1));
    }

    // The date is computed without gmtime_r: it agrees with the C library's calendar on every
    // day from 1960 to 2200 (leap days and century years included), at varied times of day.
    void http_date_agrees_with_gmtime() {
        static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
        static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        for (std::time_t when = -315619200; when < 7258118400; when += 86400 + 3607) {
            std::tm tm{};
            CPPUNIT_ASSERT(gmtime_r(&when, &tm));
            char expected[64];
            std::snprintf(expected, sizeof expected, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
                          months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
            CPPUNIT_ASSERT_EQUAL(std::string(expected), http_date(when));
        }
    }

    void folded_hash_is_the_hash_of_the_lowered_bytes() {
        const std::string dn = "UID=Alice.Smith,OU=People,DC=Example,DC=Test";
        CPPUNIT_ASSERT_EQUAL(content_hash64(to_lower(dn)), content_hash64_folded(dn));
        CPPUNIT_ASSERT_EQUAL(content_hash64_folded("uid=alice"), content_hash64_folded("UID=ALICE"));
        CPPUNIT_ASSERT(content_hash64_folded("uid=alice") != content_hash64_folded("uid=alicf"));
        CPPUNIT_ASSERT_EQUAL(content_hash64("[@`{\xc3\x84"), content_hash64_folded("[@`{\xc3\x84"));  // only A-Z fold
    }

    void etag_is_eight_uppercase_hex_and_content_sensitive() {
        std::string a = etag_hex8(content_hash64("photo-bytes-1"));
        std::string b = etag_hex8(content_hash64("photo-bytes-2"));
        CPPUNIT_ASSERT_EQUAL(size_t(8), a.size());
        for (char c : a) CPPUNIT_ASSERT((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
        CPPUNIT_ASSERT(a != b);
        CPPUNIT_ASSERT_EQUAL(a, etag_hex8(content_hash64("photo-bytes-1")));
    }

    void case_insensitive_helpers() {
        CPPUNIT_ASSERT(iequals("GetUserPhoto", "getuserphoto"));
        CPPUNIT_ASSERT(!iequals("GetUserPhoto", "getuserphot"));
        CPPUNIT_ASSERT(iends_with("/EWS/Exchange.asmx/s/GetUserPhoto", "/S/GETUSERPHOTO"));
        CPPUNIT_ASSERT(istarts_with("EXEC:/bin/x", "exec:"));
        HeaderMap h;
        h["If-None-Match"] = "\"X\"";
        CPPUNIT_ASSERT(h.count("if-none-match") == 1);
        auto words = split_ws("  thumbnailPhoto\tjpegPhoto  ");
        CPPUNIT_ASSERT_EQUAL(size_t(2), words.size());
        CPPUNIT_ASSERT_EQUAL(std::string("jpegPhoto"), words[1]);
    }

    void integers_are_the_whole_text() {
        CPPUNIT_ASSERT_EQUAL(int64_t(1001), *parse_integer<int64_t>("1001"));
        CPPUNIT_ASSERT_EQUAL(int64_t(-5), *parse_integer<int64_t>("-5"));
        for (const char* bad : {"", " 1", "1 ", "+1", "1x", "0x10", "99999999999999999999"})
            CPPUNIT_ASSERT_MESSAGE(bad, !parse_integer<int64_t>(bad));
        CPPUNIT_ASSERT(!parse_integer<uint64_t>("-1"));
        CPPUNIT_ASSERT(!parse_integer<int>("2147483648"));
        CPPUNIT_ASSERT_EQUAL(uint32_t(0xABCD0123), *parse_integer<uint32_t>("ABCD0123", 16));
    }

    void content_length_values() {
        CPPUNIT_ASSERT_EQUAL(uint64_t(0), *parse_content_length("0"));
        CPPUNIT_ASSERT_EQUAL(uint64_t(65536), *parse_content_length("65536"));
        // Over 64 bits is over any cap: saturated, not refused as malformed, never wrapped.
        CPPUNIT_ASSERT_EQUAL(UINT64_MAX, *parse_content_length("184467440737095516160"));
        for (const char* bad : {"", "-1", "+5", " 5", "5,5", "1e3"})
            CPPUNIT_ASSERT_MESSAGE(bad, !parse_content_length(bad));
    }

    void hex_digits_and_jpeg_signature() {
        CPPUNIT_ASSERT_EQUAL(0, hex_value('0'));
        CPPUNIT_ASSERT_EQUAL(15, hex_value('f'));
        CPPUNIT_ASSERT_EQUAL(10, hex_value('A'));
        CPPUNIT_ASSERT_EQUAL(-1, hex_value('g'));
        CPPUNIT_ASSERT(starts_like_jpeg(std::string("\xFF\xD8\xFF\xE0", 4)));
        CPPUNIT_ASSERT(!starts_like_jpeg(std::string("\xFF\xD8", 2)));
        CPPUNIT_ASSERT(!starts_like_jpeg("\x89PNG"));
    }

    void base64url_has_no_padding_and_url_letters() {
        CPPUNIT_ASSERT_EQUAL(std::string(""), base64url_encode(""));
        CPPUNIT_ASSERT_EQUAL(std::string("Zg"), base64url_encode("f"));
        CPPUNIT_ASSERT_EQUAL(std::string("Zm9vYg"), base64url_encode("foob"));
        CPPUNIT_ASSERT_EQUAL(std::string("-_-_"), base64url_encode(std::string("\xFB\xFF\xBF", 3)));
    }

    void periodic_task_runs_until_destroyed() {
        std::atomic<int> runs{0};
        {
            PeriodicTask task(std::chrono::milliseconds(5), [&runs] { ++runs; });
            for (int i = 0; i < 2000 && runs < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        const int at_end = runs.load();
        CPPUNIT_ASSERT(at_end >= 3);
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        CPPUNIT_ASSERT_EQUAL(at_end, runs.load());  // the thread has ended with the task
        // A long interval does not hold up the destructor: it wakes the thread.
        const auto start = std::chrono::steady_clock::now();
        { PeriodicTask hourly(std::chrono::hours(1), [&runs] { ++runs; }); }
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
        CPPUNIT_ASSERT_EQUAL(at_end, runs.load());
        // FirstRun::at_once: the first run does not wait for the interval, the next ones do.
        {
            PeriodicTask now(std::chrono::hours(1), [&runs] { ++runs; }, PeriodicTask::FirstRun::at_once);
            for (int i = 0; i < 2000 && runs == at_end; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
        CPPUNIT_ASSERT_EQUAL(at_end + 1, runs.load());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(UtilTest);
