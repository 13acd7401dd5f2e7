// Incremental multipart/form-data parser (RFC 7578 / RFC 2046): fed the body chunk by chunk as it
// arrives, keeps each part in memory within hard caps on part count, header size, text-part size
// and total size. Any split of the input gives the same result.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace userphoto::chatter {

struct MultipartLimits {
    size_t max_total = 10 * 1024 * 1024;  // body bytes fed
    size_t max_parts = 8;
    size_t max_header_bytes = 8 * 1024;   // one part's header block
    size_t max_text_part = 64 * 1024;     // a part that is not binary (see FormPart)
};

struct FormPart {
    std::string name;
    std::optional<std::string> filename;  // present for file parts
    std::string content_type;             // "" when the part has none
    std::string body;

    // A file part: it has a filename, or it is the upload part (curl -F 'fileUpload=<f' sends none).
    // The `json` part is the Photo Input even with a filename (curl -F 'json=@input.json', a Blob).
    bool is_binary() const { return name == "fileUpload" || (filename.has_value() && name != "json"); }
};

enum class MultipartError { None, Malformed, TooLarge };

// The boundary parameter of a multipart/form-data Content-Type; nullopt when the type is not
// multipart/form-data or the boundary is missing or invalid (RFC 2046: 1-70 characters).
std::optional<std::string> multipart_boundary(std::string_view content_type);

class MultipartParser {
public:
    MultipartParser(std::string boundary, MultipartLimits limits);

    // False once an error occurred (see error()); later calls do nothing.
    bool feed(std::string_view chunk);
    // The body ended: false unless the closing delimiter was seen.
    bool finish();

    MultipartError error() const { return error_; }
    const std::string& message() const { return message_; }
    const std::vector<FormPart>& parts() const { return parts_; }

private:
    enum class State { Preamble, AfterDelimiter, Headers, Body, Epilogue };
    bool fail(MultipartError error, std::string message);
    bool step();  // one state's work on buffer_; false when more input is needed
    bool parse_headers(std::string_view block);

    std::string delimiter_;  // "\r\n--" + boundary
    MultipartLimits limits_;
    State state_ = State::Preamble;
    std::string buffer_;     // unconsumed input
    size_t fed_ = 0;
    MultipartError error_ = MultipartError::None;
    std::string message_;
    std::vector<FormPart> parts_;
};

}  // namespace userphoto::chatter
