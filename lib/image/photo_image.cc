// Ties the pipeline together: probe → choose DCT scale → decode → crop + area resample in stored
// coordinates → orient the (small) result → encode. Every public function is a no-throw barrier.
#include "image/photo_image.h"

#include <algorithm>
#include <exception>
#include <new>
#include <string>

#include "image/avif_codec.h"
#include "image/exif_orientation.h"
#include "image/jpeg_codec.h"
#include "image/pixel_ops.h"
#include "image/square_geometry.h"
#include "image/webp_codec.h"
#include "util/jpeg_signature.h"

namespace userphoto::image {

namespace {

Encoding jpeg_at(int quality) { return Encoding{ImageFormat::Jpeg, quality}; }

template <typename Result>
Result error_result(ImageError error, std::string message) {
    Result result;
    result.error = error;
    result.message = std::move(message);
    return result;
}

ProbeResult probe_unguarded(std::string_view bytes, const Limits& limits) {
    if (bytes.size() > limits.max_input_bytes) {
        return error_result<ProbeResult>(ImageError::TooLarge, "JPEG of " + std::to_string(bytes.size()) +
                                                                   " bytes exceeds the limit of " +
                                                                   std::to_string(limits.max_input_bytes));
    }
    if (!starts_like_jpeg(bytes)) return error_result<ProbeResult>(ImageError::NotJpeg, "not a JPEG (no SOI marker)");
    jpeg::Header header;
    jpeg::Status status = jpeg::read_header(bytes, header);
    if (!status.ok()) return error_result<ProbeResult>(status.error, std::move(status.message));
    const uint64_t pixels = static_cast<uint64_t>(header.width) * static_cast<uint64_t>(header.height);
    if (pixels > limits.max_pixels) {
        return error_result<ProbeResult>(ImageError::TooLarge,
                                         "JPEG of " + std::to_string(header.width) + "x" +
                                             std::to_string(header.height) + " exceeds the limit of " +
                                             std::to_string(limits.max_pixels) + " pixels");
    }
    ProbeResult probe;
    probe.width = header.width;
    probe.height = header.height;
    probe.orientation = read_exif_orientation(bytes);
    const bool swap = orientation_swaps_axes(probe.orientation);
    probe.display_width = swap ? header.height : header.width;
    probe.display_height = swap ? header.width : header.height;
    return probe;
}

RenderResult encode_unguarded(const RgbImage& image, const Encoding& encoding) {
    if (encoding.format == ImageFormat::Webp) return encode_webp(image, kWebpQuality);
    if (encoding.format == ImageFormat::Avif) return encode_avif(image);
    RenderResult result;
    jpeg::Status status = jpeg::encode_rgb(image, encoding.jpeg_quality, result.jpeg);
    if (!status.ok()) return error_result<RenderResult>(status.error, std::move(status.message));
    result.edge = image.width;
    return result;
}

using Renders = std::vector<RenderResult>;

Renders one_error(ImageError error, std::string message) {
    return Renders{error_result<RenderResult>(error, std::move(message))};
}

// Renders the square `window` (display coordinates of the full picture) to each edge × edge (each
// at most the window's size), from one decode at the scale the largest edge needs.
Renders render_window(std::string_view bytes, const ProbeResult& probe, const RectF& window,
                      std::span<const int> edges, const Encoding& encoding) {
    const int largest = *std::max_element(edges.begin(), edges.end());
    const Scale scale = choose_scale(static_cast<int>(window.width), largest, jpeg::fast_scaling_factors());
    RgbImage stored;
    jpeg::Status status = jpeg::decode_rgb(bytes, scale, stored);
    if (!status.ok()) return one_error(status.error, std::move(status.message));
    // Crop and resample in stored coordinates, then orient only the small result.
    const RectF full = display_to_stored(window, probe.orientation, probe.width, probe.height);
    const double fx = static_cast<double>(stored.width) / probe.width;
    const double fy = static_cast<double>(stored.height) / probe.height;
    const RectF scaled{full.x * fx, full.y * fy, full.width * fx, full.height * fy};
    Renders out;
    for (int edge : edges) {
        const RgbImage square = orient(downsample(stored, scaled, edge, edge), probe.orientation);
        out.push_back(encode_unguarded(square, encoding));
        if (out.back().error != ImageError::None) return one_error(out.back().error, std::move(out.back().message));
    }
    return out;
}

bool region_inside(int x, int y, int size, int width, int height) {
    return x >= 0 && y >= 0 && size > 0 && static_cast<long long>(x) + size <= width &&
           static_cast<long long>(y) + size <= height;
}

std::string region_text(int x, int y, int size, int width, int height) {
    return "crop region " + std::to_string(size) + "x" + std::to_string(size) + " at (" + std::to_string(x) +
           "," + std::to_string(y) + ") does not fit a " + std::to_string(width) + "x" + std::to_string(height) +
           " picture";
}

// size < 0: the default square.
Renders render_jpeg_edges(std::string_view bytes, int x, int y, int size, std::span<const int> edges,
                          const Encoding& encoding, const Limits& limits) {
    if (edges.empty()) return one_error(ImageError::InvalidArgument, "no edge to render");
    for (int edge : edges)
        if (edge <= 0) return one_error(ImageError::InvalidArgument, "edge must be positive");
    ProbeResult probe = probe_unguarded(bytes, limits);
    if (probe.error != ImageError::None) return one_error(probe.error, std::move(probe.message));
    if (size < 0) {  // the default square
        const Rect square = square_crop(probe.display_width, probe.display_height);
        x = square.x;
        y = square.y;
        size = square.width;
    }
    if (!region_inside(x, y, size, probe.display_width, probe.display_height))
        return one_error(ImageError::InvalidArgument, region_text(x, y, size, probe.display_width, probe.display_height));
    const RectF window{static_cast<double>(x), static_cast<double>(y), static_cast<double>(size),
                       static_cast<double>(size)};
    std::vector<int> clamped;
    for (int edge : edges) clamped.push_back(std::min(edge, size));  // never upscaled
    return render_window(bytes, probe, window, clamped, encoding);
}

RenderResult render_jpeg_region(std::string_view bytes, int x, int y, int size, int edge, const Encoding& encoding,
                                const Limits& limits) {
    const int edges[] = {edge};
    return std::move(render_jpeg_edges(bytes, x, y, size, edges, encoding, limits).front());
}

RenderResult render_rgb(const RgbImage& image, int x, int y, int size, int edge, int quality) {
    if (!image.valid()) return error_result<RenderResult>(ImageError::InvalidArgument, "no pixels to render");
    if (edge <= 0) return error_result<RenderResult>(ImageError::InvalidArgument, "edge must be positive");
    if (!region_inside(x, y, size, image.width, image.height)) {
        return error_result<RenderResult>(ImageError::InvalidArgument,
                                          region_text(x, y, size, image.width, image.height));
    }
    edge = std::min(edge, size);
    const RectF window{static_cast<double>(x), static_cast<double>(y), static_cast<double>(size),
                       static_cast<double>(size)};
    return encode_unguarded(downsample(image, window, edge, edge), jpeg_at(quality));
}

// Runs `body`, turning any escaping exception into an error result (these are called from C hooks).
template <typename Result, typename Body>
Result guarded(Body&& body) {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        return error_result<Result>(ImageError::TooLarge, "out of memory while processing the picture");
    } catch (const std::exception& e) {
        return error_result<Result>(ImageError::Corrupt, std::string("picture processing failed: ") + e.what());
    } catch (...) {
        return error_result<Result>(ImageError::Corrupt, "picture processing failed");
    }
}

}  // namespace

