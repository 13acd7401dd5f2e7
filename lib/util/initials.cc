#include "util/initials.h"

#include <cctype>

namespace userphoto {

std::string initials_of(std::string_view name) {
    std::string first, last;
    bool at_word_start = true;
    for (char c : name) {
        const bool letter = std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80;
        if (letter && at_word_start) {
            const char up = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (first.empty()) first = up;
            else last = up;
        }
        at_word_start = c == ' ' || c == '\t' || c == '-' || c == '.' || c == '_';
    }
    return first + last;
}

}  // namespace userphoto
