#include "tools/jpeg_fixtures.h"

#include <cstdint>

namespace userphoto::testing {

namespace {

void put16(std::string& out, unsigned value, bool little_endian) {
    const char hi = static_cast<char>((value >> 8) & 0xFF);
    const char lo = static_cast<char>(value & 0xFF);
    out += little_endian ? lo : hi;
    out += little_endian ? hi : lo;
}

void put32(std::string& out, uint32_t value, bool little_endian) {
    if (little_endian) {
        put16(out, value & 0xFFFF, true);
        put16(out, value >> 16, true);
    } else {
        put16(out, value >> 16, false);
        put16(out, value & 0xFFFF, false);
    }
}

unsigned byte_at(const std::string& s, size_t i) { return static_cast<unsigned char>(s[i]); }

}  // namespace

std::string with_exif_orientation(std::string_view jpeg, int orientation, bool little_endian) {
    std::string tiff;
    tiff += little_endian ? "II" : "MM";
    put16(tiff, 42, little_endian);
    put32(tiff, 8, little_endian);       // IFD0 right after the 8-byte header
    put16(tiff, 1, little_endian);       // one entry
    put16(tiff, 0x0112, little_endian);  // Orientation
    put16(tiff, 3, little_endian);       // SHORT
    put32(tiff, 1, little_endian);       // one component
    put16(tiff, static_cast<unsigned>(orientation), little_endian);  // value, left-justified
    put16(tiff, 0, little_endian);
    put32(tiff, 0, little_endian);       // no IFD1

    std::string payload = std::string("Exif\0\0", 6) + tiff;
    std::string segment = "\xFF\xE1";
    put16(segment, static_cast<unsigned>(payload.size() + 2), false);  // JPEG lengths are big-endian
    segment += payload;

    std::string out(jpeg.substr(0, 2));
    out += segment;
    out += jpeg.substr(2);
    return out;
}

bool patch_sof_dimensions(std::string& jpeg, int width, int height) {
    size_t pos = 2;
    while (pos + 9 <= jpeg.size() && byte_at(jpeg, pos) == 0xFF) {
        const unsigned marker = byte_at(jpeg, pos + 1);
        const size_t length = byte_at(jpeg, pos + 2) << 8 | byte_at(jpeg, pos + 3);
        if (marker >= 0xC0 && marker <= 0xC2) {
            // SOF: length(2) precision(1) height(2) width(2)
            jpeg[pos + 5] = static_cast<char>((height >> 8) & 0xFF);
            jpeg[pos + 6] = static_cast<char>(height & 0xFF);
            jpeg[pos + 7] = static_cast<char>((width >> 8) & 0xFF);
            jpeg[pos + 8] = static_cast<char>(width & 0xFF);
            return true;
        }
        if (marker == 0xDA) return false;
        pos += 2 + length;
    }
    return false;
}

}  // namespace userphoto::testing
