// Libravatar / Gravatar avatars against the test slapd, through a private httpd whose
// configuration uses the avatar handler (the shared httpd stays as it is):
//   the hash index built at start-up (and its memory reported), MD5 and SHA-256, aliases,
//   exact sizes, every default, redirects, 304, bad input, MD5 turned off, 503 while no index
//   exists, and URLs built by Debian's libgravatar-url-perl.
#include <openssl/evp.h>
#include <png.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "directory/directory.h"
#include "image/avif_codec.h"
#include "image/webp_codec.h"
#include "index/hash_index.h"
#include "index/index_builder.h"
#include "integration/fixture.h"
#include "util/hex_digest.h"
#include "util/strings.h"

namespace {

using itest::Environment;
using itest::HttpCall;
using itest::HttpReply;

struct AvatarWorld {
    int ldap_port = 0;  // a private copy of the test directory (stopped by one test)
    int port = 0;       // avatars from it
    int dead_port = 0;  // a directory that never answers: the index is never ready
    std::string log_path;
};

std::string digest_hex(const EVP_MD* md, const std::string& address) {
    const std::string normal = userphoto::to_lower(userphoto::trim(address));
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(normal.data(), normal.size(), out, &length, md, nullptr);
    static const char hex[] = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        text += hex[out[i] >> 4];
        text += hex[out[i] & 15];
    }
    return text;
}
std::string md5(const std::string& address) { return digest_hex(EVP_md5(), address); }
std::string sha256(const std::string& address) { return digest_hex(EVP_sha256(), address); }

// PNG width × height and whether its first pixel is fully transparent.
struct PngInfo {
    int width = 0, height = 0;
    bool transparent = false;
};
PngInfo png_facts(const std::string& bytes) {
    PngInfo info;
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) return info;
    image.format = PNG_FORMAT_RGBA;
    std::string pixels(PNG_IMAGE_SIZE(image), '\0');
    if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) return info;
    info.width = static_cast<int>(image.width);
    info.height = static_cast<int>(image.height);
    info.transparent = pixels.size() >= 4 && pixels[3] == 0;
    return info;
}

HttpCall request(const std::string& method, const std::string& path) {
    HttpCall call;
    call.method = method;
    call.path = path;
    return call;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const AvatarWorld& world(Environment& env) {
    static std::unique_ptr<AvatarWorld> w;
    if (w) return *w;
    auto made = std::make_unique<AvatarWorld>();
    const std::string conf = R"(
UserPhotoEmailAliasAttribute userPhotoMailAlias
UserPhotoDirectoryWatch syncrepl
<Location "/avatar">
    SetHandler userphoto-avatar
    UserPhotoAvatarRedirectHosts img.example.test
</Location>
<Location "/avatar-formats">
    SetHandler userphoto-avatar
    UserPhotoFormats jpeg webp avif
</Location>
<Location "/private-avatar">
    SetHandler userphoto-avatar
    UserPhotoAvatarHashes sha256
    UserPhotoAvatarDefault 404
    UserPhotoAvatarMaxAge 60
</Location>
)";
    made->ldap_port = env.start_extra_slapd("avatar-slapd");
    made->port = env.start_extra_httpd("avatar-httpd", made->ldap_port, conf);
    made->log_path = env.work_dir() + "/avatar-httpd/error.log";
    // Nothing listens on this port: every build fails, so the index never becomes ready.
    made->dead_port = env.start_extra_httpd("avatar-dead-httpd", itest::free_port(),
                                            "<Location \"/avatar\">\n    SetHandler userphoto-avatar\n</Location>\n");
    w = std::move(made);
    // Wait (bounded) for the first build: start-up itself never waits for it.
    for (int i = 0; i < 100; ++i) {
        HttpReply r = env.call_port(w->port, request("GET", "/avatar/" + md5("alice@example.test") + "?d=404"));
        if (r.status == 200) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return *w;
}

}  // namespace

