// Photo Input: the crop square (cropX, cropY, cropSize) and the fileId / versionNumber that would
// choose an existing file, from a JSON object (the `json` part or a JSON body) or the query string.
// Values may be numbers or strings of digits. The crop fields go together: all three or none.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "service/photo_editor.h"

namespace userphoto::chatter {

struct PhotoInput {
    std::optional<PhotoCrop> crop;
    std::optional<std::string> file_id;
    bool version_number = false;  // versionNumber was given
};

enum class InputError { None, Json, Invalid };

struct ParsedInput {
    InputError error = InputError::None;
    std::string message;
    PhotoInput input;
};

ParsedInput parse_photo_input_json(std::string_view json);
ParsedInput parse_photo_input_query(std::string_view query);

// Crop coordinates and sizes above this are refused before any image work.
inline constexpr long long kMaxCropValue = 1'000'000;

}  // namespace userphoto::chatter
