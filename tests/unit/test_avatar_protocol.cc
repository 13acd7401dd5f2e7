// The avatar codec: hash and parameter parsing, the choice of answer, redirects, 304, 503.
#include <cppunit/extensions/HelperMacros.h>

#include "cache/avatar_picture_cache.h"
#include "protocol/avatar/avatar_handler.h"
#include "protocol/avatar/avatar_request.h"

using namespace userphoto;
using namespace userphoto::avatar_protocol;

namespace {

const std::string kMd5 = "0bc83cb571cd1c50ba6f3e8a78ef1346";
const std::string kSha = "84059b07d4be67b806386c0aad8070a23f18836bbaae342275dc0a83414c32ee";

// Records what the codec asked for; answers from fixed data.
class FakeProvider : public AvatarProvider {
public:
    AvatarPerson::Status status = AvatarPerson::Status::Unknown;
    bool has_photo = true;
    int finds = 0, photos = 0, pictures = 0;
    AvatarPictureKind last_kind = AvatarPictureKind::Silhouette;
    std::string last_text;
    int last_edge = 0;
    AvatarFormat last_format = AvatarFormat::Jpeg;

    AvatarPerson find(const AddressDigest&, const Logger&) override {
        ++finds;
        AvatarPerson p;
        p.status = status;
        p.initials = "DI";
        p.key = "x@example.test";
        return p;
    }
    AvatarImage photo(const AvatarPerson&, int edge, AvatarFormat, const EtagCondition& condition,
                      const Logger&) override {
        ++photos;
        last_edge = edge;
        AvatarImage image;
        if (!has_photo) {
            image.status = AvatarImage::Status::NoPhoto;
            return image;
        }
        image.etag = "PHOTO-" + std::to_string(edge);
        image.status = condition.matches(image.etag) ? AvatarImage::Status::NotModified : AvatarImage::Status::Ok;
        if (image.status == AvatarImage::Status::Ok) image.bytes = "photo-bytes";
        return image;
    }
    AvatarImage picture(AvatarPictureKind kind, const std::string&, const std::string& text, int edge,
                        AvatarFormat format, const Logger&) override {
        ++pictures;
        last_format = format;
        last_kind = kind;
        last_text = text;
        last_edge = edge;
        AvatarImage image;
        image.status = AvatarImage::Status::Ok;
        image.bytes = "drawn";
        return image;
    }
};

HttpRequest get(const std::string& path, const std::string& query = "") {
    HttpRequest r;
    r.method = "GET";
    r.path = path;
    r.query = query;
    return r;
}

std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [n, v] : response.headers)
        if (n == name) return v;
    return "";
}

}  // namespace

class AvatarProtocolTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AvatarProtocolTest);
    CPPUNIT_TEST(parses_hash_suffix_and_parameters);
    CPPUNIT_TEST(bad_input_is_400);
    CPPUNIT_TEST(sizes_out_of_range_are_clamped_or_default);
    CPPUNIT_TEST(repeated_parameters_take_the_last);
    CPPUNIT_TEST(blank_is_a_png_whatever_the_format);
    CPPUNIT_TEST(defaults_parse);
    CPPUNIT_TEST(redirect_host_refuses_ambiguous_urls);
    CPPUNIT_TEST(known_with_photo_serves_it_cacheably);
    CPPUNIT_TEST(if_none_match_list_gives_304);
    CPPUNIT_TEST(unknown_gets_the_configured_default);
    CPPUNIT_TEST(default_404_and_redirects);
    CPPUNIT_TEST(initials_from_parameter_or_directory);
    CPPUNIT_TEST(force_default_skips_lookup);
    CPPUNIT_TEST(disabled_md5_is_not_looked_up);
    CPPUNIT_TEST(not_ready_is_503_with_retry_after);
    CPPUNIT_TEST(drawn_picture_etag_is_stable_and_304s_without_drawing);
    CPPUNIT_TEST(only_get_and_head);
    CPPUNIT_TEST(drawn_pictures_are_kept_per_process);
    CPPUNIT_TEST_SUITE_END();

