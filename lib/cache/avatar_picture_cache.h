// Keeps drawn avatar pictures (defaults) per process, so that unknown hashes and people without a
// photo are answered without drawing and encoding each time. Wraps any AvatarProvider; lookups
// and photos pass through unchanged (photos have their own cache behind the photo provider).
#pragma once
#include <memory>
#include <string>

#include "cache/lru_cache.h"
#include "service/avatar_provider.h"

namespace userphoto::cache {

class AvatarPictureCache : public AvatarProvider {
public:
    AvatarPictureCache(std::shared_ptr<AvatarProvider> inner, size_t capacity_bytes);

    AvatarPerson find(const AddressDigest& digest, const Logger& log) override;
    AvatarImage photo(const AvatarPerson& person, int edge, AvatarFormat format, const EtagCondition& if_none_match,
                      const Logger& log) override;
    AvatarImage picture(AvatarPictureKind kind, const std::string& seed, const std::string& text, int edge,
                        AvatarFormat format, const Logger& log) override;

private:
    std::shared_ptr<AvatarProvider> inner_;
    LruCache<std::string> pictures_;  // encoded bytes by kind, seed, text, edge, format (few: j, p, w, a)
};

}  // namespace userphoto::cache