const char* describe(ImageError error) {
    switch (error) {
        case ImageError::None: return "no error";
        case ImageError::NotJpeg: return "not a JPEG image";
        case ImageError::Corrupt: return "corrupt or truncated JPEG image";
        case ImageError::TooLarge: return "image too large";
        case ImageError::InvalidArgument: return "invalid size or crop region";
    }
    return "unknown image error";
}

ProbeResult probe_jpeg(std::string_view bytes, const Limits& limits) {
    return guarded<ProbeResult>([&] { return probe_unguarded(bytes, limits); });
}

RenderResult render_square(std::string_view jpeg, int edge, int quality, const Limits& limits) {
    return guarded<RenderResult>([&] { return render_jpeg_region(jpeg, 0, 0, -1, edge, jpeg_at(quality), limits); });
}

RenderResult render_square_as(std::string_view jpeg, int edge, const Encoding& encoding, const Limits& limits) {
    return guarded<RenderResult>([&] { return render_jpeg_region(jpeg, 0, 0, -1, edge, encoding, limits); });
}

RenderResult encode_as(const RgbImage& image, const Encoding& encoding) {
    return guarded<RenderResult>([&] {
        if (!image.valid()) return error_result<RenderResult>(ImageError::InvalidArgument, "no pixels to encode");
        return encode_unguarded(image, encoding);
    });
}

RenderResult render_region(std::string_view jpeg, int x, int y, int size, int edge, int quality,
                           const Limits& limits) {
    return guarded<RenderResult>([&] {
        if (size <= 0) return error_result<RenderResult>(ImageError::InvalidArgument, "crop size must be positive");
        return render_jpeg_region(jpeg, x, y, size, edge, jpeg_at(quality), limits);
    });
}

std::vector<RenderResult> render_edges(std::string_view jpeg, const std::optional<CropRegion>& region,
                                       std::span<const int> edges, int quality, const Limits& limits) {
    try {
        if (region && region->size <= 0) return one_error(ImageError::InvalidArgument, "crop size must be positive");
        return region ? render_jpeg_edges(jpeg, region->x, region->y, region->size, edges, jpeg_at(quality), limits)
                      : render_jpeg_edges(jpeg, 0, 0, -1, edges, jpeg_at(quality), limits);
    } catch (const std::bad_alloc&) {
        return one_error(ImageError::TooLarge, "out of memory while processing the picture");
    } catch (const std::exception& e) {
        return one_error(ImageError::Corrupt, std::string("picture processing failed: ") + e.what());
    } catch (...) {
        return one_error(ImageError::Corrupt, "picture processing failed");
    }
}

DecodeResult decode_jpeg_rgb(std::string_view bytes, const Limits& limits) {
    return guarded<DecodeResult>([&] {
        ProbeResult probe = probe_unguarded(bytes, limits);
        if (probe.error != ImageError::None) return error_result<DecodeResult>(probe.error, std::move(probe.message));
        RgbImage stored;
        jpeg::Status status = jpeg::decode_rgb(bytes, Scale{1, 1}, stored);
        if (!status.ok()) return error_result<DecodeResult>(status.error, std::move(status.message));
        DecodeResult result;
        result.image = orient(stored, probe.orientation);
        return result;
    });
}

RenderResult encode_jpeg(const RgbImage& image, int quality) {
    return guarded<RenderResult>([&] { return encode_unguarded(image, jpeg_at(quality)); });
}

RenderResult render_rgb_square(const RgbImage& image, int edge, int quality) {
    return guarded<RenderResult>([&] {
        const Rect square = square_crop(image.width, image.height);
        return render_rgb(image, square.x, square.y, square.width, edge, quality);
    });
}

RenderResult render_rgb_region(const RgbImage& image, int x, int y, int size, int edge, int quality) {
    return guarded<RenderResult>([&] { return render_rgb(image, x, y, size, edge, quality); });
}

}  // namespace userphoto::image
