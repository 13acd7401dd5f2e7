#include "protocol/chatter/multipart.h"

#include "util/strings.h"

namespace userphoto::chatter {
namespace {

bool is_boundary_char(char c) {
    // RFC 2046 bchars.
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// Parameters of a header value: `form-data; name="x"; filename="y"`. Keys lower-cased.
std::vector<std::pair<std::string, std::string>> header_parameters(std::string_view value) {
    std::vector<std::pair<std::string, std::string>> out;
    size_t pos = value.find(';');
    while (pos != std::string_view::npos && pos < value.size()) {
        ++pos;
        while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
        const size_t eq = value.find('=', pos);
        if (eq == std::string_view::npos) break;
        std::string key = to_lower(trim(value.substr(pos, eq - pos)));
        pos = eq + 1;
        std::string val;
        if (pos < value.size() && value[pos] == '"') {
            ++pos;
            while (pos < value.size() && value[pos] != '"') {
                if (value[pos] == '\\' && pos + 1 < value.size()) ++pos;
                val += value[pos++];
            }
            pos = value.find(';', pos);
        } else {
            const size_t end = value.find(';', pos);
            val = std::string(trim(value.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos)));
            pos = end;
        }
        out.emplace_back(std::move(key), std::move(val));
    }
    return out;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    const size_t semi = content_type.find(';');
    if (!iequals(trim(content_type.substr(0, semi)), "multipart/form-data")) return std::nullopt;
    for (auto& [key, value] : header_parameters(content_type)) {
        if (key != "boundary") continue;
        if (value.empty() || value.size() > 70 || value.back() == ' ') return std::nullopt;
        for (char c : value)
            if (!is_boundary_char(c)) return std::nullopt;
        return value;
    }
    return std::nullopt;
}

MultipartParser::MultipartParser(std::string boundary, MultipartLimits limits)
    : delimiter_("\r\n--" + boundary), limits_(limits) {
    // The first delimiter may open the body without a preceding line break.
    buffer_ = "\r\n";
}

bool MultipartParser::fail(MultipartError error, std::string message) {
    if (error_ == MultipartError::None) {
        error_ = error;
        message_ = std::move(message);
    }
    return false;
}

bool MultipartParser::feed(std::string_view chunk) {
    if (error_ != MultipartError::None) return false;
    fed_ += chunk.size();
    if (fed_ > limits_.max_total) return fail(MultipartError::TooLarge, "the request body is larger than allowed");
    if (state_ == State::Epilogue) return true;  // ignored, as RFC 2046 says
    buffer_.append(chunk);
    while (error_ == MultipartError::None && step()) {
    }
    return error_ == MultipartError::None;
}

bool MultipartParser::finish() {
    if (error_ != MultipartError::None) return false;
    if (state_ != State::Epilogue) return fail(MultipartError::Malformed, "the multipart body ends without its closing boundary");
    return true;
}

bool MultipartParser::step() {
    switch (state_) {
        case State::Preamble: {
            const size_t at = buffer_.find(delimiter_);
            if (at == std::string::npos) {
                // Keep only what could still begin a delimiter; the preamble is discarded.
                if (buffer_.size() >= delimiter_.size()) buffer_.erase(0, buffer_.size() - delimiter_.size() + 1);
                return false;
            }
            buffer_.erase(0, at + delimiter_.size());
            state_ = State::AfterDelimiter;
            return true;
        }
        case State::AfterDelimiter: {
            if (buffer_.size() < 2) return false;
            if (buffer_.compare(0, 2, "--") == 0) {
                state_ = State::Epilogue;
                buffer_.clear();
                return false;
            }
            // Transport padding (spaces, tabs) may follow a delimiter before its line break.
            size_t pos = 0;
            while (pos < buffer_.size() && (buffer_[pos] == ' ' || buffer_[pos] == '\t')) ++pos;
            if (pos > 256) return fail(MultipartError::Malformed, "malformed multipart boundary line");
            if (buffer_.size() < pos + 2) return false;
            if (buffer_.compare(pos, 2, "\r\n") != 0) return fail(MultipartError::Malformed, "malformed multipart boundary line");
            buffer_.erase(0, pos + 2);
            if (parts_.size() >= limits_.max_parts)
                return fail(MultipartError::Malformed, "too many parts in the multipart body");
            parts_.emplace_back();
            state_ = State::Headers;
            return true;
        }
        case State::Headers: {
            // An empty header block is "\r\n" right away.
            size_t end = buffer_.compare(0, 2, "\r\n") == 0 ? 0 : buffer_.find("\r\n\r\n");
            if (buffer_.size() < 2) return false;
            if (end == std::string::npos) {
                if (buffer_.size() > limits_.max_header_bytes)
                    return fail(MultipartError::Malformed, "multipart part headers are too long");
                return false;
            }
            if (end > limits_.max_header_bytes) return fail(MultipartError::Malformed, "multipart part headers are too long");
            if (!parse_headers(std::string_view(buffer_).substr(0, end))) return false;
            buffer_.erase(0, end == 0 ? 2 : end + 4);
            state_ = State::Body;
            return true;
        }
        case State::Body: {
            FormPart& part = parts_.back();
            const size_t at = buffer_.find(delimiter_);
            const size_t usable = at != std::string::npos
                                      ? at
                                      : (buffer_.size() >= delimiter_.size() ? buffer_.size() - delimiter_.size() + 1 : 0);
            if (!part.is_binary() && part.body.size() + usable > limits_.max_text_part)
                return fail(MultipartError::TooLarge, "the multipart part '" + part.name + "' is larger than allowed");
            part.body.append(buffer_, 0, usable);
            buffer_.erase(0, usable);
            if (at == std::string::npos) return false;
            buffer_.erase(0, delimiter_.size());
            state_ = State::AfterDelimiter;
            return true;
        }
        case State::Epilogue: return false;
    }
    return false;
}

bool MultipartParser::parse_headers(std::string_view block) {
    FormPart& part = parts_.back();
    bool has_disposition = false;
    size_t pos = 0;
    while (pos < block.size()) {
        size_t eol = block.find("\r\n", pos);
        if (eol == std::string_view::npos) eol = block.size();
        const std::string_view line = block.substr(pos, eol - pos);
        pos = eol + 2;
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return fail(MultipartError::Malformed, "malformed multipart part header");
        const std::string_view name = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "Content-Disposition")) {
            const size_t semi = value.find(';');
            if (!iequals(trim(value.substr(0, semi)), "form-data"))
                return fail(MultipartError::Malformed, "a multipart part is not form-data");
            has_disposition = true;
            for (auto& [key, val] : header_parameters(value)) {
                if (key == "name") part.name = val;
                else if (key == "filename") part.filename = val;
            }
        } else if (iequals(name, "Content-Type")) {
            part.content_type = std::string(value);
        }
    }
    if (!has_disposition || part.name.empty())
        return fail(MultipartError::Malformed, "a multipart part lacks Content-Disposition: form-data; name=...");
    return true;
}

}  // namespace userphoto::chatter
