// make_test_photos OUTDIR [--people N]
// Writes the synthetic JPEG fixtures that seed the integration-test and demo directories:
// square648.jpg square96.jpg portrait.jpg landscape.jpg tiny.jpg large1296.jpg large4000.jpg
// rotated6.jpg (EXIF orientation 6) corrupt.jpg truncated.jpg bomb.jpg, and with --people N also
// person-1.jpg … person-N.jpg (648×648, a different person each). Exits non-zero on any failure.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "image/photo_image.h"
#include "tools/jpeg_fixtures.h"
#include "tools/synthetic_photos.h"

namespace {

using userphoto::image::encode_jpeg;
using userphoto::image::ImageError;
using userphoto::testing::draw_person;

constexpr int kQuality = 90;

bool write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        std::fprintf(stderr, "make_test_photos: cannot write %s\n", path.c_str());
        return false;
    }
    return true;
}

// Encodes person `n` at width × height; empty (with a message) on failure.
std::string person_jpeg(int n, int width, int height) {
    const auto result = encode_jpeg(draw_person(n, width, height), kQuality);
    if (result.error != ImageError::None) {
        std::fprintf(stderr, "make_test_photos: encoding failed: %s\n", result.message.c_str());
        return {};
    }
    return result.jpeg;
}

bool write_person(const std::filesystem::path& path, int n, int width, int height) {
    const std::string jpeg = person_jpeg(n, width, height);
    return !jpeg.empty() && write_file(path, jpeg);
}

bool write_fixtures(const std::filesystem::path& dir) {
    bool ok = write_person(dir / "square648.jpg", 1, 648, 648) && write_person(dir / "square96.jpg", 1, 96, 96) &&
              write_person(dir / "portrait.jpg", 2, 600, 900) && write_person(dir / "landscape.jpg", 3, 900, 600) &&
              write_person(dir / "tiny.jpg", 4, 40, 40) && write_person(dir / "large1296.jpg", 5, 1296, 1296) &&
              write_person(dir / "large4000.jpg", 6, 4000, 4000);
    if (!ok) return false;

    // 400×300 as stored; EXIF orientation 6 shows it upright as 300×400.
    const auto rotated = encode_jpeg(userphoto::testing::store_for_orientation6(draw_person(7, 300, 400)), kQuality);
    if (rotated.error != ImageError::None) return false;
    ok = write_file(dir / "rotated6.jpg", userphoto::testing::with_exif_orientation(rotated.jpeg, 6));

    // A JPEG start followed by text: no frame header can be found.
    ok = ok && write_file(dir / "corrupt.jpg", std::string("\xFF\xD8\xFF", 3) +
                                                   std::string("this is not a JPEG frame, just some garbage text; ")
                                                       .append(200, '#'));
    // A valid header with half of the scan missing.
    const std::string whole = person_jpeg(8, 320, 320);
    ok = ok && !whole.empty() && write_file(dir / "truncated.jpg", whole.substr(0, whole.size() / 2));

    // A small valid JPEG whose frame header claims 20000×20000.
    std::string bomb = person_jpeg(9, 64, 64);
    if (bomb.empty() || !userphoto::testing::patch_sof_dimensions(bomb, 20000, 20000)) {
        std::fprintf(stderr, "make_test_photos: cannot build bomb.jpg\n");
        return false;
    }
    return ok && write_file(dir / "bomb.jpg", bomb);
}

// person-1.jpg … person-N.jpg, spread over the machine's cores.
bool write_people(const std::filesystem::path& dir, int count) {
    std::atomic<int> next{1};
    std::atomic<bool> ok{true};
    auto work = [&] {
        for (int n = next++; n <= count && ok; n = next++) {
            if (!write_person(dir / ("person-" + std::to_string(n) + ".jpg"), n, 648, 648)) ok = false;
        }
    };
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i) pool.emplace_back(work);
    for (auto& t : pool) t.join();
    return ok;
}

int usage() {
    std::fprintf(stderr, "usage: make_test_photos OUTDIR [--people N]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc != 2 && argc != 4) return usage();
        const std::filesystem::path dir = argv[1];
        int people = 0;
        if (argc == 4) {
            if (std::string(argv[2]) != "--people") return usage();
            char* end = nullptr;
            const long n = std::strtol(argv[3], &end, 10);
            if (*argv[3] == '\0' || *end != '\0' || n < 0 || n > 1'000'000) {
                std::fprintf(stderr, "make_test_photos: --people needs a count between 0 and 1000000\n");
                return 2;
            }
            people = static_cast<int>(n);
        }
        std::error_code error;
        std::filesystem::create_directories(dir, error);
        if (error) {
            std::fprintf(stderr, "make_test_photos: cannot create %s: %s\n", dir.c_str(), error.message().c_str());
            return 1;
        }
        if (!write_fixtures(dir) || !write_people(dir, people)) return 1;
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "make_test_photos: %s\n", e.what());
        return 1;
    }
}
