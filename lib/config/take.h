// The one merge rule of every setting: an inner scope's value wins when it set one (std::optional
// is the unset sentinel), otherwise the outer scope's value stands.
#pragma once
#include <optional>

namespace userphoto {

template <typename T>
void take(std::optional<T>& into, const std::optional<T>& base, const std::optional<T>& add) {
    into = add ? add : base;
}

}  // namespace userphoto
