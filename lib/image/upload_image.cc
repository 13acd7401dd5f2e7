#include "image/upload_image.h"

#include <exception>
#include <new>
#include <vector>

#include "image/gif_codec.h"
#include "image/png_codec.h"
#include "util/jpeg_signature.h"

namespace userphoto::image {
namespace {

UploadRenditions failure(ImageError error, std::string message) {
    UploadRenditions out;
    out.error = error;
    out.message = std::move(message);
    return out;
}

// Both renditions from one source, by a caller-supplied renderer (JPEG bytes or decoded pixels).
template <typename Render>
UploadRenditions render_both(Render&& render, int large_edge, int thumb_edge) {
    RenderResult large = render(large_edge);
    if (large.error != ImageError::None) return failure(large.error, std::move(large.message));
    RenderResult thumb = render(thumb_edge);
    if (thumb.error != ImageError::None) return failure(thumb.error, std::move(thumb.message));
    UploadRenditions out;
    out.large = std::move(large.jpeg);
    out.large_edge = large.edge;
    out.thumb = std::move(thumb.jpeg);
    out.thumb_edge = thumb.edge;
    return out;
}

UploadRenditions render_unguarded(std::string_view bytes, const std::optional<CropRegion>& crop, int large_edge,
                                  int thumb_edge, int quality, const Limits& limits) {
    if (bytes.size() > limits.max_input_bytes)
        return failure(ImageError::TooLarge, "picture of " + std::to_string(bytes.size()) + " bytes is too large");
    const UploadFormat format = detect_upload_format(bytes);
    if (format == UploadFormat::Unknown) return failure(ImageError::NotJpeg, "not a JPEG, PNG or GIF picture");
    if (format == UploadFormat::Jpeg) {
        // One DCT-scaled decode straight from the JPEG for both renditions: no full-size pixel
        // buffer for big uploads, and no second decode.
        const int edges[] = {large_edge, thumb_edge};
        std::vector<RenderResult> both = render_edges(bytes, crop, edges, quality, limits);
        if (both.size() != 2) return failure(both.front().error, std::move(both.front().message));
        UploadRenditions out;
        out.large = std::move(both[0].jpeg);
        out.large_edge = both[0].edge;
        out.thumb = std::move(both[1].jpeg);
        out.thumb_edge = both[1].edge;
        return out;
    }
    DecodeResult decoded = format == UploadFormat::Png ? decode_png_rgb(bytes, limits) : decode_gif_rgb(bytes, limits);
    if (decoded.error != ImageError::None) return failure(decoded.error, std::move(decoded.message));
    return render_both(
        [&](int edge) {
            return crop ? render_rgb_region(decoded.image, crop->x, crop->y, crop->size, edge, quality)
                        : render_rgb_square(decoded.image, edge, quality);
        },
        large_edge, thumb_edge);
}

}  // namespace

UploadFormat detect_upload_format(std::string_view bytes) {
    if (starts_like_jpeg(bytes)) return UploadFormat::Jpeg;
    if (looks_like_png(bytes)) return UploadFormat::Png;
    if (looks_like_gif(bytes)) return UploadFormat::Gif;
    return UploadFormat::Unknown;
}

UploadRenditions render_upload(std::string_view bytes, const std::optional<CropRegion>& crop, int large_edge,
                               int thumb_edge, int quality, const Limits& limits) {
    try {
        return render_unguarded(bytes, crop, large_edge, thumb_edge, quality, limits);
    } catch (const std::bad_alloc&) {
        return failure(ImageError::TooLarge, "out of memory while processing the picture");
    } catch (const std::exception& e) {
        return failure(ImageError::Corrupt, std::string("picture processing failed: ") + e.what());
    } catch (...) {
        return failure(ImageError::Corrupt, "picture processing failed");
    }
}

}  // namespace userphoto::image
