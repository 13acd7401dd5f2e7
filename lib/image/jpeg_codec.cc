#include "image/jpeg_codec.h"

#include <turbojpeg.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <vector>

namespace userphoto::image::jpeg {

namespace {

struct TjDestroy {
    void operator()(void* handle) const { tjDestroy(handle); }
};
using TjHandle = std::unique_ptr<void, TjDestroy>;

struct TjFree {
    void operator()(unsigned char* buffer) const { tjFree(buffer); }
};

constexpr int kDecodeFlags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS;

Status failure(ImageError error, std::string message) { return {error, std::move(message)}; }

std::string tj_message(void* handle) {
    const char* text = tjGetErrorStr2(handle);
    return text ? text : "unknown TurboJPEG error";
}

const unsigned char* as_bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// libjpeg hands CMYK out as Adobe writes it (inverted); that convention dominates real files.
void inverted_cmyk_to_rgb(const std::vector<uint8_t>& cmyk, RgbImage& out) {
    const size_t pixels = static_cast<size_t>(out.width) * out.height;
    for (size_t i = 0; i < pixels; ++i) {
        const unsigned k = cmyk[i * 4 + 3];
        for (int c = 0; c < 3; ++c) out.rgb[i * 3 + c] = static_cast<uint8_t>((cmyk[i * 4 + c] * k + 127) / 255);
    }
}

}  // namespace

// The header through an existing decompressor (decode_rgb reuses its handle).
static Status read_header_with(tjhandle handle, std::string_view bytes, Header& header) {
    int width = 0, height = 0, subsampling = -1, colorspace = -1;
    if (tjDecompressHeader3(handle, as_bytes(bytes), bytes.size(), &width, &height, &subsampling, &colorspace) != 0)
        return failure(ImageError::Corrupt, "unreadable JPEG header: " + tj_message(handle));
    if (width <= 0 || height <= 0) return failure(ImageError::Corrupt, "JPEG header without dimensions");
    header = {width, height, subsampling, colorspace};
    return {};
}

Status read_header(std::string_view bytes, Header& header) {
    TjHandle handle(tjInitDecompress());
    if (!handle) return failure(ImageError::Corrupt, "cannot create a TurboJPEG decompressor");
    return read_header_with(handle.get(), bytes, header);
}

std::span<const Scale> scaling_factors() {
    // Built once (thread-safe static initialisation), read-only afterwards.
    static const std::vector<Scale> factors = [] {
        std::vector<Scale> list;
        int count = 0;
        if (const tjscalingfactor* all = tjGetScalingFactors(&count)) {
            for (int i = 0; i < count; ++i) {
                if (all[i].num > 0 && all[i].denom > 0 && all[i].num <= all[i].denom) {
                    list.push_back({all[i].num, all[i].denom});
                }
            }
        }
        if (list.empty()) list.push_back({1, 1});
        std::sort(list.begin(), list.end(), [](Scale a, Scale b) {
            return static_cast<long long>(a.num) * b.denom > static_cast<long long>(b.num) * a.denom;
        });
        return list;
    }();
    return factors;
}

std::span<const Scale> fast_scaling_factors() {
    static const std::vector<Scale> factors = [] {
        std::vector<Scale> list;
        for (Scale s : scaling_factors()) {
            if (s.num == 1 && (s.denom & (s.denom - 1)) == 0) list.push_back(s);  // 1 / 2^k
        }
        return list;  // never empty: scaling_factors() always holds 1/1
    }();
    return factors;
}

namespace {
std::atomic<uint64_t> decode_count{0};
}  // namespace

uint64_t decodes_so_far() { return decode_count.load(std::memory_order_relaxed); }

Status decode_rgb(std::string_view bytes, Scale scale, RgbImage& out) {
    decode_count.fetch_add(1, std::memory_order_relaxed);
    TjHandle handle(tjInitDecompress());
    if (!handle) return failure(ImageError::Corrupt, "cannot create a TurboJPEG decompressor");
    Header header;
    if (Status status = read_header_with(handle.get(), bytes, header); !status.ok()) return status;
    const int colorspace = header.colorspace;
    RgbImage image;
    image.width = scaled_dimension(header.width, scale);
    image.height = scaled_dimension(header.height, scale);
    if (image.width <= 0 || image.height <= 0) return failure(ImageError::Corrupt, "JPEG header without dimensions");
    const size_t pixels = static_cast<size_t>(image.width) * image.height;
    image.rgb.resize(pixels * 3);

    const bool cmyk = colorspace == TJCS_CMYK || colorspace == TJCS_YCCK;
    std::vector<uint8_t> cmyk_pixels;
    if (cmyk) cmyk_pixels.resize(pixels * 4);
    unsigned char* target = cmyk ? cmyk_pixels.data() : image.rgb.data();
    if (tjDecompress2(handle.get(), as_bytes(bytes), bytes.size(), target, image.width, 0, image.height,
                      cmyk ? TJPF_CMYK : TJPF_RGB, kDecodeFlags) != 0) {
        return failure(ImageError::Corrupt, "corrupt JPEG data: " + tj_message(handle.get()));
    }
    if (cmyk) inverted_cmyk_to_rgb(cmyk_pixels, image);
    out = std::move(image);
    return {};
}

Status encode_rgb(const RgbImage& image, int quality, std::string& out) {
    if (!image.valid()) return failure(ImageError::InvalidArgument, "no pixels to encode");
    TjHandle handle(tjInitCompress());
    if (!handle) return failure(ImageError::Corrupt, "cannot create a TurboJPEG compressor");
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    const int status = tjCompress2(handle.get(), image.rgb.data(), image.width, 0, image.height, TJPF_RGB,
                                   &buffer, &size, TJSAMP_420, std::clamp(quality, 1, 100), 0);
    std::unique_ptr<unsigned char, TjFree> owned(buffer);
    if (status != 0 || !buffer) return failure(ImageError::Corrupt, "JPEG encoding failed: " + tj_message(handle.get()));
    out.assign(reinterpret_cast<const char*>(buffer), size);
    return {};
}

}  // namespace userphoto::image::jpeg
