// Which format a browser-facing route answers in, from the request's Accept header (RFC 9110
// 12.5.1) and the formats configured (UserPhotoFormats). Pure: no I/O, no exceptions.
#pragma once
#include <string_view>

#include "util/image_format.h"

namespace userphoto {

// At most this many Accept members are read (browsers send about ten).
inline constexpr size_t kMaxAcceptMembers = 64;

// Rules:
//  - each format's weight is the q of the most specific range that matches it (`image/webp`,
//    then `image/*`, then `*/*`); q=0 excludes it; malformed members are ignored;
//  - WebP and AVIF are served only when offered and named explicitly (a wildcard never picks
//    them: `image/*` and `*/*` are sent by clients that decode JPEG only), and only when their
//    weight is at least JPEG's; between them the higher weight wins, on a tie AVIF (smaller);
//  - everything else (no header, `*/*`, unknown types, nothing acceptable) gets JPEG.
ImageFormat negotiate_format(std::string_view accept, const FormatSet& offered);

}  // namespace userphoto
