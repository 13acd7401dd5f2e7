#include "image/gif_codec.h"

#include <gif_lib.h>

#include <cstring>
#include <memory>
#include <vector>

namespace userphoto::image {
namespace {

struct MemoryReader {
    std::string_view bytes;
    size_t offset = 0;
};

int read_from_memory(GifFileType* gif, GifByteType* into, int wanted) {
    auto* reader = static_cast<MemoryReader*>(gif->UserData);
    const size_t left = reader->bytes.size() - reader->offset;
    const size_t n = wanted < 0 ? 0 : std::min(left, static_cast<size_t>(wanted));
    std::memcpy(into, reader->bytes.data() + reader->offset, n);
    reader->offset += n;
    return static_cast<int>(n);
}

struct GifClose {
    void operator()(GifFileType* gif) const {
        int error = 0;
        DGifCloseFile(gif, &error);
    }
};

DecodeResult failure(ImageError error, std::string message) {
    DecodeResult result;
    result.error = error;
    result.message = std::move(message);
    return result;
}

// Skips the sub-blocks of an extension; remembers the transparent colour index of a GCE.
bool read_extension(GifFileType* gif, int& transparent) {
    int code = 0;
    GifByteType* block = nullptr;
    if (DGifGetExtension(gif, &code, &block) != GIF_OK) return false;
    if (code == GRAPHICS_EXT_FUNC_CODE && block && block[0] >= 4) transparent = (block[1] & 1) ? block[4] : -1;
    while (block) {
        if (DGifGetExtensionNext(gif, &block) != GIF_OK) return false;
    }
    return true;
}

DecodeResult decode_frame(GifFileType* gif, const Limits& limits, int transparent) {
    if (DGifGetImageDesc(gif) != GIF_OK) return failure(ImageError::Corrupt, "corrupt GIF image descriptor");
    const int width = gif->Image.Width;
    const int height = gif->Image.Height;
    if (width <= 0 || height <= 0) return failure(ImageError::Corrupt, "GIF frame without dimensions");
    if (static_cast<uint64_t>(width) * height > limits.max_pixels)
        return failure(ImageError::TooLarge, "GIF of " + std::to_string(width) + "x" + std::to_string(height) +
                                                 " exceeds the pixel limit");
    const ColorMapObject* map = gif->Image.ColorMap ? gif->Image.ColorMap : gif->SColorMap;
    if (!map) return failure(ImageError::Corrupt, "GIF without a colour map");
    std::vector<GifPixelType> indices(static_cast<size_t>(width) * height);
    if (gif->Image.Interlace) {
        static const int start[] = {0, 4, 2, 1};
        static const int step[] = {8, 8, 4, 2};
        for (int pass = 0; pass < 4; ++pass)
            for (int y = start[pass]; y < height; y += step[pass])
                if (DGifGetLine(gif, &indices[static_cast<size_t>(y) * width], width) != GIF_OK)
                    return failure(ImageError::Corrupt, "corrupt or truncated GIF data");
    } else {
        for (int y = 0; y < height; ++y)
            if (DGifGetLine(gif, &indices[static_cast<size_t>(y) * width], width) != GIF_OK)
                return failure(ImageError::Corrupt, "corrupt or truncated GIF data");
    }
    DecodeResult result;
    result.image.width = width;
    result.image.height = height;
    result.image.rgb.resize(indices.size() * 3);
    for (size_t i = 0; i < indices.size(); ++i) {
        const int index = indices[i];
        uint8_t* out = &result.image.rgb[i * 3];
        if (index == transparent || index >= map->ColorCount) {
            out[0] = out[1] = out[2] = 255;
        } else {
            out[0] = map->Colors[index].Red;
            out[1] = map->Colors[index].Green;
            out[2] = map->Colors[index].Blue;
        }
    }
    return result;
}

}  // namespace

bool looks_like_gif(std::string_view bytes) {
    return bytes.size() >= 6 && (bytes.substr(0, 6) == "GIF87a" || bytes.substr(0, 6) == "GIF89a");
}

DecodeResult decode_gif_rgb(std::string_view bytes, const Limits& limits) {
    if (bytes.size() > limits.max_input_bytes) return failure(ImageError::TooLarge, "GIF exceeds the size limit");
    if (!looks_like_gif(bytes)) return failure(ImageError::NotJpeg, "not a GIF image");
    MemoryReader reader{bytes, 0};
    int error = 0;
    std::unique_ptr<GifFileType, GifClose> gif(DGifOpen(&reader, read_from_memory, &error));
    if (!gif) return failure(ImageError::Corrupt, std::string("unreadable GIF: ") + GifErrorString(error));
    int transparent = -1;
    for (;;) {
        GifRecordType type = UNDEFINED_RECORD_TYPE;
        if (DGifGetRecordType(gif.get(), &type) != GIF_OK) return failure(ImageError::Corrupt, "corrupt GIF");
        switch (type) {
            case IMAGE_DESC_RECORD_TYPE: return decode_frame(gif.get(), limits, transparent);
            case EXTENSION_RECORD_TYPE:
                if (!read_extension(gif.get(), transparent)) return failure(ImageError::Corrupt, "corrupt GIF extension");
                break;
            case TERMINATE_RECORD_TYPE: return failure(ImageError::Corrupt, "GIF without an image");
            default: return failure(ImageError::Corrupt, "corrupt GIF record");
        }
    }
}

}  // namespace userphoto::image
