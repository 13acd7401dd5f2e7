// Served formats benchmark: for each source photo and square edge, the JPEG the module serves
// (UserPhotoJPEGQuality, default 85) against WebP and AVIF at the same SSIM. The WebP quality and
// the AVIF quantizer are found by binary search (the lowest-cost setting whose SSIM is at least the
// JPEG's); the table gives the bytes and the median encode time of each.
//   format_bench [--jpeg-quality Q] [--iterations N] FILE...
// SSIM: on luma (BT.601), 11×11 Gaussian window (σ 1.5), K1 0.01, K2 0.03, over the whole picture
// (windows clipped at the borders), against the RGB square the encoders were given.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "image/avif_codec.h"
#include "image/jpeg_codec.h"
#include "image/photo_image.h"
#include "image/pixel_ops.h"
#include "image/square_geometry.h"
#include "image/webp_codec.h"
#include "util/malloc_settings.h"

using namespace userphoto::image;

namespace {

std::string slurp(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<double> luma(const RgbImage& image) {
    std::vector<double> y(static_cast<size_t>(image.width) * image.height);
    for (size_t i = 0; i < y.size(); ++i) {
        const uint8_t* p = &image.rgb[i * 3];
        y[i] = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
    }
    return y;
}

double ssim(const RgbImage& a, const RgbImage& b) {
    if (a.width != b.width || a.height != b.height) return -1;
    const int w = a.width, h = a.height, r = 5;
    const std::vector<double> x = luma(a), y = luma(b);
    double kernel[11];
    for (int i = -r; i <= r; ++i) kernel[i + r] = std::exp(-(i * i) / (2 * 1.5 * 1.5));
    const double c1 = (0.01 * 255) * (0.01 * 255), c2 = (0.03 * 255) * (0.03 * 255);
    double total = 0;
    for (int cy = 0; cy < h; ++cy)
        for (int cx = 0; cx < w; ++cx) {
            double sw = 0, mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
            for (int dy = -r; dy <= r; ++dy) {
                const int py = cy + dy;
                if (py < 0 || py >= h) continue;
                for (int dx = -r; dx <= r; ++dx) {
                    const int px = cx + dx;
                    if (px < 0 || px >= w) continue;
                    const double k = kernel[dy + r] * kernel[dx + r];
                    const double u = x[static_cast<size_t>(py) * w + px], v = y[static_cast<size_t>(py) * w + px];
                    sw += k;
                    mx += k * u;
                    my += k * v;
                    xx += k * u * u;
                    yy += k * v * v;
                    xy += k * u * v;
                }
            }
            mx /= sw;
            my /= sw;
            const double vx = xx / sw - mx * mx, vy = yy / sw - my * my, cov = xy / sw - mx * my;
            total += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        }
    return total / (static_cast<double>(w) * h);
}

struct Encoded {
    std::string bytes;
    double ssim = 0;
    double ms = 0;  // median encode time
};

using Encoder = std::function<RenderResult(const RgbImage&)>;
using Decoder = std::function<bool(const std::string&, RgbImage&)>;

Encoded measure(const RgbImage& square, const Encoder& encode, const Decoder& decode, int iterations) {
    Encoded out;
    std::vector<double> times;
    for (int i = 0; i < iterations; ++i) {
        const auto start = std::chrono::steady_clock::now();
        RenderResult r = encode(square);
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        if (r.error != ImageError::None) {
            std::fprintf(stderr, "encode failed: %s\n", r.message.c_str());
            std::exit(1);
        }
        out.bytes = std::move(r.jpeg);
    }
    std::sort(times.begin(), times.end());
    out.ms = times[times.size() / 2];
    RgbImage back;
    if (!decode(out.bytes, back)) {
        std::fprintf(stderr, "decode failed\n");
        std::exit(1);
    }
    out.ssim = ssim(square, back);
    return out;
}

// The setting in [low, high] that gives the fewest bytes with SSIM >= target, assuming SSIM grows
// with `better(setting)`: `higher_is_better` says which way the setting goes.
int search(int low, int high, bool higher_is_better, double target, const std::function<double(int)>& ssim_at) {
    // Invariant: the answer lies in [low, high]; the best setting always qualifies when any does.
    while (low < high) {
        if (higher_is_better) {
            const int mid = low + (high - low) / 2;
            if (ssim_at(mid) >= target) high = mid;
            else low = mid + 1;
        } else {
            const int mid = low + (high - low + 1) / 2;
            if (ssim_at(mid) >= target) low = mid;
            else high = mid - 1;
        }
    }
    return low;
}

}  // namespace

int main(int argc, char** argv) {
    userphoto::keep_freed_memory_for_reuse();  // drawn and encoded as each httpd child does
    int jpeg_quality = 85, iterations = 5;
    std::vector<const char*> files;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--jpeg-quality") && i + 1 < argc) jpeg_quality = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--iterations") && i + 1 < argc) iterations = std::max(1, std::atoi(argv[++i]));
        else files.push_back(argv[i]);
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: format_bench [--jpeg-quality Q] [--iterations N] FILE...\n");
        return 2;
    }
    const Decoder jpeg_decode = [](const std::string& b, RgbImage& out) {
        return jpeg::decode_rgb(b, Scale{1, 1}, out).ok();
    };
    const Decoder webp_decode = [](const std::string& b, RgbImage& out) { return decode_webp(b, out); };
    const Decoder avif_decode = [](const std::string& b, RgbImage& out) { return decode_avif(b, out); };
    const int avif_speeds[] = {6, 8, 10};

    std::printf("| source | edge | JPEG q%d bytes | ms | SSIM | WebP q | bytes | ms |", jpeg_quality);
    for (int speed : avif_speeds) std::printf(" AVIF s%d qz | bytes | ms |", speed);
    std::printf("\n|---|---|---|---|---|---|---|---|");
    for (size_t i = 0; i < std::size(avif_speeds); ++i) std::printf("---|---|---|");
    std::printf("\n");
    for (const char* file : files) {
        const DecodeResult decoded = decode_jpeg_rgb(slurp(file), Limits{});
        if (decoded.error != ImageError::None) {
            std::fprintf(stderr, "%s: %s\n", file, decoded.message.c_str());
            return 1;
        }
        const Rect crop = square_crop(decoded.image.width, decoded.image.height);
        const RectF window{double(crop.x), double(crop.y), double(crop.width), double(crop.height)};
        const char* name = std::strrchr(file, '/') ? std::strrchr(file, '/') + 1 : file;
        for (int edge : {48, 96, 240, 648}) {
            if (edge > crop.width) continue;
            const RgbImage square = resample_area(decoded.image, window, edge, edge);
            const Encoded jpeg = measure(
                square, [&](const RgbImage& s) { return encode_jpeg(s, jpeg_quality); }, jpeg_decode, iterations);
            const int webp_q = search(0, 100, true, jpeg.ssim, [&](int q) {
                return measure(square, [&](const RgbImage& s) { return encode_webp(s, q); }, webp_decode, 1).ssim;
            });
            const Encoded webp = measure(
                square, [&](const RgbImage& s) { return encode_webp(s, webp_q); }, webp_decode, iterations);
            std::printf("| %s | %d | %zu | %.2f | %.4f | %d | %zu | %.2f |", name, edge, jpeg.bytes.size(), jpeg.ms,
                        jpeg.ssim, webp_q, webp.bytes.size(), webp.ms);
            for (int speed : avif_speeds) {
                const int qz = search(0, 63, false, jpeg.ssim, [&](int q) {
                    return measure(square, [&](const RgbImage& s) { return encode_avif(s, q, speed); }, avif_decode, 1)
                        .ssim;
                });
                const Encoded avif = measure(
                    square, [&](const RgbImage& s) { return encode_avif(s, qz, speed); }, avif_decode, iterations);
                std::printf(" %d | %zu | %.2f |", qz, avif.bytes.size(), avif.ms);
            }
            std::printf("\n");
            std::fflush(stdout);
        }
    }
    return 0;
}
