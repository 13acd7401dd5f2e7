// PhotoWriter: the PhotoEditor on the real directory. Uploads are rendered to a large square and a
// thumbnail and written with one LDAP modify (both attributes from one upload, never half a
// change), after which every cache is told the person changed.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "directory/directory_access.h"
#include "image/photo_image.h"
#include "service/person_lookup.h"
#include "service/photo_editor.h"
#include "service/photo_service.h"

namespace userphoto {

struct PhotoWriterSettings {
    PhotoServiceSettings service;             // photo attributes, identity attributes, quality, limits
    std::string profile_id_attribute = "employeeNumber";
    std::string large_attribute = "jpegPhoto";
    std::string thumb_attribute = "thumbnailPhoto";
    int large_edge = 648;
    int thumb_edge = 96;
    // Uploads with more pixels are refused from their header, before any pixel is decoded (a
    // small PNG can claim 40 MP: 120 MB of RGB). The stored-photo limit applies too.
    uint64_t max_upload_pixels = 25'000'000;
};

class PhotoWriter : public PhotoEditor {
public:
    // `invalidate` is called with the DN after every successful write (cache hook point).
    PhotoWriter(PhotoWriterSettings settings, std::shared_ptr<directory::DirectoryAccess> directory,
                std::function<void(const std::string& dn)> invalidate);

    PersonPhotoInfo lookup(const PhotoQuery& who, const Logger& log) override;
    WriteResult upload(const std::string& dn, std::string_view picture, const std::optional<PhotoCrop>& crop,
                       const Logger& log) override;
    WriteResult remove(const std::string& dn, const Logger& log) override;
    std::string default_photo(int edge) override;

private:
    WriteResult write(const std::string& dn, const std::vector<directory::AttributeChange>& changes, const Logger& log);
    std::vector<std::string> all_photo_attributes() const;

    PhotoWriterSettings settings_;
    PersonLookup lookup_;  // the photo service's: the same person, the same fingerprint
    std::function<void(const std::string&)> invalidate_;
    std::mutex defaults_mutex_;
    std::map<int, std::string> defaults_;  // rendered silhouettes by edge
};

}  // namespace userphoto
