// The JPEG start-of-image signature (FF D8 FF): the one check of "is this a JPEG at all", before any
// decoder or parser looks further.
#pragma once
#include <string_view>

namespace userphoto {

inline bool starts_like_jpeg(std::string_view bytes) {
    return bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
           static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF;
}

}  // namespace userphoto
