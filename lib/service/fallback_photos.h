// UserPhotoFallback: a drawn picture for a person who exists but has no usable photo, on the
// protocols that otherwise answer 404 (EWS, Graph). A PhotoProvider around the real one, so the
// codecs keep calling one interface and the decision lives here once. Unknown people, invalid
// identities and outages pass through unchanged: nobody is invented or revealed.
#pragma once
#include <string>

#include "service/photo_provider.h"

namespace userphoto {

class DrawnPictureCache;

enum class FallbackPicture { None, Initials, Silhouette };

// "none", "initials", "silhouette" (case-insensitive); false for anything else.
bool parse_fallback_picture(const std::string& text, FallbackPicture& out);
const char* fallback_picture_name(FallbackPicture picture);

// The picture for a NoPhoto result at the query's edge (clamped to 1..kMaxFallbackEdge) and format:
// initials on a colour chosen by the person's DN, or the silhouette. Deterministic bytes, so the
// ETag is a hash of them and If-None-Match gives NotModified; marked `drawn` (a shorter life in
// the protocols' cache headers). Drawn once per kind, initials, colour, edge and encoding, then
// taken from `cache` (by default the process's drawn_picture_cache()). Anything else is returned
// as it is.
inline constexpr int kMaxFallbackEdge = 1024;
PhotoResult draw_fallback(const PhotoResult& no_photo, FallbackPicture picture, const PhotoQuery& query,
                          int jpeg_quality, DrawnPictureCache& cache);
PhotoResult draw_fallback(const PhotoResult& no_photo, FallbackPicture picture, const PhotoQuery& query,
                          int jpeg_quality);

class FallbackPhotos : public PhotoProvider {
public:
    FallbackPhotos(PhotoProvider& photos, FallbackPicture picture, int jpeg_quality)
        : photos_(photos), picture_(picture), jpeg_quality_(jpeg_quality) {}
    PhotoResult get_photo(const PhotoQuery& query, const Logger& log) override;

private:
    PhotoProvider& photos_;
    FallbackPicture picture_;
    int jpeg_quality_;
};

}  // namespace userphoto