class AvatarIntegrationTest : public itest::IntegrationFixture {
    CPPUNIT_TEST_SUITE(AvatarIntegrationTest);
    CPPUNIT_TEST(index_built_and_memory_reported);
    CPPUNIT_TEST(photo_by_md5_and_sha256_at_exact_sizes);
    CPPUNIT_TEST(png_suffix_answers_png);
    CPPUNIT_TEST(formats_negotiated_by_accept);
    CPPUNIT_TEST(alias_addresses_are_indexed);
    CPPUNIT_TEST(watched_changes_reach_the_index);
    CPPUNIT_TEST(every_default);
    CPPUNIT_TEST(initials_from_the_directory);
    CPPUNIT_TEST(redirects_only_to_allowed_hosts);
    CPPUNIT_TEST(force_default_and_rating);
    CPPUNIT_TEST(etag_and_304);
    CPPUNIT_TEST(bad_input_is_400_never_500);
    CPPUNIT_TEST(md5_off_and_private_settings);
    CPPUNIT_TEST(unknown_and_known_take_similar_time);
    CPPUNIT_TEST(not_ready_index_answers_503);
    CPPUNIT_TEST(urls_from_libgravatar_url_perl);
    CPPUNIT_TEST(unknown_hash_needs_no_directory);
    CPPUNIT_TEST_SUITE_END();

    HttpReply get(const std::string& path, std::vector<std::string> headers = {}) {
        HttpCall call = request("GET", path);
        call.headers = std::move(headers);
        return env().call_port(world(env()).port, call);
    }

public:
    void index_built_and_memory_reported() {
        const std::string log = slurp(world(env()).log_path);
        std::smatch m;
        const std::regex line("avatar index built: ([0-9]+) people, ([0-9]+) MD5 and ([0-9]+) SHA-256 digests, ([0-9]+) of ([0-9]+) bytes");
        CPPUNIT_ASSERT_MESSAGE(log.substr(log.size() > 2000 ? log.size() - 2000 : 0), std::regex_search(log, m, line));
        const long people = std::stol(m[1]), md5s = std::stol(m[2]), shas = std::stol(m[3]), used = std::stol(m[4]);
        CPPUNIT_ASSERT(people >= 30);          // the fixed people and the generated ones
        // One address each, heidi's alias one more, the twins' shared address dropped for both.
        CPPUNIT_ASSERT_EQUAL(people + 1 - 2, shas);
        CPPUNIT_ASSERT_EQUAL(md5s, shas);
        CPPUNIT_ASSERT(used > 0 && used < std::stol(m[5]));
        // Built by one child only, however many children there are.
        CPPUNIT_ASSERT_EQUAL(std::string::npos, log.find("avatar index built", log.find("avatar index built") + 1));
    }

