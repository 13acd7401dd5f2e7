// Resize kernel benchmark: mod_userphoto's render_square against libvips' vips_thumbnail_buffer,
// in process, same inputs, same output size and JPEG quality. Quality: PSNR of each output against
// a full-resolution reference downscale (vips_resize, Lanczos3, of the fully decoded source).
//   resize_bench EDGE ITERATIONS FILE...
// Prints one line per input: source, decoded size, ms per call of each, speed ratio, PSNRs.
//   resize_bench --floor THREADS SECONDS EDGE FILE
// The kernel's throughput: THREADS threads render FILE to EDGE for SECONDS; prints renders/s (the
// floor bench/run.sh holds the cold HTTP path against).
#include <vips/vips.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "image/photo_image.h"
#include "util/malloc_settings.h"

namespace {

std::string slurp(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Decoded sRGB pixels of a JPEG, 3 bands.
VipsImage* decode(const void* data, size_t size) {
    VipsImage* out = nullptr;
    if (vips_jpegload_buffer(const_cast<void*>(data), size, &out, "access", VIPS_ACCESS_RANDOM, nullptr)) return nullptr;
    return out;
}

std::string vips_thumbnail(const std::string& jpeg, int edge) {
    VipsImage* thumb = nullptr;
    if (vips_thumbnail_buffer(const_cast<char*>(jpeg.data()), jpeg.size(), &thumb, edge, "height", edge, "crop",
                              VIPS_INTERESTING_CENTRE, nullptr))
        return {};
    void* buf = nullptr;
    size_t len = 0;
    int rc = vips_jpegsave_buffer(thumb, &buf, &len, "Q", 85, nullptr);
    g_object_unref(thumb);
    if (rc) return {};
    std::string out(static_cast<char*>(buf), len);
    g_free(buf);
    return out;
}

// Full decode, centre square crop, Lanczos3 to edge: the quality yardstick.
VipsImage* reference(const std::string& jpeg, int edge) {
    VipsImage* full = decode(jpeg.data(), jpeg.size());
    if (!full) return nullptr;
    int side = std::min(full->Xsize, full->Ysize);
    VipsImage *square = nullptr, *scaled = nullptr;
    vips_crop(full, &square, (full->Xsize - side) / 2, (full->Ysize - side) / 2, side, side, nullptr);
    vips_resize(square, &scaled, double(edge) / side, "kernel", VIPS_KERNEL_LANCZOS3, nullptr);
    g_object_unref(full);
    g_object_unref(square);
    return scaled;
}

double psnr(VipsImage* ref, const std::string& jpeg) {
    VipsImage* img = decode(jpeg.data(), jpeg.size());
    if (!img || img->Xsize != ref->Xsize || img->Ysize != ref->Ysize) return -1;
    VipsImage *diff = nullptr, *sq = nullptr;
    double mean = 0;
    vips_subtract(ref, img, &diff, nullptr);
    vips_multiply(diff, diff, &sq, nullptr);
    vips_avg(sq, &mean, nullptr);
    g_object_unref(img);
    g_object_unref(diff);
    g_object_unref(sq);
    return mean <= 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mean);
}

template <typename F>
double ms_per_call(int iterations, F&& f) {
    std::vector<double> rounds;
    for (int r = 0; r < 3; ++r) {
        auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < iterations; ++i) f();
        rounds.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
                         iterations);
    }
    return median(rounds);
}

// Renders per second of `threads` threads, each rendering `jpeg` in a loop for `seconds`.
int floor_main(int threads, double seconds, int edge, const char* path) {
    const std::string jpeg = slurp(path);
    const userphoto::image::Limits limits;
    if (userphoto::image::render_square(jpeg, edge, 85, limits).error != userphoto::image::ImageError::None) {
        std::fprintf(stderr, "resize_bench: cannot render %s\n", path);
        return 1;
    }
    std::atomic<long> renders{0};
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            long mine = 0;
            while (std::chrono::steady_clock::now() < until) {
                userphoto::image::render_square(jpeg, edge, 85, limits);
                ++mine;
            }
            renders += mine;
        });
    }
    for (std::thread& worker : workers) worker.join();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%.2f renders/s on %d threads (%ld renders in %.2f s)\n", renders / elapsed, threads, renders.load(),
                elapsed);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    userphoto::keep_freed_memory_for_reuse();  // the kernel as each httpd child runs it
    if (argc == 6 && std::string(argv[1]) == "--floor")
        return floor_main(std::atoi(argv[2]), std::atof(argv[3]), std::atoi(argv[4]), argv[5]);
    if (argc < 4 || VIPS_INIT(argv[0])) {
        std::fprintf(stderr, "usage: resize_bench EDGE ITERATIONS FILE...\n");
        return 2;
    }
    vips_concurrency_set(1);  // one request, one core: as the module renders
    vips_cache_set_max(0);    // no operation cache: every call does the work
    const int edge = std::atoi(argv[1]);
    const int iterations = std::atoi(argv[2]);
    userphoto::image::Limits limits;
    std::printf("%-16s %9s %9s %9s %7s %11s %11s\n", "source", "source px", "ours ms", "vips ms", "speed", "ours PSNR",
                "vips PSNR");
    for (int i = 3; i < argc; ++i) {
        std::string jpeg = slurp(argv[i]);
        auto probe = userphoto::image::probe_jpeg(jpeg, limits);
        int n = std::max(3, iterations * 648 * 648 / std::max(1, probe.width * probe.height));
        std::string ours, theirs;
        double ours_ms = ms_per_call(n, [&] { ours = userphoto::image::render_square(jpeg, edge, 85, limits).jpeg; });
        double vips_ms = ms_per_call(n, [&] { theirs = vips_thumbnail(jpeg, edge); });
        VipsImage* ref = reference(jpeg, edge);
        std::string name = argv[i];
        name = name.substr(name.find_last_of('/') + 1);
        std::printf("%-16s %4dx%-4d %9.3f %9.3f %6.2fx %8.2f dB %8.2f dB\n", name.c_str(), probe.width, probe.height,
                    ours_ms, vips_ms, vips_ms / ours_ms, ref ? psnr(ref, ours) : -1, ref ? psnr(ref, theirs) : -1);
        if (ref) g_object_unref(ref);
    }
    vips_shutdown();
    return 0;
}
