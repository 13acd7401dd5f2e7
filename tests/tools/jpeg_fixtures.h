// Byte-level JPEG fixtures for tests and the photo generator, written independently of lib/image:
// an EXIF orientation segment built by hand, and a frame header patched to claim other dimensions.
#pragma once
#include <string>
#include <string_view>

namespace userphoto::testing {

// `jpeg` with an APP1 Exif segment (TIFF header, IFD0 holding one Orientation SHORT) inserted
// right after SOI. Big-endian ("MM") by default, little-endian ("II") on request.
std::string with_exif_orientation(std::string_view jpeg, int orientation, bool little_endian = false);

// Rewrites the dimensions of the first SOF0/SOF1/SOF2 frame header. False when there is none.
bool patch_sof_dimensions(std::string& jpeg, int width, int height);

}  // namespace userphoto::testing