    void photo_by_md5_and_sha256_at_exact_sizes() {
        HttpReply r = get("/avatar/" + md5("Alice@Example.test"));
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), r.header("Content-Type"));
        CPPUNIT_ASSERT(itest::jpeg_size(r.body) == std::make_pair(80, 80));
        CPPUNIT_ASSERT_EQUAL(std::string("public, max-age=3600"), r.header("Cache-Control"));
        HttpReply sha = get("/avatar/" + sha256("alice@example.test"));
        CPPUNIT_ASSERT_EQUAL(200L, sha.status);
        CPPUNIT_ASSERT_EQUAL(r.header("ETag"), sha.header("ETag"));
        CPPUNIT_ASSERT(r.body == sha.body);
        for (int edge : {1, 47, 300, 2048}) {
            HttpReply sized = get("/avatar/" + md5("alice@example.test") + ".jpg?s=" + std::to_string(edge));
            CPPUNIT_ASSERT_EQUAL(200L, sized.status);
            CPPUNIT_ASSERT(itest::jpeg_size(sized.body) == std::make_pair(edge, edge));
        }
        // carol's only photo is tiny: upscaled to the edge asked for.
        HttpReply carol = get("/avatar/" + md5("carol@example.test") + "?size=200");
        CPPUNIT_ASSERT_EQUAL(200L, carol.status);
        CPPUNIT_ASSERT(itest::jpeg_size(carol.body) == std::make_pair(200, 200));
        // bob's portrait is cropped square.
        HttpReply bob = get("/avatar/" + md5("bob@example.test") + "?s=120");
        CPPUNIT_ASSERT(itest::jpeg_size(bob.body) == std::make_pair(120, 120));
    }

    void png_suffix_answers_png() {
        HttpReply r = get("/avatar/" + md5("alice@example.test") + ".png?s=64");
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/png"), r.header("Content-Type"));
        const PngInfo info = png_facts(r.body);
        CPPUNIT_ASSERT_EQUAL(64, info.width);
        CPPUNIT_ASSERT_EQUAL(64, info.height);
        CPPUNIT_ASSERT(!info.transparent);
    }

    void formats_negotiated_by_accept() {
        const std::string chrome = "Accept: image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
        const std::string alice = md5("alice@example.test");
        // The route without UserPhotoFormats: JPEG, no Vary.
        HttpReply plain = get("/avatar/" + alice + "?s=80", {chrome});
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), plain.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string(), plain.header("Vary"));
        userphoto::image::RgbImage pixels;
        HttpReply avif = get("/avatar-formats/" + alice + "?s=80", {chrome});
        CPPUNIT_ASSERT_EQUAL(200L, avif.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/avif"), avif.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string("ftypavif"), avif.body.substr(4, 8));
        CPPUNIT_ASSERT(userphoto::image::decode_avif(avif.body, pixels));
        CPPUNIT_ASSERT(pixels.width == 80 && pixels.height == 80);
        CPPUNIT_ASSERT_EQUAL(std::string("Accept"), avif.header("Vary"));
        HttpReply webp = get("/avatar-formats/" + alice + "?s=80", {"Accept: image/webp,*/*"});
        CPPUNIT_ASSERT_EQUAL(std::string("image/webp"), webp.header("Content-Type"));
        CPPUNIT_ASSERT(webp.body.substr(0, 4) == "RIFF" && webp.body.substr(8, 4) == "WEBP");
        CPPUNIT_ASSERT(userphoto::image::decode_webp(webp.body, pixels));
        CPPUNIT_ASSERT(pixels.width == 80 && pixels.height == 80);
        HttpReply jpeg = get("/avatar-formats/" + alice + "?s=80", {"Accept: */*"});
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), jpeg.header("Content-Type"));
        CPPUNIT_ASSERT(itest::jpeg_size(jpeg.body) == std::make_pair(80, 80));
        CPPUNIT_ASSERT_EQUAL(std::string("Accept"), jpeg.header("Vary"));
        CPPUNIT_ASSERT_EQUAL(plain.header("ETag"), jpeg.header("ETag"));
        CPPUNIT_ASSERT(avif.header("ETag") != webp.header("ETag") && webp.header("ETag") != jpeg.header("ETag"));
        // 304 per format.
        CPPUNIT_ASSERT_EQUAL(304L, get("/avatar-formats/" + alice + "?s=80", {chrome, "If-None-Match: " + avif.header("ETag")}).status);
        CPPUNIT_ASSERT_EQUAL(200L, get("/avatar-formats/" + alice + "?s=80", {"Accept: */*", "If-None-Match: " + avif.header("ETag")}).status);
        // An extension names the format: no negotiation.
        HttpReply named = get("/avatar-formats/" + alice + ".jpg?s=80", {chrome});
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), named.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string(), named.header("Vary"));
        // carol's tiny photo upscaled, in WebP; an unknown hash's drawn default in AVIF.
        HttpReply carol = get("/avatar-formats/" + md5("carol@example.test") + "?s=200", {"Accept: image/webp"});
        CPPUNIT_ASSERT_EQUAL(std::string("image/webp"), carol.header("Content-Type"));
        CPPUNIT_ASSERT(userphoto::image::decode_webp(carol.body, pixels));
        CPPUNIT_ASSERT(pixels.width == 200 && pixels.height == 200);
        HttpReply drawn = get("/avatar-formats/" + md5("nobody@example.test") + "?s=64&d=identicon", {chrome});
        CPPUNIT_ASSERT_EQUAL(200L, drawn.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/avif"), drawn.header("Content-Type"));
        CPPUNIT_ASSERT(userphoto::image::decode_avif(drawn.body, pixels));
        CPPUNIT_ASSERT(pixels.width == 64 && pixels.height == 64);
    }

    void alias_addresses_are_indexed() {
        HttpReply primary = get("/avatar/" + md5("heidi@example.test") + "?d=404");
        HttpReply alias = get("/avatar/" + sha256("heidi.alias@example.test") + "?d=404");
        CPPUNIT_ASSERT_EQUAL(200L, primary.status);
        CPPUNIT_ASSERT_EQUAL(200L, alias.status);
        CPPUNIT_ASSERT_EQUAL(primary.header("ETag"), alias.header("ETag"));
        // Only smtp: values are addresses.
        CPPUNIT_ASSERT_EQUAL(404L, get("/avatar/" + md5("/o=Example/cn=heidi") + "?d=404").status);
        CPPUNIT_ASSERT_EQUAL(404L, get("/avatar/" + md5("x500:/o=Example/cn=heidi") + "?d=404").status);
        // Two people with one address: nobody's (the index never guesses).
        CPPUNIT_ASSERT_EQUAL(404L, get("/avatar/" + md5("twins@example.test") + "?d=404").status);
    }

    // The directory watcher (syncrepl) tells the index about a changed entry: an alias added with
    // ldapmodify is served within seconds, and forgotten when removed, long before the hourly rebuild.
    void watched_changes_reach_the_index() {
        const std::string path = "/avatar/" + sha256("carol.watched@example.test") + "?d=404";
        const auto change = [&](const std::string& ldif) {
            const std::string file = env().work_dir() + "/avatar-watch.ldif";
            std::ofstream(file) << "dn: uid=carol,ou=people,dc=example,dc=test\nchangetype: modify\n" << ldif;
            itest::run("ldapmodify -x -H ldap://127.0.0.1:" + std::to_string(world(env()).ldap_port) +
                       " -D cn=admin,dc=example,dc=test -w secret -f " + file);
        };
        const auto becomes = [&](long status) {
            for (int i = 0; i < 50; ++i) {  // 5 s at most
                if (get(path).status == status) return true;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            return false;
        };
        CPPUNIT_ASSERT_EQUAL(404L, get(path).status);
        change("add: objectClass\nobjectClass: userPhotoAliasPerson\n-\n"
               "add: userPhotoMailAlias\nuserPhotoMailAlias: smtp:Carol.Watched@example.test\n");
        CPPUNIT_ASSERT_MESSAGE("an added alias is served", becomes(200));
        change("delete: userPhotoMailAlias\n-\ndelete: objectClass\nobjectClass: userPhotoAliasPerson\n");
        CPPUNIT_ASSERT_MESSAGE("a removed alias is forgotten", becomes(404));
    }

    void every_default() {
        const std::string unknown = "/avatar/" + md5("nobody@example.test");
        CPPUNIT_ASSERT_EQUAL(404L, get(unknown + "?d=404").status);
        const char* drawn[] = {"mp", "mm", "identicon", "retro", "robohash", "monsterid", "wavatar", "color",
                               "initials&name=Nora+Body"};
        for (const char* d : drawn) {
            HttpReply r = get(unknown + "?s=50&d=" + d);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(d, 200L, r.status);
            CPPUNIT_ASSERT_MESSAGE(d, itest::jpeg_size(r.body) == std::make_pair(50, 50));
            // Deterministic: the same bytes every time.
            CPPUNIT_ASSERT_MESSAGE(d, get(unknown + "?s=50&d=" + d).body == r.body);
        }
        // The robot styles are identicons; mm is mp; the configured default (mp) when none is named.
        CPPUNIT_ASSERT(get(unknown + "?d=robohash").body == get(unknown + "?d=identicon").body);
        CPPUNIT_ASSERT(get(unknown + "?d=mm").body == get(unknown + "?d=mp").body);
        CPPUNIT_ASSERT(get(unknown).body == get(unknown + "?d=mp").body);
        CPPUNIT_ASSERT(get(unknown + "?d=identicon").body != get("/avatar/" + md5("other@example.test") + "?d=identicon").body);
        // blank: a transparent PNG, whatever the URL's suffix.
        for (const std::string suffix : {".png", ".jpg", ""}) {
            HttpReply blank = get(unknown + suffix + "?d=blank&s=20");
            CPPUNIT_ASSERT_EQUAL(std::string("image/png"), blank.header("Content-Type"));
            const PngInfo info = png_facts(blank.body);
            CPPUNIT_ASSERT_EQUAL(20, info.width);
            CPPUNIT_ASSERT(info.transparent);
        }
        // A known person without a usable photo (erin: none; dave: corrupt) gets the default as well.
        CPPUNIT_ASSERT_EQUAL(404L, get("/avatar/" + md5("erin@example.test") + "?d=404").status);
        CPPUNIT_ASSERT_EQUAL(404L, get("/avatar/" + md5("dave@example.test") + "?d=404").status);
        allow_log("dave");
    }

    void initials_from_the_directory() {
        // erin has no photo; her name in the directory is "Erin Evans".
        HttpReply directory = get("/avatar/" + md5("erin@example.test") + "?d=initials&s=90");
        HttpReply named = get("/avatar/" + md5("erin@example.test") + "?d=initials&s=90&name=Erin%20Evans");
        HttpReply other = get("/avatar/" + md5("erin@example.test") + "?d=initials&s=90&initials=ZZ");
        CPPUNIT_ASSERT_EQUAL(200L, directory.status);
        CPPUNIT_ASSERT(itest::jpeg_size(directory.body) == std::make_pair(90, 90));
        CPPUNIT_ASSERT(directory.body == named.body);
        CPPUNIT_ASSERT(directory.body != other.body);
    }

    void redirects_only_to_allowed_hosts() {
        const std::string unknown = "/avatar/" + md5("nobody@example.test");
        HttpReply allowed = get(unknown + "?d=https%3A%2F%2Fimg.example.test%2Fdefault.png");
        CPPUNIT_ASSERT_EQUAL(302L, allowed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("https://img.example.test/default.png"), allowed.header("Location"));
        HttpReply refused = get(unknown + "?d=https%3A%2F%2Fevil.example.test%2Fx.png");
        CPPUNIT_ASSERT_EQUAL(200L, refused.status);
        CPPUNIT_ASSERT(refused.header("Location").empty());
        CPPUNIT_ASSERT(refused.body == get(unknown + "?d=mp").body);
        HttpReply tricky = get(unknown + "?d=https%3A%2F%2Fimg.example.test%40evil.example.test%2F");
        CPPUNIT_ASSERT_EQUAL(200L, tricky.status);
        // A known person with a photo gets the photo, not the redirect.
        CPPUNIT_ASSERT_EQUAL(200L, get("/avatar/" + md5("alice@example.test") + "?d=https%3A%2F%2Fimg.example.test%2Fx").status);
    }

    void force_default_and_rating() {
        const std::string alice = "/avatar/" + md5("alice@example.test");
        HttpReply forced = get(alice + "?f=y&d=identicon");
        HttpReply identicon = get(alice + "?forcedefault=y&default=identicon");
        CPPUNIT_ASSERT_EQUAL(200L, forced.status);
        CPPUNIT_ASSERT(forced.body == identicon.body);
        CPPUNIT_ASSERT(forced.body != get(alice).body);
        CPPUNIT_ASSERT_EQUAL(404L, get(alice + "?f=y&d=404").status);
        CPPUNIT_ASSERT(get(alice + "?r=x").body == get(alice).body);
    }

    void etag_and_304() {
        const std::string alice = "/avatar/" + md5("alice@example.test") + "?s=96";
        HttpReply first = get(alice);
        const std::string etag = first.header("ETag");
        CPPUNIT_ASSERT(!etag.empty());
        HttpReply again = get(alice, {"If-None-Match: \"nope\", " + etag});
        CPPUNIT_ASSERT_EQUAL(304L, again.status);
        CPPUNIT_ASSERT(again.body.empty());
        CPPUNIT_ASSERT_EQUAL(etag, again.header("ETag"));
        CPPUNIT_ASSERT_EQUAL(200L, get(alice, {"If-None-Match: \"nope\""}).status);
        // Another size is another representation.
        CPPUNIT_ASSERT(get("/avatar/" + md5("alice@example.test") + "?s=97").header("ETag") != etag);
        const std::string drawn = "/avatar/" + md5("nobody@example.test") + "?d=identicon";
        const std::string drawn_tag = get(drawn).header("ETag");
        CPPUNIT_ASSERT_EQUAL(304L, get(drawn, {"If-None-Match: W/" + drawn_tag}).status);
    }

    void bad_input_is_400_never_500() {
        const std::string h = md5("alice@example.test");
        const std::vector<std::string> bad = {
            "/avatar/" + h.substr(1),     "/avatar/" + h + "0",          "/avatar/" + h.substr(1) + "z",
            "/avatar/" + h + ".gif",      "/avatar/" + h + "?d=" + std::string(2100, 'a'),
            "/avatar/not-a-hash",
        };
        for (const std::string& path : bad) CPPUNIT_ASSERT_EQUAL_MESSAGE(path.substr(0, 120), 400L, get(path).status);
        // Sizes are not bad input: as on Gravatar and Libravatar, out of range is the default or the largest.
        for (const char* size : {"s=0", "s=big", "s=-1", "size=12px", "s="}) {
            HttpReply r = get("/avatar/" + h + "?" + size);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(size, 200L, r.status);
            CPPUNIT_ASSERT_MESSAGE(size, itest::jpeg_size(r.body) == std::make_pair(80, 80));
        }
        HttpReply largest = get("/avatar/" + md5("nobody@example.test") + "?s=2049&d=color");
        CPPUNIT_ASSERT_EQUAL(200L, largest.status);
        CPPUNIT_ASSERT(itest::jpeg_size(largest.body) == std::make_pair(2048, 2048));
        // An unknown default name: the configured default.
        CPPUNIT_ASSERT_EQUAL(200L, get("/avatar/" + md5("nobody@example.test") + "?d=unheard-of").status);
        HttpReply head = env().call_port(world(env()).port, request("HEAD", "/avatar/" + h));
        CPPUNIT_ASSERT_EQUAL(200L, head.status);
        CPPUNIT_ASSERT(head.body.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), head.header("Content-Type"));
        HttpCall post = request("POST", "/avatar/" + h);
        CPPUNIT_ASSERT_EQUAL(405L, env().call_port(world(env()).port, post).status);
    }

    void md5_off_and_private_settings() {
        HttpReply by_md5 = get("/private-avatar/" + md5("alice@example.test"));
        CPPUNIT_ASSERT_EQUAL(404L, by_md5.status);  // MD5 off, default 404
        HttpReply by_sha = get("/private-avatar/" + sha256("alice@example.test"));
        CPPUNIT_ASSERT_EQUAL(200L, by_sha.status);
        CPPUNIT_ASSERT_EQUAL(std::string("public, max-age=60"), by_sha.header("Cache-Control"));
    }

    void unknown_and_known_take_similar_time() {
        // Warm both, then time them: an unknown digest must not be answered far faster or slower
        // than a known one without a photo (both draw the same default; neither asks LDAP).
        const std::string known = "/avatar/" + md5("erin@example.test") + "?d=identicon";
        const std::string unknown = "/avatar/" + md5("nobody-at-all@example.test") + "?d=identicon";
        get(known);
        get(unknown);
        auto time_of = [&](const std::string& path) {
            double best = 1e9;
            for (int i = 0; i < 15; ++i) {
                auto t0 = std::chrono::steady_clock::now();
                CPPUNIT_ASSERT_EQUAL(200L, get(path).status);
                best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            }
            return best;
        };
        const double k = time_of(known), u = time_of(unknown);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(k) + " ms vs " + std::to_string(u) + " ms", u < k * 3 + 2 && k < u * 3 + 2);
    }

    void not_ready_index_answers_503() {
        HttpReply r = env().call_port(world(env()).dead_port, request("GET", "/avatar/" + md5("alice@example.test")));
        CPPUNIT_ASSERT_EQUAL(503L, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("5"), r.header("Retry-After"));
        // f=y needs no index.
        r = env().call_port(world(env()).dead_port, request("GET", "/avatar/" + md5("alice@example.test") + "?f=y"));
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
    }

    void unknown_hash_needs_no_directory() {
        const std::string unknown = "/avatar/" + md5("nobody-here@example.test");
        const std::string known = "/avatar/" + md5("grace@example.test") + "?s=33";  // not asked for before
        env().stop_extra_slapd("avatar-slapd");
        HttpReply drawn = get(unknown + "?d=identicon");
        HttpReply missing = get(unknown + "?d=404");
        HttpReply needs_directory = get(known);
        env().restart_extra_slapd("avatar-slapd");
        CPPUNIT_ASSERT_EQUAL(200L, drawn.status);
        CPPUNIT_ASSERT_EQUAL(404L, missing.status);
        // The known address needs its photo from the directory, which is down: 503, not a default.
        CPPUNIT_ASSERT_EQUAL(503L, needs_directory.status);
        CPPUNIT_ASSERT_EQUAL(std::string("5"), needs_directory.header("Retry-After"));
        CPPUNIT_ASSERT_EQUAL(200L, get(known).status);
    }

    void urls_from_libgravatar_url_perl() {
        const std::string base = "http://127.0.0.1:" + std::to_string(world(env()).port) + "/avatar";
        const std::string script =
            "use Gravatar::URL; use Libravatar::URL; use Digest::SHA qw(sha256_hex);"
            "print gravatar_url(email => 'Alice@Example.test', base => '" + base + "', size => 100), qq(\n);"
            "print libravatar_url(email => 'bob@example.test', base => '" + base + "', size => 64, default => 'identicon'), qq(\n);"
            "print libravatar_url(id => sha256_hex('heidi.alias@example.test'), base => '" + base + "', size => 32), qq(\n);"
            "print gravatar_url(email => 'nobody@example.test', base => '" + base + "', default => 'identicon', rating => 'pg'), qq(\n);";
        const std::string file = env().work_dir() + "/avatar-urls.pl";
        std::ofstream(file) << script;
        std::istringstream urls(itest::run("perl " + file));
        std::string url;
        const std::pair<int, int> expected[] = {{100, 100}, {64, 64}, {32, 32}, {80, 80}};
        int n = 0;
        while (std::getline(urls, url) && n < 4) {
            CPPUNIT_ASSERT_MESSAGE(url, userphoto::istarts_with(url, base + "/"));
            const std::string path = url.substr(url.find("/avatar/"));
            HttpReply r = get(path);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(url, 200L, r.status);
            CPPUNIT_ASSERT_MESSAGE(url, itest::jpeg_size(r.body) == expected[n]);
            ++n;
        }
        CPPUNIT_ASSERT_EQUAL(4, n);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AvatarIntegrationTest);

