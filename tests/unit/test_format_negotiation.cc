// negotiate_format: real browsers' image Accept headers, q-values, wildcards and junk.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "protocol/format_negotiation.h"

using userphoto::FormatSet;
using userphoto::ImageFormat;
using userphoto::negotiate_format;

namespace {

// What browsers send for <img> (2024-2026 releases).
const char* const kChrome = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
const char* const kFirefox = "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5";
const char* const kSafari =
    "image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,image/png,image/svg+xml,"
    "image/*;q=0.8,*/*;q=0.5";
const char* const kOldFirefox = "image/webp,*/*";            // Firefox 65-92: no AVIF
const char* const kOldSafari = "image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5";  // no WebP
const char* const kCurl = "*/*";

const FormatSet kAll{true, true};
const FormatSet kWebpOnly{true, false};
const FormatSet kAvifOnly{false, true};
const FormatSet kJpegOnly{};

std::string name(ImageFormat format) { return userphoto::format_name(format); }

}  // namespace

class FormatNegotiationTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FormatNegotiationTest);
    CPPUNIT_TEST(browsersGetTheBestTheyName);
    CPPUNIT_TEST(onlyConfiguredFormatsAreOffered);
    CPPUNIT_TEST(wildcardsAndUnknownTypesGetJpeg);
    CPPUNIT_TEST(qValuesDecide);
    CPPUNIT_TEST(qZeroExcludes);
    CPPUNIT_TEST(mostSpecificRangeWins);
    CPPUNIT_TEST(malformedMembersAreIgnored);
    CPPUNIT_TEST(membersBeyondTheLimitAreNotRead);
    CPPUNIT_TEST_SUITE_END();

    void browsersGetTheBestTheyName() {
        CPPUNIT_ASSERT_EQUAL(std::string("avif"), name(negotiate_format(kChrome, kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("avif"), name(negotiate_format(kFirefox, kAll)));
        // Safari lists WebP first, both at q=1: the tie goes to AVIF.
        CPPUNIT_ASSERT_EQUAL(std::string("avif"), name(negotiate_format(kSafari, kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format(kOldFirefox, kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format(kOldSafari, kAll)));
    }

    void onlyConfiguredFormatsAreOffered() {
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format(kChrome, kWebpOnly)));
        CPPUNIT_ASSERT_EQUAL(std::string("avif"), name(negotiate_format(kChrome, kAvifOnly)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format(kOldFirefox, kAvifOnly)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format(kChrome, kJpegOnly)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/avif", kJpegOnly)));
    }

    void wildcardsAndUnknownTypesGetJpeg() {
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format(kCurl, kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/*", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("   ", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("text/html", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/jxl, image/heic", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/jpeg", kAll)));
        // Media types compare case-insensitively.
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format("Image/WebP", kAll)));
    }

    void qValuesDecide() {
        // JPEG preferred over WebP by weight: JPEG.
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/webp;q=0.5, image/jpeg", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/webp;q=0.5, */*", kAll)));
        // WebP weighed above AVIF: WebP, though AVIF wins ties.
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format("image/avif;q=0.7, image/webp;q=0.9", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("avif"), name(negotiate_format("image/webp;q=0.9,image/avif;q=0.9", kAll)));
        // Equal to JPEG's weight: the named modern format.
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format("image/webp;q=0.8, image/jpeg;q=0.8", kAll)));
        // Only a non-JPEG format acceptable: served.
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format("image/webp;q=0.1", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("avif"), name(negotiate_format("image/avif ; q=1.000", kAll)));
    }

    void qZeroExcludes() {
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format("image/avif;q=0, image/webp, */*", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/avif;q=0.000, image/*", kAll)));
        // JPEG excluded, WebP offered: WebP.
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format("image/jpeg;q=0, image/webp;q=0.2", kAll)));
        // Nothing acceptable at all: JPEG rather than 406 (every client can show it).
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/jpeg;q=0, image/webp;q=0", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("*/*;q=0", kAll)));
    }

    void mostSpecificRangeWins() {
        // image/*;q=0 does not take back an explicit image/webp.
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format("image/*;q=0, image/webp", kAll)));
        // JPEG's weight comes from image/* (0.3), not from */* (1): WebP at 0.5 wins.
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format("*/*, image/*;q=0.3, image/webp;q=0.5", kAll)));
        // An explicit image/jpeg above the wildcard's weight keeps JPEG.
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"),
                             name(negotiate_format("image/avif;q=0.9, image/*;q=0.5, image/jpeg", kAll)));
    }

    void malformedMembersAreIgnored() {
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/avif;q=2", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/avif;q=0.5x", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/avif;q=", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format("image/avif;q=1.0001", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format(",,image/avif;q=-1,, image/webp ,", kAll)));
        // Other parameters do not change the type.
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format("image/webp;level=1;q=0.9, */*;q=0.5", kAll)));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format(std::string("image/avif\0x", 12), kAll)));
    }

    void membersBeyondTheLimitAreNotRead() {
        std::string accept;
        for (size_t i = 0; i < userphoto::kMaxAcceptMembers; ++i) accept += "text/x-filler,";
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), name(negotiate_format(accept + "image/webp", kAll)));
        std::string within;
        for (size_t i = 0; i + 1 < userphoto::kMaxAcceptMembers; ++i) within += "text/x-filler,";
        CPPUNIT_ASSERT_EQUAL(std::string("webp"), name(negotiate_format(within + "image/webp", kAll)));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FormatNegotiationTest);
