// The shared tier's record forms: the seal (MAC over store key and bytes) and the field checks
// that every record passes on read.
#include <cppunit/extensions/HelperMacros.h>

#include "cache/cache_records.h"
#include "cache/record_seal.h"

using namespace userphoto;
using namespace userphoto::cache;

class SharedRecordTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SharedRecordTest);
    CPPUNIT_TEST(sealedRecordsOpenOnlyUnderTheirKeyAndStoreKey);
    CPPUNIT_TEST(storeKeysAreFixedPrintableAndKeyed);
    CPPUNIT_TEST(recordKeysDependOnSecretAndView);
    CPPUNIT_TEST(dnSyntax);
    CPPUNIT_TEST(etagFormat);
    CPPUNIT_TEST(renditionsMustBeJpegs);
    CPPUNIT_TEST(metaFieldsMustFitTheirStatus);
    CPPUNIT_TEST(changeRecordsRoundTrip);
    CPPUNIT_TEST_SUITE_END();

public:
    void sealedRecordsOpenOnlyUnderTheirKeyAndStoreKey() {
        RecordSeal seal(derive_record_key("secret-0123456789abcdef", "view"), "NS");
        const std::string sealed = seal.seal("upNSmAAAA", "body bytes");
        CPPUNIT_ASSERT(seal.open("upNSmAAAA", sealed) == std::optional<std::string_view>("body bytes"));
        CPPUNIT_ASSERT(!seal.open("upNSmBBBB", sealed));  // moved to another key
        std::string flipped = sealed;
        flipped[2] ^= 1;
        CPPUNIT_ASSERT(!seal.open("upNSmAAAA", flipped));
        CPPUNIT_ASSERT(!seal.open("upNSmAAAA", "body bytes"));
        CPPUNIT_ASSERT(!seal.open("upNSmAAAA", ""));
        RecordSeal other(derive_record_key("another-secret-0123456789", "view"), "NS");
        CPPUNIT_ASSERT(!other.open("upNSmAAAA", sealed));
        RecordSeal none("", "NS");
        CPPUNIT_ASSERT(!none.usable());
        CPPUNIT_ASSERT(!none.open("upNSmAAAA", sealed));
    }

    void storeKeysAreFixedPrintableAndKeyed() {
        RecordSeal seal(derive_record_key("secret-0123456789abcdef", "view"), "0123ABCD");
        const std::string a = seal.store_key('m', "mail=alice@example.test");
        CPPUNIT_ASSERT_EQUAL(size_t(2 + 8 + 1 + 32), a.size());
        CPPUNIT_ASSERT_EQUAL(std::string("up0123ABCDm"), a.substr(0, 11));
        for (char c : a) CPPUNIT_ASSERT(c > ' ' && c < 0x7f);
        CPPUNIT_ASSERT(a != seal.store_key('r', "mail=alice@example.test"));
        CPPUNIT_ASSERT(a != seal.store_key('m', "mail=bob@example.test"));
        RecordSeal other(derive_record_key("another-secret-0123456789", "view"), "0123ABCD");
        CPPUNIT_ASSERT(a != other.store_key('m', "mail=alice@example.test"));
    }

    void recordKeysDependOnSecretAndView() {
        CPPUNIT_ASSERT_EQUAL(size_t(32), derive_record_key("s", "v").size());
        CPPUNIT_ASSERT(derive_record_key("s", "v") != derive_record_key("s", "w"));
        CPPUNIT_ASSERT(derive_record_key("s", "v") != derive_record_key("t", "v"));
        CPPUNIT_ASSERT(derive_record_key("", "v").empty());
    }

    void dnSyntax() {
        for (const char* good : {"uid=alice,ou=people,dc=example,dc=test", "cn=Doe\\, John,dc=x", "cn=a+sn=b,dc=x",
                                 "CN=Jos\\C3\\A9,OU=Users,DC=corp", "2.5.4.3=x", "cn=M\xC3\xBCller,dc=x", "cn="})
            CPPUNIT_ASSERT_MESSAGE(good, is_plausible_dn(good));
        for (const char* bad : {"", "alice", "=x", "cn=a,", "cn=a,,dc=x", "cn=a\nb", "cn=a\\", "cn=a\\zz", "cn=\"a\"",
                                "c n=a", "1.=a", "cn=a;dc=x", "cn=a\\4"})
            CPPUNIT_ASSERT_MESSAGE(bad, !is_plausible_dn(bad));
        CPPUNIT_ASSERT(!is_plausible_dn("cn=" + std::string(5000, 'a')));
    }

    void etagFormat() {
        CPPUNIT_ASSERT(is_photo_etag("0A1B2C3D"));
        for (const char* bad : {"", "0a1b2c3d", "0A1B2C3", "0A1B2C3D4", "0A1B2C3G", "\"0A1B2C3D\""})
            CPPUNIT_ASSERT_MESSAGE(bad, !is_photo_etag(bad));
    }

    void renditionsMustBeJpegs() {
        Rendition r;
        r.edge = 96;
        r.jpeg = "\xFF\xD8\xFF\xE0 data \xFF\xD9";
        CPPUNIT_ASSERT(parse_rendition("k", serialize("k", r)));
        CPPUNIT_ASSERT(!parse_rendition("other", serialize("k", r)));
        for (std::string bad : {std::string("GIF89a"), std::string("\xFF\xD8\xFF\xE0 no end"),
                                std::string("<svg onload=alert(1)>\xFF\xD9"), std::string()}) {
            r.jpeg = bad;
            CPPUNIT_ASSERT(!parse_rendition("k", serialize("k", r)));
        }
        r.jpeg = "\xFF\xD8\xFF\xE0 data \xFF\xD9";
        r.edge = 100000;
        CPPUNIT_ASSERT(!parse_rendition("k", serialize("k", r)));
    }

    void metaFieldsMustFitTheirStatus() {
        PersonMeta ok;
        ok.dn = "uid=alice,dc=x";
        ok.etag = "0A1B2C3D";
        ok.change_marker = "20250101000000.000000Z#000000#000#000000";
        CPPUNIT_ASSERT(parse_meta("k", serialize("k", ok)));
        PersonMeta no_photo = ok;
        no_photo.status = PhotoStatus::NoPhoto;
        no_photo.etag.clear();
        CPPUNIT_ASSERT(parse_meta("k", serialize("k", no_photo)));
        no_photo.etag = "0A1B2C3D";
        CPPUNIT_ASSERT(!parse_meta("k", serialize("k", no_photo)));
        PersonMeta nobody;
        nobody.status = PhotoStatus::NoSuchPerson;
        CPPUNIT_ASSERT(parse_meta("k", serialize("k", nobody)));
        nobody.dn = "uid=bob,dc=x";
        CPPUNIT_ASSERT(!parse_meta("k", serialize("k", nobody)));
        PersonMeta marker = ok;
        marker.change_marker = "a\nb";
        CPPUNIT_ASSERT(!parse_meta("k", serialize("k", marker)));
        PersonMeta other_status = ok;
        other_status.status = PhotoStatus::Unavailable;
        CPPUNIT_ASSERT(!parse_meta("k", serialize("k", other_status)));
    }

    void changeRecordsRoundTrip() {
        CPPUNIT_ASSERT(parse_change("uid=a", serialize_change("uid=a", 1234)) == std::optional<int64_t>(1234));
        CPPUNIT_ASSERT(!parse_change("uid=b", serialize_change("uid=a", 1234)));
        CPPUNIT_ASSERT(!parse_change("uid=a", serialize_change("uid=a", 0)));
        CPPUNIT_ASSERT(!parse_change("uid=a", serialize_change("uid=a", 1234).substr(1)));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(SharedRecordTest);
