// The cost of one UserPhotoFallback answer (draw_fallback: what EWS and Graph do for a person
// without a photo) at 96, 240 and 648 px, initials and silhouette: drawn and encoded every time
// (a cache that keeps nothing, as before the cache of drawn pictures) against taken from the cache.
//   fallback_bench [--iterations N]
// Prints the median time per answer of each.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "service/drawn_picture_cache.h"
#include "service/fallback_photos.h"
#include "util/malloc_settings.h"

using namespace userphoto;

namespace {

double median_ms(int iterations, PhotoResult (*answer)(const PhotoResult&, FallbackPicture, const PhotoQuery&, int,
                                                       DrawnPictureCache&),
                 const PhotoResult& no_photo, FallbackPicture picture, const PhotoQuery& query,
                 DrawnPictureCache& cache) {
    std::vector<double> ms;
    for (int i = 0; i < iterations; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const PhotoResult result = answer(no_photo, picture, query, 85, cache);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        if (result.status != PhotoStatus::Ok) std::fprintf(stderr, "no picture drawn\n");
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    userphoto::keep_freed_memory_for_reuse();  // drawn and encoded as each httpd child does
    int iterations = 50;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--iterations") == 0) iterations = std::max(1, std::atoi(argv[i + 1]));
    PhotoResult no_photo;
    no_photo.status = PhotoStatus::NoPhoto;
    no_photo.person = "uid=rbrown,ou=people,dc=example,dc=test";
    no_photo.initials = "RB";
    std::printf("%-11s %5s %14s %14s\n", "picture", "edge", "drawn (ms)", "cached (ms)");
    for (FallbackPicture picture : {FallbackPicture::Initials, FallbackPicture::Silhouette}) {
        for (int edge : {96, 240, 648}) {
            PhotoQuery query;
            query.edge = edge;
            DrawnPictureCache keeps_nothing(0);
            DrawnPictureCache cache(kDrawnPictureCacheBytes);
            const double drawn = median_ms(iterations, draw_fallback, no_photo, picture, query, keeps_nothing);
            draw_fallback(no_photo, picture, query, 85, cache);  // the first answer draws
            const double cached = median_ms(iterations * 20, draw_fallback, no_photo, picture, query, cache);
            std::printf("%-11s %5d %14.3f %14.4f\n", fallback_picture_name(picture), edge, drawn, cached);
        }
    }
    return 0;
}
