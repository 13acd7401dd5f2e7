// PeopleService: lists of people with whether each has a photo and its version, for the onOffice
// codec (which asks the PhotoProvider for the photos themselves).
// One list costs a fixed number of searches, whatever its length: a paged search for the numbers
// (and the sort key) of every match, an in-memory sort and slice, one search for the photo versions of
// the page, and one base read per person of the page who has no photo but a linked entry.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "directory/directory_access.h"
#include "image/photo_image.h"
#include "service/people_lists.h"

namespace userphoto {

struct PeopleServiceSettings {
    PeopleAttributes attributes;
    std::vector<std::string> photo_attributes{"thumbnailPhoto", "jpegPhoto"};
    std::string linked_entry_attribute;  // DN-valued; empty: no fallback to a linked entry
    image::Limits limits;
    int max_matches = 100000;  // a list whose filter matches more is refused, not cut
    int page_size = 500;       // RFC 2696 page size
};

class PeopleService : public PeopleDirectory {
public:
    PeopleService(PeopleServiceSettings settings, std::shared_ptr<directory::DirectoryAccess> directory);
    const PeopleAttributes& attributes() const override { return settings_.attributes; }
    PeoplePage list(const PeopleQuery& query, const Logger& log) override;

private:
    struct Photo;
    Photo photo_of(const directory::Entry& entry, int* requests, const Logger& log);
    std::vector<std::string> photo_attribute_list() const;

    PeopleServiceSettings settings_;
    std::shared_ptr<directory::DirectoryAccess> directory_;
};

}  // namespace userphoto
