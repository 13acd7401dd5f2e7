// The incremental multipart/form-data parser: every split of the input, and hostile inputs.
#include <cppunit/extensions/HelperMacros.h>

#include "protocol/chatter/multipart.h"

using namespace userphoto::chatter;

namespace {

const std::string kBoundary = "----form-7MA4YWxkTrZu0gW";

std::string sample_body(const std::string& binary) {
    return "preamble to ignore\r\n"
           "--" + kBoundary + "\r\n"
           "Content-Disposition: form-data; name=\"json\"\r\n"
           "Content-Type: application/json\r\n\r\n"
           "{\"cropX\":1,\"cropY\":2,\"cropSize\":3}\r\n"
           "--" + kBoundary + "  \r\n"
           "Content-Disposition: form-data; name=\"fileUpload\"; filename=\"me \\\"x\\\".jpg\"\r\n"
           "Content-Type: image/jpeg\r\n\r\n" + binary + "\r\n"
           "--" + kBoundary + "--\r\nepilogue";
}

// Binary data that contains near-misses of the delimiter.
std::string tricky_binary() {
    std::string b = "\xFF\xD8\xFF\r\n--";
    b += kBoundary.substr(0, 10);
    b += std::string("\0\r\n\r\n--", 8) + kBoundary.substr(0, kBoundary.size() - 1) + "X\r";
    return b;
}

MultipartParser parse_in_chunks(const std::string& body, size_t first, size_t chunk, MultipartLimits limits = {}) {
    MultipartParser parser(kBoundary, limits);
    size_t pos = 0;
    if (first > 0) {
        parser.feed(std::string_view(body).substr(0, first));
        pos = first;
    }
    while (pos < body.size()) {
        parser.feed(std::string_view(body).substr(pos, chunk));
        pos += chunk;
    }
    parser.finish();
    return parser;
}

}  // namespace

class MultipartTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MultipartTest);
    CPPUNIT_TEST(boundary_from_content_type);
    CPPUNIT_TEST(parses_parts);
    CPPUNIT_TEST(every_split_position_gives_the_same_parts);
    CPPUNIT_TEST(byte_by_byte);
    CPPUNIT_TEST(body_starting_with_delimiter);
    CPPUNIT_TEST(missing_closing_boundary);
    CPPUNIT_TEST(no_delimiter_at_all);
    CPPUNIT_TEST(malformed_headers);
    CPPUNIT_TEST(limits_are_enforced);
    CPPUNIT_TEST(garbage_after_delimiter);
    CPPUNIT_TEST_SUITE_END();