public:
    void parses_hash_suffix_and_parameters() {
        ParseResult r = parse_avatar_request(kMd5 + ".png", "s=120&d=identicon&f=y&r=pg&name=Jane+van+Doe");
        CPPUNIT_ASSERT(r.request);
        CPPUNIT_ASSERT(r.request->digest.kind == DigestKind::Md5);
        CPPUNIT_ASSERT(r.request->format == AvatarFormat::Png);
        CPPUNIT_ASSERT_EQUAL(120, r.request->edge);
        CPPUNIT_ASSERT(r.request->default_choice->kind == DefaultKind::Identicon);
        CPPUNIT_ASSERT(r.request->force_default);
        CPPUNIT_ASSERT_EQUAL(std::string("JD"), r.request->initials);
        r = parse_avatar_request(kSha, "size=2048&default=404&forcedefault=n&initials=ab");
        CPPUNIT_ASSERT(r.request);
        CPPUNIT_ASSERT(r.request->digest.kind == DigestKind::Sha256);
        CPPUNIT_ASSERT(r.request->format == AvatarFormat::Jpeg);
        CPPUNIT_ASSERT_EQUAL(2048, r.request->edge);
        CPPUNIT_ASSERT(!r.request->force_default);
        CPPUNIT_ASSERT_EQUAL(std::string("AB"), r.request->initials);
        r = parse_avatar_request("0BC83CB571CD1C50BA6F3E8A78EF1346.jpg", "");
        CPPUNIT_ASSERT(r.request);
        CPPUNIT_ASSERT_EQUAL(kMd5, r.request->hash_hex);
        CPPUNIT_ASSERT_EQUAL(kDefaultEdge, r.request->edge);
        CPPUNIT_ASSERT(!r.request->default_choice);
    }

    void bad_input_is_400() {
        FakeProvider provider;
        const char* paths[] = {"/avatar/abc", "/avatar/", "/avatar/0bc83cb571cd1c50ba6f3e8a78ef134g",
                               "/avatar/0bc83cb571cd1c50ba6f3e8a78ef1346.gif", "/avatar/0bc83cb571cd1c50ba6f3e8a78ef13460"};
        for (const char* path : paths) CPPUNIT_ASSERT_EQUAL(400, handle_avatar(get(path), provider, {}, {}).status);
        CPPUNIT_ASSERT_EQUAL(400, handle_avatar(get("/avatar/" + kMd5, "d=" + std::string(3000, 'x')), provider, {}, {}).status);
        CPPUNIT_ASSERT_EQUAL(0, provider.finds);
        // The 400 says what is wrong: the suffix, or the hash.
        CPPUNIT_ASSERT(parse_avatar_request(kMd5 + ".gif", "").error.find("suffix") != std::string::npos);
        CPPUNIT_ASSERT(parse_avatar_request("0bc83cb571cd1c50ba6f3e8a78ef134g.png", "").error.find("hash") !=
                       std::string::npos);
        // Unknown default names fall back to the configured default rather than failing.
        CPPUNIT_ASSERT_EQUAL(200, handle_avatar(get("/avatar/" + kMd5, "d=nonsense"), provider, {}, {}).status);
    }

    void sizes_out_of_range_are_clamped_or_default() {
        // Gravatar and Libravatar answer every size: over the range the largest, else the default.
        const std::pair<const char*, int> cases[] = {
            {"s=2049", 2048}, {"s=99999999999999999999999", 2048}, {"size=4096", 2048}, {"s=0100", 100},
            {"s=1", 1},       {"s=0", 80}, {"s=", 80}, {"s", 80}, {"s=abc", 80}, {"s=-5", 80}, {"s=80.5", 80},
            {"size=1e3", 80}};
        for (const auto& [query, edge] : cases) {
            ParseResult r = parse_avatar_request(kMd5, query);
            CPPUNIT_ASSERT_MESSAGE(query, r.request);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(query, edge, r.request->edge);
            FakeProvider provider;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(query, 200, handle_avatar(get("/avatar/" + kMd5, query), provider, {}, {}).status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(query, edge, provider.last_edge);
        }
    }

    void repeated_parameters_take_the_last() {
        ParseResult r = parse_avatar_request(kMd5, "s=20&d=404&f=y&size=100&default=identicon&forcedefault=n");
        CPPUNIT_ASSERT(r.request);
        CPPUNIT_ASSERT_EQUAL(100, r.request->edge);
        CPPUNIT_ASSERT(r.request->default_choice->kind == DefaultKind::Identicon);
        CPPUNIT_ASSERT(!r.request->force_default);
        r = parse_avatar_request(kMd5, "d=identicon&r=PG&d=404&s=40&s=60");
        CPPUNIT_ASSERT(r.request->default_choice->kind == DefaultKind::NotFound);
        CPPUNIT_ASSERT_EQUAL(60, r.request->edge);
    }

    void blank_is_a_png_whatever_the_format() {
        FakeProvider provider;
        AvatarOptions options;
        options.formats = FormatSet{true, true};
        for (const std::string& path : {"/avatar/" + kMd5, "/avatar/" + kMd5 + ".jpg", "/avatar/" + kMd5 + ".png"}) {
            HttpRequest request = get(path, "d=blank");
            request.headers["Accept"] = "image/avif,image/webp,*/*";
            HttpResponse r = handle_avatar(request, provider, options, {});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 200, r.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("image/png"), r.content_type);
            CPPUNIT_ASSERT_MESSAGE(path, provider.last_format == AvatarFormat::Png);
        }
        // Other drawings keep the format asked for.
        HttpResponse r = handle_avatar(get("/avatar/" + kMd5 + ".jpg", "d=identicon"), provider, {}, {});
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), r.content_type);
        CPPUNIT_ASSERT(provider.last_format == AvatarFormat::Jpeg);
    }

    void defaults_parse() {
        CPPUNIT_ASSERT(parse_default("mm")->kind == DefaultKind::Silhouette);
        CPPUNIT_ASSERT(parse_default("MP")->kind == DefaultKind::Silhouette);
        CPPUNIT_ASSERT(parse_default("robohash")->kind == DefaultKind::Identicon);
        CPPUNIT_ASSERT(parse_default("monsterid")->kind == DefaultKind::Identicon);
        CPPUNIT_ASSERT(parse_default("wavatar")->kind == DefaultKind::Identicon);
        CPPUNIT_ASSERT(parse_default("retro")->kind == DefaultKind::Identicon);
        CPPUNIT_ASSERT(parse_default("blank")->kind == DefaultKind::Blank);
        CPPUNIT_ASSERT(parse_default("color")->kind == DefaultKind::Color);
        CPPUNIT_ASSERT(parse_default("initials")->kind == DefaultKind::Initials);
        CPPUNIT_ASSERT(parse_default("404")->kind == DefaultKind::NotFound);
        CPPUNIT_ASSERT(parse_default("https://x.test/a.png")->kind == DefaultKind::Url);
        CPPUNIT_ASSERT(!parse_default("ftp://x.test/a.png"));
        CPPUNIT_ASSERT(!parse_default("javascript:alert(1)"));
    }

    void redirect_host_refuses_ambiguous_urls() {
        CPPUNIT_ASSERT_EQUAL(std::string("img.example.test"), redirect_host("https://IMG.example.test:8443/x.png?a=b"));
        CPPUNIT_ASSERT_EQUAL(std::string("a.test"), redirect_host("http://a.test"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), redirect_host("https://good.test@evil.test/"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), redirect_host("https://a.test/\r\nSet-Cookie: x"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), redirect_host("https://a.test\\@evil.test/"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), redirect_host("//a.test/"));
    }

    void known_with_photo_serves_it_cacheably() {
        FakeProvider provider;
        provider.status = AvatarPerson::Status::Known;
        AvatarOptions options;
        options.max_age_s = 600;
        HttpResponse r = handle_avatar(get("/avatar/" + kMd5, "s=200"), provider, options, {});
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), r.content_type);
        CPPUNIT_ASSERT_EQUAL(std::string("photo-bytes"), r.body);
        CPPUNIT_ASSERT_EQUAL(std::string("public, max-age=600"), header(r, "Cache-Control"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"PHOTO-200\""), header(r, "ETag"));
        CPPUNIT_ASSERT_EQUAL(200, provider.last_edge);
        CPPUNIT_ASSERT_EQUAL(0, provider.pictures);
        r = handle_avatar(get("/avatar/" + kMd5 + ".png"), provider, options, {});
        CPPUNIT_ASSERT_EQUAL(std::string("image/png"), r.content_type);
    }

    void if_none_match_list_gives_304() {
        FakeProvider provider;
        provider.status = AvatarPerson::Status::Known;
        HttpRequest request = get("/avatar/" + kMd5);
        request.headers["If-None-Match"] = "\"other\", W/\"PHOTO-80\"";
        HttpResponse r = handle_avatar(request, provider, {}, {});
        CPPUNIT_ASSERT_EQUAL(304, r.status);
        CPPUNIT_ASSERT(r.body.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("\"PHOTO-80\""), header(r, "ETag"));
    }

    void unknown_gets_the_configured_default() {
        FakeProvider provider;
        AvatarOptions options;
        HttpResponse r = handle_avatar(get("/avatar/" + kMd5), provider, options, {});
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT(provider.last_kind == AvatarPictureKind::Silhouette);
        CPPUNIT_ASSERT_EQUAL(80, provider.last_edge);
        options.default_choice.kind = DefaultKind::Identicon;
        handle_avatar(get("/avatar/" + kMd5, "s=33"), provider, options, {});
        CPPUNIT_ASSERT(provider.last_kind == AvatarPictureKind::Identicon);
        CPPUNIT_ASSERT_EQUAL(33, provider.last_edge);
        handle_avatar(get("/avatar/" + kMd5, "d=blank"), provider, options, {});
        CPPUNIT_ASSERT(provider.last_kind == AvatarPictureKind::Blank);
        handle_avatar(get("/avatar/" + kMd5, "d=color"), provider, options, {});
        CPPUNIT_ASSERT(provider.last_kind == AvatarPictureKind::Color);
        // A known person without a photo gets the default too.
        provider.status = AvatarPerson::Status::Known;
        provider.has_photo = false;
        CPPUNIT_ASSERT_EQUAL(200, handle_avatar(get("/avatar/" + kMd5, "d=wavatar"), provider, options, {}).status);
        CPPUNIT_ASSERT(provider.last_kind == AvatarPictureKind::Identicon);
    }

    void default_404_and_redirects() {
        FakeProvider provider;
        AvatarOptions options;
        options.redirect_hosts = {"img.example.test"};
        CPPUNIT_ASSERT_EQUAL(404, handle_avatar(get("/avatar/" + kMd5, "d=404"), provider, options, {}).status);
        HttpResponse r = handle_avatar(get("/avatar/" + kMd5, "d=https%3A%2F%2Fimg.example.test%2Fdefault.png"),
                                       provider, options, {});
        CPPUNIT_ASSERT_EQUAL(302, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("https://img.example.test/default.png"), header(r, "Location"));
        const int drawn = provider.pictures;
        r = handle_avatar(get("/avatar/" + kMd5, "d=https%3A%2F%2Fevil.test%2Fx.png"), provider, options, {});
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT(header(r, "Location").empty());
        CPPUNIT_ASSERT_EQUAL(drawn + 1, provider.pictures);
        CPPUNIT_ASSERT(provider.last_kind == AvatarPictureKind::Silhouette);
    }

    void initials_from_parameter_or_directory() {
        FakeProvider provider;
        handle_avatar(get("/avatar/" + kMd5, "d=initials&name=Ada%20Lovelace"), provider, {}, {});
        CPPUNIT_ASSERT(provider.last_kind == AvatarPictureKind::Initials);
        CPPUNIT_ASSERT_EQUAL(std::string("AL"), provider.last_text);
        // Unknown and no name: as mp.
        handle_avatar(get("/avatar/" + kMd5, "d=initials"), provider, {}, {});
        CPPUNIT_ASSERT(provider.last_kind == AvatarPictureKind::Silhouette);
        // Known without a photo: the directory's name.
        provider.status = AvatarPerson::Status::Known;
        provider.has_photo = false;
        handle_avatar(get("/avatar/" + kMd5, "d=initials"), provider, {}, {});
        CPPUNIT_ASSERT(provider.last_kind == AvatarPictureKind::Initials);
        CPPUNIT_ASSERT_EQUAL(std::string("DI"), provider.last_text);
    }

    void force_default_skips_lookup() {
        FakeProvider provider;
        provider.status = AvatarPerson::Status::Known;
        HttpResponse r = handle_avatar(get("/avatar/" + kMd5, "f=y&d=identicon"), provider, {}, {});
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT_EQUAL(0, provider.finds);
        CPPUNIT_ASSERT_EQUAL(0, provider.photos);
        CPPUNIT_ASSERT(provider.last_kind == AvatarPictureKind::Identicon);
    }

    void disabled_md5_is_not_looked_up() {
        FakeProvider provider;
        provider.status = AvatarPerson::Status::Known;
        AvatarOptions options;
        options.accept_md5 = false;
        HttpResponse r = handle_avatar(get("/avatar/" + kMd5, "d=404"), provider, options, {});
        CPPUNIT_ASSERT_EQUAL(404, r.status);
        CPPUNIT_ASSERT_EQUAL(0, provider.finds);
        r = handle_avatar(get("/avatar/" + kSha, "d=404"), provider, options, {});
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT_EQUAL(1, provider.finds);
    }

    void not_ready_is_503_with_retry_after() {
        FakeProvider provider;
        provider.status = AvatarPerson::Status::NotReady;
        HttpResponse r = handle_avatar(get("/avatar/" + kMd5), provider, {}, {});
        CPPUNIT_ASSERT_EQUAL(503, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("5"), header(r, "Retry-After"));
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), header(r, "Cache-Control"));
    }

    void drawn_picture_etag_is_stable_and_304s_without_drawing() {
        FakeProvider provider;
        HttpResponse first = handle_avatar(get("/avatar/" + kMd5, "d=identicon&s=64"), provider, {}, {});
        HttpResponse again = handle_avatar(get("/avatar/" + kMd5, "d=identicon&s=64"), provider, {}, {});
        HttpResponse other = handle_avatar(get("/avatar/" + kMd5, "d=identicon&s=65"), provider, {}, {});
        CPPUNIT_ASSERT_EQUAL(header(first, "ETag"), header(again, "ETag"));
        CPPUNIT_ASSERT(header(first, "ETag") != header(other, "ETag"));
        HttpRequest conditional = get("/avatar/" + kMd5, "d=identicon&s=64");
        conditional.headers["If-None-Match"] = header(first, "ETag");
        const int drawn = provider.pictures;
        CPPUNIT_ASSERT_EQUAL(304, handle_avatar(conditional, provider, {}, {}).status);
        CPPUNIT_ASSERT_EQUAL(drawn, provider.pictures);
    }

    void drawn_pictures_are_kept_per_process() {
        auto inner = std::make_shared<FakeProvider>();
        DrawnPictureCache pictures(1 << 20);
        cache::AvatarPictureCache cached(inner, pictures, 85);
        const Logger log;
        CPPUNIT_ASSERT_EQUAL(std::string("drawn"), cached.picture(AvatarPictureKind::Silhouette, "a", "", 80, AvatarFormat::Jpeg, log).bytes);
        cached.picture(AvatarPictureKind::Silhouette, "b", "", 80, AvatarFormat::Jpeg, log);
        CPPUNIT_ASSERT_EQUAL(1, inner->pictures);  // the silhouette is the same for every hash
        cached.picture(AvatarPictureKind::Silhouette, "b", "", 81, AvatarFormat::Jpeg, log);
        cached.picture(AvatarPictureKind::Silhouette, "b", "", 80, AvatarFormat::Png, log);
        CPPUNIT_ASSERT_EQUAL(3, inner->pictures);
        cached.picture(AvatarPictureKind::Identicon, "a", "", 80, AvatarFormat::Jpeg, log);
        cached.picture(AvatarPictureKind::Identicon, "b", "", 80, AvatarFormat::Jpeg, log);
        cached.picture(AvatarPictureKind::Identicon, "a", "", 80, AvatarFormat::Jpeg, log);
        CPPUNIT_ASSERT_EQUAL(5, inner->pictures);
        cached.picture(AvatarPictureKind::Initials, "a", "AB", 80, AvatarFormat::Jpeg, log);
        cached.picture(AvatarPictureKind::Initials, "a", "CD", 80, AvatarFormat::Jpeg, log);
        CPPUNIT_ASSERT_EQUAL(7, inner->pictures);
        CPPUNIT_ASSERT_EQUAL(size_t(7), pictures.entries());  // one budget with the EWS/Graph fallbacks
        // Another quality (another virtual host) is another picture.
        cache::AvatarPictureCache other_quality(inner, pictures, 70);
        other_quality.picture(AvatarPictureKind::Silhouette, "a", "", 80, AvatarFormat::Jpeg, log);
        CPPUNIT_ASSERT_EQUAL(8, inner->pictures);
        // Lookups and photos pass through.
        cached.find(AddressDigest{}, log);
        CPPUNIT_ASSERT_EQUAL(1, inner->finds);
    }

    void only_get_and_head() {
        FakeProvider provider;
        HttpRequest post = get("/avatar/" + kMd5);
        post.method = "POST";
        HttpResponse r = handle_avatar(post, provider, {}, {});
        CPPUNIT_ASSERT_EQUAL(405, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("GET, HEAD"), header(r, "Allow"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AvatarProtocolTest);
