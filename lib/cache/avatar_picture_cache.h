// Keeps drawn avatar pictures (defaults) in the process's cache of drawn pictures (one budget for
// these and the EWS/Graph fallbacks), so that unknown hashes and people without a photo are
// answered without drawing and encoding each time. Wraps any AvatarProvider; lookups and photos
// pass through unchanged (photos have their own cache behind the photo provider).
#pragma once
#include <memory>
#include <string>

#include "service/avatar_provider.h"
#include "service/drawn_picture_cache.h"

namespace userphoto::cache {

class AvatarPictureCache : public AvatarProvider {
public:
    // `jpeg_quality`: the inner provider's, part of every key (virtual hosts may differ).
    AvatarPictureCache(std::shared_ptr<AvatarProvider> inner, DrawnPictureCache& pictures, int jpeg_quality);

    AvatarPerson find(const AddressDigest& digest, const Logger& log) override;
    AvatarImage photo(const AvatarPerson& person, int edge, AvatarFormat format, const EtagCondition& if_none_match,
                      const Logger& log) override;
    AvatarImage picture(AvatarPictureKind kind, const std::string& seed, const std::string& text, int edge,
                        AvatarFormat format, const Logger& log) override;

private:
    std::shared_ptr<AvatarProvider> inner_;
    DrawnPictureCache& pictures_;  // encoded bytes by kind, seed, text, edge, format (few: j, p, w, a)
    const std::string quality_;
};

}  // namespace userphoto::cache