// The index's ChangeListener side against the real directory, in process: what the directory
// watcher triggers (one base search per changed entry) adds, changes and removes digests.
class AvatarIndexListenerTest : public itest::IntegrationFixture {
    CPPUNIT_TEST_SUITE(AvatarIndexListenerTest);
    CPPUNIT_TEST(person_changed_follows_the_directory);
    CPPUNIT_TEST_SUITE_END();

    void ldapmodify(const std::string& ldif, const std::string& tool = "ldapmodify") {
        const std::string file = env().work_dir() + "/avatar-change.ldif";
        std::ofstream(file) << ldif;
        itest::run(tool + " -x -H ldap://127.0.0.1:" + std::to_string(env().ldap_port()) +
                   " -D cn=admin,dc=example,dc=test -w secret -f " + file);
    }

    static userphoto::AddressDigest sha(const std::string& address) {
        userphoto::AddressDigest d;
        userphoto::parse_hex_digest(sha256(address), &d);
        return d;
    }

public:
    void person_changed_follows_the_directory() {
        using namespace userphoto;
        directory::initialize_client_library();
        std::string problem;
        directory::Settings settings;
        settings.url = *directory::parse_ldap_url("ldap://127.0.0.1:" + std::to_string(env().ldap_port()) +
                                                      "/ou=people,dc=example,dc=test?mail?sub?(objectClass=inetOrgPerson)",
                                                  &problem);
        settings.bind_dn = "cn=admin,dc=example,dc=test";
        settings.bind_password = "secret";
        auto dir = std::make_shared<directory::Directory>(settings, Logger());
        std::vector<unsigned char> region(4 << 20);
        avatar::HashIndex index(region.data(), region.size(), true);
        avatar::IndexBuilderSettings builder_settings;
        builder_settings.alias_attribute = "userPhotoMailAlias";
        avatar::IndexBuilder builder(builder_settings, dir, index, Logger());
        CPPUNIT_ASSERT(builder.build().ok);
        const std::string dn = "uid=avatar-temp,ou=people,dc=example,dc=test";
        CPPUNIT_ASSERT(index.find(sha("avatar-temp@example.test"), nullptr) == avatar::FindStatus::Unknown);

        // Added (no uidNumber: not one of the numbered people other suites count).
        ldapmodify("dn: " + dn + "\nobjectClass: inetOrgPerson\nobjectClass: userPhotoAliasPerson\nuid: avatar-temp\n"
                   "cn: Temp Avatar\nsn: Avatar\nmail: avatar-temp@example.test\n"
                   "userPhotoMailAlias: smtp:temp.alias@example.test\n", "ldapadd");
        builder.person_changed(dn);
        avatar::IndexedPerson found;
        CPPUNIT_ASSERT(index.find(sha("avatar-temp@example.test"), &found) == avatar::FindStatus::Known);
        CPPUNIT_ASSERT_EQUAL(dn, found.dn);
        CPPUNIT_ASSERT_EQUAL(std::string("TA"), found.initials);
        CPPUNIT_ASSERT(index.find(sha("temp.alias@example.test"), nullptr) == avatar::FindStatus::Known);

        // Modified: the old alias goes, the new one comes.
        ldapmodify("dn: " + dn + "\nchangetype: modify\nreplace: userPhotoMailAlias\n"
                   "userPhotoMailAlias: SMTP:temp.renamed@example.test\n");
        builder.person_changed(dn);
        CPPUNIT_ASSERT(index.find(sha("temp.alias@example.test"), nullptr) == avatar::FindStatus::Unknown);
        CPPUNIT_ASSERT(index.find(sha("temp.renamed@example.test"), nullptr) == avatar::FindStatus::Known);

        // Deleted: gone from the index; everyone else stays.
        ldapmodify("dn: " + dn + "\nchangetype: delete\n");
        builder.person_changed(dn);
        CPPUNIT_ASSERT(index.find(sha("avatar-temp@example.test"), nullptr) == avatar::FindStatus::Unknown);
        CPPUNIT_ASSERT(index.find(sha("temp.renamed@example.test"), nullptr) == avatar::FindStatus::Unknown);
        CPPUNIT_ASSERT(index.find(sha("alice@example.test"), nullptr) == avatar::FindStatus::Known);
        // Entries outside the URL's base are none of the index's business.
        builder.person_changed("cn=admin,dc=example,dc=test");
        CPPUNIT_ASSERT(index.find(sha("alice@example.test"), nullptr) == avatar::FindStatus::Known);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AvatarIndexListenerTest);
