// The module's one JSON parser: the nesting cap (refused while parsing, not by recursion) and the
// byte spans it reports for callers that sign raw text.
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

#include "protocol/chatter/photo_input.h"
#include "protocol/json_input.h"

using namespace userphoto;

namespace {

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// Records every span the parser reports, as text.
class Spans : public JsonSpanObserver {
public:
    explicit Spans(std::string_view text) : text_(text) {}
    std::vector<std::string> keys, values;
    void key(std::string_view name, std::size_t depth) override { keys.push_back(std::to_string(depth) + ":" + std::string(name)); }
    void value_begin(std::size_t, std::optional<std::size_t> begin) override { begins_.push_back(begin); }
    void value_end(std::size_t depth, std::optional<std::size_t> end) override {
        auto begin = begins_.back();
        begins_.pop_back();
        values.push_back(std::to_string(depth) + ":" +
                         (begin && end ? std::string(text_.substr(*begin, *end - *begin)) : std::string("?")));
    }

private:
    std::string_view text_;
    std::vector<std::optional<std::size_t>> begins_;
};

}  // namespace

class JsonInputTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(JsonInputTest);
    CPPUNIT_TEST(depth_cap);
    CPPUNIT_TEST(spans_are_exact);
    CPPUNIT_TEST(bom_and_escaped_keys);
    CPPUNIT_TEST(salesforce_photo_input_uses_the_cap);
    CPPUNIT_TEST_SUITE_END();

public:
    void depth_cap() {
        JsonInput ok = parse_json(nested(kMaxJsonDepth));
        CPPUNIT_ASSERT(ok.ok && !ok.too_deep);
        JsonInput deep = parse_json(nested(kMaxJsonDepth + 1));
        CPPUNIT_ASSERT(!deep.ok && deep.too_deep && deep.value.is_discarded());
        // Far deeper than any stack would survive if anything recursed over it.
        JsonInput very = parse_json(std::string(200000, '[') + std::string(200000, ']'));
        CPPUNIT_ASSERT(!very.ok && very.too_deep);
        std::string members;
        for (int i = 0; i < 100000; ++i) members += "{\"a\":";
        JsonInput objects = parse_json(members);
        CPPUNIT_ASSERT(!objects.ok && objects.too_deep);
        JsonInput bad = parse_json("{\"a\":");
        CPPUNIT_ASSERT(!bad.ok && !bad.too_deep);
        CPPUNIT_ASSERT(!parse_json("").ok);
    }

    void spans_are_exact() {
        const std::string text = " { \"a\" : [ 1, \"s\", null , true,false ], \"b\":{ }, \"c\" :12 } ";
        Spans spans(text);
        JsonInput parsed = parse_json(text, &spans);
        CPPUNIT_ASSERT(parsed.ok);
        const std::vector<std::string> keys = {"1:a", "1:b", "1:c"};
        CPPUNIT_ASSERT(keys == spans.keys);
        const std::vector<std::string> values = {"2:?", "2:?", "2:null", "2:true", "2:false",
                                                 "1:[ 1, \"s\", null , true,false ]", "1:{ }", "1:?",
                                                 "0:{ \"a\" : [ 1, \"s\", null , true,false ], \"b\":{ }, \"c\" :12 }"};
        CPPUNIT_ASSERT(values == spans.values);
    }

    void bom_and_escaped_keys() {
        const std::string text = "\xEF\xBB\xBF{\"p\\u0061r\":[\"\\u00e9\"]}";
        Spans spans(text);
        JsonInput parsed = parse_json(text, &spans);
        CPPUNIT_ASSERT(parsed.ok);
        CPPUNIT_ASSERT_EQUAL(std::string("1:par"), spans.keys.at(0));
        CPPUNIT_ASSERT_EQUAL(std::string("1:[\"\\u00e9\"]"), spans.values.at(1));
        CPPUNIT_ASSERT_EQUAL(std::string("0:{\"p\\u0061r\":[\"\\u00e9\"]}"), spans.values.at(2));
        CPPUNIT_ASSERT(parsed.value.contains("par"));
    }

    void salesforce_photo_input_uses_the_cap() {
        auto deep = chatter::parse_photo_input_json("{\"cropX\":" + nested(kMaxJsonDepth) + "}");
        CPPUNIT_ASSERT(deep.error == chatter::InputError::Json);
        auto fine = chatter::parse_photo_input_json("{\"cropX\":1,\"cropY\":2,\"cropSize\":3,\"x\":" + nested(8) + "}");
        CPPUNIT_ASSERT(fine.error == chatter::InputError::None);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(JsonInputTest);
