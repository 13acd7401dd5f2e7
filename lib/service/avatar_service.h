// The avatar core: digests are looked up in the shared hash index (no LDAP), photos come through
// the photo provider (cache, single flight) and are brought to the exact edge by lib/image.
#pragma once
#include <memory>

#include "index/hash_index.h"
#include "image/photo_image.h"
#include "service/avatar_provider.h"
#include "service/photo_provider.h"

namespace userphoto {

struct AvatarServiceSettings {
    std::string alias_attribute;  // where an alias key is matched (UserPhotoEmailAliasAttribute)
    int jpeg_quality = 85;
    image::Limits limits;
};

class AvatarService : public AvatarProvider {
public:
    AvatarService(AvatarServiceSettings settings, avatar::HashIndex index, std::shared_ptr<PhotoProvider> photos);

    AvatarPerson find(const AddressDigest& digest, const Logger& log) override;
    AvatarImage photo(const AvatarPerson& person, int edge, AvatarFormat format, const EtagCondition& if_none_match,
                      const Logger& log) override;
    AvatarImage picture(AvatarPictureKind kind, const std::string& seed, const std::string& text, int edge,
                        AvatarFormat format, const Logger& log) override;

private:
    AvatarServiceSettings settings_;
    avatar::HashIndex index_;
    std::shared_ptr<PhotoProvider> photos_;
};

}  // namespace userphoto
