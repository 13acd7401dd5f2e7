// EWS size codes: exact on SOAP, case-insensitive on REST, "xN" forms mean the largest size.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "protocol/ews/ews_sizes.h"
#include "util/strings.h"

using namespace userphoto;
using namespace userphoto::ews;

class EwsSizesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EwsSizesTest);
    CPPUNIT_TEST(everyListedCodeMapsToItsEdge);
    CPPUNIT_TEST(soapIsCaseSensitiveRestIsNot);
    CPPUNIT_TEST(largestAvailableCodes);
    CPPUNIT_TEST(unknownCodesAreRefused);
    CPPUNIT_TEST_SUITE_END();

    static constexpr int kEdges[] = {48, 64, 96, 120, 240, 360, 432, 504, 648};

    static std::string code_for(int edge) { return "HR" + std::to_string(edge) + "x" + std::to_string(edge); }

public:
    void everyListedCodeMapsToItsEdge() {
        for (int edge : kEdges) {
            for (SizeCodeCase match : {SizeCodeCase::Exact, SizeCodeCase::Insensitive}) {
                std::optional<int> got = edge_for_size_code(code_for(edge), match);
                CPPUNIT_ASSERT_MESSAGE(code_for(edge), got.has_value());
                CPPUNIT_ASSERT_EQUAL(edge, *got);
            }
        }
    }

    void soapIsCaseSensitiveRestIsNot() {
        for (int edge : kEdges) {
            const std::string upper = "HR" + std::to_string(edge) + "X" + std::to_string(edge);
            for (const std::string& variant : {upper, to_lower(code_for(edge))}) {
                CPPUNIT_ASSERT_MESSAGE(variant, !edge_for_size_code(variant, SizeCodeCase::Exact));
                std::optional<int> rest = edge_for_size_code(variant, SizeCodeCase::Insensitive);
                CPPUNIT_ASSERT_MESSAGE(variant, rest.has_value());
                CPPUNIT_ASSERT_EQUAL(edge, *rest);
            }
        }
    }

    void largestAvailableCodes() {
        for (const char* code : {"HR1024xN", "HR1920xN"}) {
            std::optional<int> got = edge_for_size_code(code, SizeCodeCase::Exact);
            CPPUNIT_ASSERT_MESSAGE(code, got.has_value());
            CPPUNIT_ASSERT_EQUAL(kLargestEdge, *got);
        }
        CPPUNIT_ASSERT_EQUAL(kLargestEdge, edge_for_size_code("hr1920xn", SizeCodeCase::Insensitive).value_or(0));
        CPPUNIT_ASSERT_EQUAL(648, kLargestEdge);
    }

    void unknownCodesAreRefused() {
        for (const char* code : {"", "HR", "HR50x50", "HR48x96", "48x48", " HR48x48", "HR48x48 ", "HR648x6480", "HR2048xN",
                                 // Not in the schema's UserPhotoSizeType: only the xN forms are.
                                 "HR1024x1024", "HR1920x1920"}) {
            CPPUNIT_ASSERT_MESSAGE(code, !edge_for_size_code(code, SizeCodeCase::Exact));
            CPPUNIT_ASSERT_MESSAGE(code, !edge_for_size_code(code, SizeCodeCase::Insensitive));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EwsSizesTest);
