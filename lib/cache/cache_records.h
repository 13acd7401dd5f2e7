// What the cache keeps, and its byte form for the shared tier. Records carry their own key so a
// hashed store key that collides is detected rather than served, and parsing validates every
// field (status, DN syntax, ETag format, image framing): a record that passed the shared tier's
// MAC check is still never taken on trust.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "service/photo_provider.h"

namespace userphoto::cache {

// Who an identity resolved to, as last seen in the directory.
struct PersonMeta {
    PhotoStatus status = PhotoStatus::Ok;  // Ok, NoPhoto or NoSuchPerson (the last two: negative)
    std::string dn;
    std::string etag;
    std::string change_marker;
    int64_t fetched_at_ms = 0;  // when the directory last confirmed it
    std::string initials;       // NoPhoto: up to 3 of [A-Z0-9], for a drawn fallback (validated on read)

    bool negative() const { return status != PhotoStatus::Ok; }
};

// One rendered size of one photo version in one format (the format is part of its key).
struct Rendition {
    std::string jpeg;
    int edge = 0;
};

std::string serialize(std::string_view key, const PersonMeta& meta);
std::optional<PersonMeta> parse_meta(std::string_view key, std::string_view bytes);

std::string serialize(std::string_view key, const Rendition& rendition);
// `format`: what the bytes must be (JPEG framing, or the WebP / AVIF signature).
std::optional<Rendition> parse_rendition(std::string_view key, std::string_view bytes,
                                         ImageFormat format = ImageFormat::Jpeg);

// A person's last change (upload, delete, or one a directory watcher reported), keyed by DN: a
// record confirmed before it is not trusted. The time is in milliseconds since the epoch.
std::string serialize_change(std::string_view key, int64_t changed_at_ms);
std::optional<int64_t> parse_change(std::string_view key, std::string_view bytes);

// Field checks used by the parsers.
bool is_photo_etag(std::string_view etag);    // 8 uppercase hex digits
bool is_plausible_dn(std::string_view dn);    // attr=value RDNs, RFC 4514 escapes, no control bytes
bool looks_like_jpeg(std::string_view bytes);  // SOI marker at the start, EOI at the end

}  // namespace userphoto::cache
