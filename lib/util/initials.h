// Initials of a name, for pictures of people without a photo.
#pragma once
#include <string>
#include <string_view>

namespace userphoto {

// "Alice Archer" → "AA", "bob" → "B", "" → "": the first letter of the first and of the last word,
// upper-cased; only ASCII letters and digits count.
std::string initials_of(std::string_view name);

}  // namespace userphoto
