// What the cache keeps, and its byte form for the shared tier. Records carry their own key so a
// hashed store key that collides is detected rather than served.
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

    bool negative() const { return status != PhotoStatus::Ok; }
};

// One rendered size of one photo version.
struct Rendition {
    std::string jpeg;
    int edge = 0;
};

std::string serialize(std::string_view key, const PersonMeta& meta);
std::optional<PersonMeta> parse_meta(std::string_view key, std::string_view bytes);

std::string serialize(std::string_view key, const Rendition& rendition);
std::optional<Rendition> parse_rendition(std::string_view key, std::string_view bytes);

}  // namespace userphoto::cache
