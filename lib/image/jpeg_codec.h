// TurboJPEG (2.x API) wrapper: header read, DCT-scaled decode to RGB, RGB encode. Uses only the
// error-returning TurboJPEG calls, so no libjpeg longjmp crosses C++ frames. Each call owns its
// own TurboJPEG handle: safe on any number of threads.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "image/photo_image.h"
#include "image/rgb_image.h"
#include "image/square_geometry.h"

namespace userphoto::image::jpeg {

struct Header {
    int width = 0;
    int height = 0;
    int subsampling = -1;  // TJSAMP_* value
    int colorspace = -1;   // TJCS_* value
};

struct Status {
    ImageError error = ImageError::None;
    std::string message;
    bool ok() const { return error == ImageError::None; }
};

// Reads the frame header only (allocates nothing proportional to pixels).
Status read_header(std::string_view bytes, Header& header);

// The DCT scaling factors libjpeg-turbo supports that do not enlarge, largest first.
std::span<const Scale> scaling_factors();

// The subset libjpeg-turbo decodes fastest (1/1, 1/2, 1/4, 1/8: SIMD paths). Measured on a
// 4000×4000 picture, 7/8 and 3/4 decode slower than 1/1 and 5/8 three times slower than 1/2, so
// the pipeline picks its DCT scale from these only.
std::span<const Scale> fast_scaling_factors();

// Decodes at `scale` (one of scaling_factors()) to RGB, stored orientation. Stops on libjpeg
// warnings (truncated or corrupt data is an error) and limits progressive scans. CMYK/YCCK
// pictures are converted (Adobe inverted-CMYK convention).
Status decode_rgb(std::string_view bytes, Scale scale, RgbImage& out);

// How many decode_rgb calls this process has made (lets tests see that one upload is decoded once).
uint64_t decodes_so_far();

// Encodes baseline JPEG, 4:2:0 chroma subsampling. `quality` is clamped to 1..100.
Status encode_rgb(const RgbImage& image, int quality, std::string& out);

}  // namespace userphoto::image::jpeg
