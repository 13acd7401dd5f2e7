#include "image/exif_orientation.h"

#include <libexif/exif-data.h>

#include <cstring>
#include <memory>

namespace userphoto::image {

namespace {

unsigned byte_at(std::string_view s, size_t i) { return static_cast<unsigned char>(s[i]); }

struct ExifDataUnref {
    void operator()(ExifData* data) const { exif_data_unref(data); }
};

}  // namespace

std::string_view find_exif_segment(std::string_view jpeg) {
    if (jpeg.size() < 4 || byte_at(jpeg, 0) != 0xFF || byte_at(jpeg, 1) != 0xD8) return {};
    size_t pos = 2;
    while (pos + 4 <= jpeg.size()) {
        if (byte_at(jpeg, pos) != 0xFF) return {};  // not at a marker: give up quietly
        const unsigned marker = byte_at(jpeg, pos + 1);
        if (marker == 0xFF) {  // fill byte
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {  // markers without a length
            pos += 2;
            continue;
        }
        if (marker == 0xDA || marker == 0xD9) return {};  // start of scan / end: EXIF comes before
        const size_t length = byte_at(jpeg, pos + 2) << 8 | byte_at(jpeg, pos + 3);
        if (length < 2 || pos + 2 + length > jpeg.size()) return {};
        std::string_view payload = jpeg.substr(pos + 4, length - 2);
        if (marker == 0xE1 && payload.size() >= 6 && std::memcmp(payload.data(), "Exif\0\0", 6) == 0) {
            return payload;
        }
        pos += 2 + length;
    }
    return {};
}

int read_exif_orientation(std::string_view jpeg) {
    const std::string_view segment = find_exif_segment(jpeg);
    if (segment.empty()) return 1;
    // Starting at "Exif\0\0", libexif parses the TIFF structure only (no JPEG marker scan of its own).
    std::unique_ptr<ExifData, ExifDataUnref> data(
        exif_data_new_from_data(reinterpret_cast<const unsigned char*>(segment.data()),
                                static_cast<unsigned int>(segment.size())));
    if (!data) return 1;
    ExifEntry* entry = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (!entry || entry->format != EXIF_FORMAT_SHORT || entry->components < 1 || entry->size < 2 || !entry->data) {
        return 1;
    }
    const int value = exif_get_short(entry->data, exif_data_get_byte_order(data.get()));
    return value >= 1 && value <= 8 ? value : 1;
}

}  // namespace userphoto::image