public:
    void boundary_from_content_type() {
        CPPUNIT_ASSERT_EQUAL(std::string("abc"), multipart_boundary("multipart/form-data; boundary=abc").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("a b"), multipart_boundary("Multipart/Form-Data;boundary=\"a b\"").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("x"), multipart_boundary("multipart/form-data; charset=utf-8; boundary=x").value_or(""));
        CPPUNIT_ASSERT(!multipart_boundary("multipart/form-data"));
        CPPUNIT_ASSERT(!multipart_boundary("multipart/form-data; boundary="));
        CPPUNIT_ASSERT(!multipart_boundary("multipart/mixed; boundary=abc"));
        CPPUNIT_ASSERT(!multipart_boundary("application/json"));
        CPPUNIT_ASSERT(!multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
        CPPUNIT_ASSERT(!multipart_boundary("multipart/form-data; boundary=a\x01"));
    }

    void parses_parts() {
        const std::string binary = tricky_binary();
        MultipartParser parser = parse_in_chunks(sample_body(binary), 0, 1 << 20);
        CPPUNIT_ASSERT_EQUAL(std::string(""), parser.message());
        CPPUNIT_ASSERT(parser.error() == MultipartError::None);
        CPPUNIT_ASSERT_EQUAL(size_t(2), parser.parts().size());
        const FormPart& json = parser.parts()[0];
        CPPUNIT_ASSERT_EQUAL(std::string("json"), json.name);
        CPPUNIT_ASSERT(!json.filename);
        CPPUNIT_ASSERT(!json.is_binary());
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), json.content_type);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"cropX\":1,\"cropY\":2,\"cropSize\":3}"), json.body);
        const FormPart& file = parser.parts()[1];
        CPPUNIT_ASSERT_EQUAL(std::string("fileUpload"), file.name);
        CPPUNIT_ASSERT_EQUAL(std::string("me \"x\".jpg"), file.filename.value_or(""));
        CPPUNIT_ASSERT(file.is_binary());
        CPPUNIT_ASSERT_EQUAL(binary, file.body);
        // The Photo Input stays text when the client gave it a filename (curl -F json=@f, a Blob).
        FormPart named_json{"json", std::string("blob"), "application/json", "{}"};
        CPPUNIT_ASSERT(!named_json.is_binary());
        FormPart other_file{"attachment", std::string("a.txt"), "", "x"};
        CPPUNIT_ASSERT(other_file.is_binary());
    }

    void every_split_position_gives_the_same_parts() {
        const std::string binary = tricky_binary();
        const std::string body = sample_body(binary);
        for (size_t split = 1; split < body.size(); ++split) {
            MultipartParser parser = parse_in_chunks(body, split, body.size());
            CPPUNIT_ASSERT_MESSAGE("split at " + std::to_string(split), parser.error() == MultipartError::None);
            CPPUNIT_ASSERT_EQUAL(size_t(2), parser.parts().size());
            CPPUNIT_ASSERT_EQUAL(binary, parser.parts()[1].body);
            CPPUNIT_ASSERT_EQUAL(size_t(34), parser.parts()[0].body.size());
        }
    }

    void byte_by_byte() {
        const std::string binary = tricky_binary();
        for (size_t chunk : {1, 2, 3, 7, 13}) {
            MultipartParser parser = parse_in_chunks(sample_body(binary), 0, chunk);
            CPPUNIT_ASSERT(parser.error() == MultipartError::None);
            CPPUNIT_ASSERT_EQUAL(binary, parser.parts()[1].body);
        }
    }

    void body_starting_with_delimiter() {
        const std::string body = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--" +
                                 kBoundary + "--";
        MultipartParser parser = parse_in_chunks(body, 0, 4);
        CPPUNIT_ASSERT(parser.error() == MultipartError::None);
        CPPUNIT_ASSERT_EQUAL(std::string("v"), parser.parts().at(0).body);
    }

    void missing_closing_boundary() {
        std::string body = sample_body("data");
        body = body.substr(0, body.find("--" + kBoundary + "--"));
        MultipartParser parser = parse_in_chunks(body, 0, 5);
        CPPUNIT_ASSERT(parser.error() == MultipartError::Malformed);
    }

    void no_delimiter_at_all() {
        MultipartParser parser = parse_in_chunks(std::string(100000, 'x'), 0, 999);
        CPPUNIT_ASSERT(parser.error() == MultipartError::Malformed);
        CPPUNIT_ASSERT(parser.parts().empty());
    }

    void malformed_headers() {
        auto parse = [](const std::string& headers) {
            return parse_in_chunks("--" + kBoundary + "\r\n" + headers + "\r\n\r\nv\r\n--" + kBoundary + "--", 0, 3);
        };
        CPPUNIT_ASSERT(parse("no colon here").error() == MultipartError::Malformed);
        CPPUNIT_ASSERT(parse("Content-Type: text/plain").error() == MultipartError::Malformed);  // no disposition
        CPPUNIT_ASSERT(parse("Content-Disposition: attachment; name=\"a\"").error() == MultipartError::Malformed);
        CPPUNIT_ASSERT(parse("Content-Disposition: form-data").error() == MultipartError::Malformed);  // no name
        CPPUNIT_ASSERT(parse("Content-Disposition: form-data; name=a").error() == MultipartError::None);
        MultipartParser empty = parse_in_chunks("--" + kBoundary + "\r\n\r\nv\r\n--" + kBoundary + "--", 0, 3);
        CPPUNIT_ASSERT(empty.error() == MultipartError::Malformed);
    }

    void limits_are_enforced() {
        const std::string body = sample_body(std::string(5000, 'b'));
        MultipartLimits small;
        small.max_total = 1000;
        CPPUNIT_ASSERT(parse_in_chunks(body, 0, 100, small).error() == MultipartError::TooLarge);
        MultipartLimits text;
        text.max_text_part = 10;  // the json part is 34 bytes
        CPPUNIT_ASSERT(parse_in_chunks(body, 0, 100, text).error() == MultipartError::TooLarge);
        MultipartLimits parts;
        parts.max_parts = 1;
        CPPUNIT_ASSERT(parse_in_chunks(body, 0, 100, parts).error() == MultipartError::Malformed);
        MultipartLimits headers;
        headers.max_header_bytes = 20;
        CPPUNIT_ASSERT(parse_in_chunks(body, 0, 7, headers).error() == MultipartError::Malformed);
        // A header block that never ends is cut off at the cap, not buffered forever.
        std::string endless = "--" + kBoundary + "\r\nX-A: " + std::string(20000, 'a');
        MultipartParser parser(kBoundary, MultipartLimits{});
        CPPUNIT_ASSERT(!parser.feed(endless));
        CPPUNIT_ASSERT(parser.error() == MultipartError::Malformed);
        CPPUNIT_ASSERT(!parser.feed("more"));  // stays failed
    }

    void garbage_after_delimiter() {
        const std::string body = "--" + kBoundary + "xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--" +
                                 kBoundary + "--";
        CPPUNIT_ASSERT(parse_in_chunks(body, 0, 3).error() == MultipartError::Malformed);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MultipartTest);
