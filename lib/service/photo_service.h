// PhotoService: the one core every protocol calls. Resolves a person in the directory, picks the
// best stored photo for the requested size and renders it. Knows no protocol.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "directory/directory.h"
#include "image/photo_image.h"
#include "service/photo_provider.h"

namespace userphoto {

struct PhotoServiceSettings {
    std::vector<std::string> photo_attributes{"thumbnailPhoto", "jpegPhoto"};  // preference order
    std::string email_attribute = "mail";
    std::string remote_user_attribute;  // empty: the e-mail attribute
    int jpeg_quality = 85;
    image::Limits limits;
};

class PhotoService : public PhotoProvider {
public:
    PhotoService(PhotoServiceSettings settings, std::shared_ptr<directory::Directory> directory);
    PhotoResult get_photo(const PhotoQuery& query, const Logger& log) override;

    const PhotoServiceSettings& settings() const { return settings_; }

    // Hook point for writers: the person's photo (entry `person_dn`) changed; anything kept about
    // it must be forgotten before the writer answers. Nothing is kept yet, so it has no work.
    void invalidate(const std::string& person_dn);

private:
    std::string attribute_for(const PhotoQuery& query) const;

    PhotoServiceSettings settings_;
    std::shared_ptr<directory::Directory> directory_;
};

}  // namespace userphoto
