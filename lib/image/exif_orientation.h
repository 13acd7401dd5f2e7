// EXIF orientation of a JPEG (libexif), read from the APP1 "Exif" segment before the first scan.
#pragma once
#include <string_view>

namespace userphoto::image {

// The bytes of the first APP1 Exif payload (starting at "Exif\0\0"), or empty when there is none.
// Walks the marker segments only; never reads past `jpeg`.
std::string_view find_exif_segment(std::string_view jpeg);

// EXIF orientation 1..8; 1 when there is no EXIF data, no orientation tag or an invalid value.
int read_exif_orientation(std::string_view jpeg);

}  // namespace userphoto::image
