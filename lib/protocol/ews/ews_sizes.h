// EWS photo size codes ("HR240x240") → square edge in pixels.
#pragma once
#include <optional>
#include <string_view>

namespace userphoto::ews {

// The largest listed size: what "HR1024xN" / "HR1920xN" ("largest available") are answered with.
inline constexpr int kLargestEdge = 648;

enum class SizeCodeCase { Exact, Insensitive };

// SOAP compares exactly (the schema enumeration is case-sensitive); REST ignores case
// ("HR48X48" is valid there). nullopt for an unknown code.
std::optional<int> edge_for_size_code(std::string_view code, SizeCodeCase match) noexcept;

}  // namespace userphoto::ews
