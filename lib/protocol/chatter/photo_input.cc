#include "protocol/chatter/photo_input.h"

#include <charconv>
#include <map>
#include <nlohmann/json.hpp>

#include "protocol/json_input.h"
#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto::chatter {
namespace {

ParsedInput invalid(std::string message) {
    ParsedInput out;
    out.error = InputError::Invalid;
    out.message = std::move(message);
    return out;
}

// The three crop fields, each as text (absent ones missing from the map).
ParsedInput crop_from(const std::map<std::string, std::string>& fields, PhotoInput input) {
    static const char* names[] = {"cropX", "cropY", "cropSize"};
    int present = 0;
    long long values[3] = {0, 0, 0};
    for (int i = 0; i < 3; ++i) {
        auto it = fields.find(names[i]);
        if (it == fields.end()) continue;
        ++present;
        auto v = parse_integer<long long>(trim(it->second));
        if (!v) return invalid(std::string(names[i]) + " must be a whole number");
        if (*v < 0 || *v > kMaxCropValue) return invalid(std::string(names[i]) + " is out of range");
        values[i] = *v;
    }
    if (present != 0 && present != 3) return invalid("cropX, cropY and cropSize must be given together");
    if (present == 3) {
        if (values[2] == 0) return invalid("cropSize must be greater than zero");
        input.crop = PhotoCrop{static_cast<int>(values[0]), static_cast<int>(values[1]), static_cast<int>(values[2])};
    }
    ParsedInput out;
    out.input = std::move(input);
    return out;
}

}  // namespace

ParsedInput parse_photo_input_json(std::string_view json) {
    const JsonInput parsed = parse_json(json);  // the module's one parser: depth-capped
    const nlohmann::json& doc = parsed.value;
    if (!parsed.ok) {
        ParsedInput out;
        out.error = InputError::Json;
        out.message = "The Photo Input is not valid JSON";
        return out;
    }
    if (!doc.is_object()) return invalid("The Photo Input must be a JSON object");
    std::map<std::string, std::string> fields;
    PhotoInput input;
    for (auto& [key, value] : doc.items()) {
        if (key == "cropX" || key == "cropY" || key == "cropSize") {
            if (value.is_number_integer() || value.is_number_unsigned()) fields[key] = value.dump();
            else if (value.is_string()) fields[key] = value.get<std::string>();
            else if (value.is_null()) continue;
            else return invalid(key + " must be a whole number");
        } else if (key == "fileId") {
            if (value.is_string()) input.file_id = value.get<std::string>();
            else if (!value.is_null()) return invalid("fileId must be a string");
        } else if (key == "versionNumber") {
            input.version_number = !value.is_null();
        }
    }
    return crop_from(fields, std::move(input));
}

ParsedInput parse_photo_input_query(std::string_view query) {
    std::map<std::string, std::string> fields;
    PhotoInput input;
    for (auto& [name, value] : parse_query(query)) {
        if (name == "cropX" || name == "cropY" || name == "cropSize") fields[name] = value;
        else if (name == "fileId") input.file_id = value;
        else if (name == "versionNumber") input.version_number = true;
    }
    return crop_from(fields, std::move(input));
}

}  // namespace userphoto::chatter
