// Image operations on stored photos: probe, and render a square JPEG of a given edge.
// No LDAP, no protocol knowledge. Only TurboJPEG's error-returning API (no longjmp across C++).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "image/rgb_image.h"
#include "util/image_format.h"

namespace userphoto::image {

struct Limits {
    size_t max_input_bytes = 10 * 1024 * 1024;  // refuse larger encoded inputs outright
    uint64_t max_pixels = 40'000'000;           // refuse headers claiming more (before allocating)
};

// InvalidArgument: a bad edge or a crop region outside the picture (a caller's error, e.g. a
// Salesforce crop that does not fit: 400, not 500).
enum class ImageError { None, NotJpeg, Corrupt, TooLarge, InvalidArgument };
const char* describe(ImageError error);

struct ProbeResult {
    ImageError error = ImageError::None;
    std::string message;      // human readable, for one log line
    int width = 0;            // as stored
    int height = 0;
    int orientation = 1;      // EXIF orientation 1..8 (1 when absent)
    int display_width = 0;    // after applying the orientation
    int display_height = 0;
    int square_edge() const { return display_width < display_height ? display_width : display_height; }
};

// Reads only headers (SOF + EXIF): cheap, allocates nothing proportional to pixels.
ProbeResult probe_jpeg(std::string_view bytes, const Limits& limits);

struct RenderResult {
    ImageError error = ImageError::None;
    std::string message;
    std::string jpeg;  // the encoded square
    int edge = 0;
};

// Decodes (DCT-scaled), applies EXIF orientation, crops a square (centred horizontally,
// 35 % of the vertical excess from the top), downsamples to `edge` × `edge` and encodes.
// `edge` must not exceed the source's square edge: the caller picks it (see choose_edge); a larger
// edge is clamped to the source's edge rather than upscaled.
RenderResult render_square(std::string_view jpeg, int edge, int quality, const Limits& limits);

// How a served rendition is encoded: its format, and the JPEG quality (UserPhotoJPEGQuality).
// WebP and AVIF use the settings in webp_codec.h / avif_codec.h, chosen by measurement to match
// the JPEG's SSIM at the default quality.
struct Encoding {
    ImageFormat format = ImageFormat::Jpeg;
    int jpeg_quality = 85;
};

// render_square, encoded as `encoding` says (the one decode and resample, then that encoder).
RenderResult render_square_as(std::string_view jpeg, int edge, const Encoding& encoding, const Limits& limits);

// Encodes `image` as `encoding` says. InvalidArgument for an empty image.
RenderResult encode_as(const RgbImage& image, const Encoding& encoding);

// The listed square sizes (EWS HR48x48 … HR648x648), ascending.
inline constexpr int kListedEdges[] = {48, 64, 96, 120, 240, 360, 432, 504, 648};

// The edge to serve for `requested` when the source offers `available`: the requested edge when
// the source is large enough, else the next smaller listed size, else the source as it is (< 48).
int choose_edge(int requested, int available);

// ---- for the protocols that take uploads or crops ----------------------------------------

struct DecodeResult {
    ImageError error = ImageError::None;
    std::string message;
    RgbImage image;  // display orientation (EXIF applied), full resolution
};

// Probes (same limits and errors as probe_jpeg), decodes at full size and applies the EXIF
// orientation.
DecodeResult decode_jpeg_rgb(std::string_view bytes, const Limits& limits);

// Encodes `image` as JPEG at `quality` (clamped to 1..100), 4:2:0. Empty on error (invalid image).
RenderResult encode_jpeg(const RgbImage& image, int quality);

// Like render_square, but of the square region whose top-left corner is (x, y) and whose edge is
// `size`, in display (oriented) coordinates of the full picture. The region must lie inside the
// picture (else InvalidArgument). `edge` is clamped to `size` (never upscaled).
RenderResult render_region(std::string_view jpeg, int x, int y, int size, int edge, int quality,
                           const Limits& limits);

// A square region in display (oriented) coordinates: top-left corner and edge.
struct CropRegion {
    int x = 0;
    int y = 0;
    int size = 0;
};

// Several squares of one region (nullopt: the default square) from ONE decode, at the DCT scale
// the largest edge needs: e.g. the large rendition and the thumbnail of an upload. One result per
// edge, in order; on any error a single result carrying it.
std::vector<RenderResult> render_edges(std::string_view jpeg, const std::optional<CropRegion>& region,
                                       std::span<const int> edges, int quality, const Limits& limits);

// The same two operations on an already decoded picture (e.g. a PNG or GIF upload).
RenderResult render_rgb_square(const RgbImage& image, int edge, int quality);
RenderResult render_rgb_region(const RgbImage& image, int x, int y, int size, int edge, int quality);

}  // namespace userphoto::image
