#include "service/windows_logins.h"

#include <algorithm>

namespace userphoto {

std::vector<LoginMatch> windows_login_matches(std::string_view name) {
    std::vector<LoginMatch> out;
    if (size_t slash = name.find('\\'); slash != std::string_view::npos) {
        std::string_view user = name.substr(slash + 1);
        if (slash > 0 && !user.empty() && user.find('\\') == std::string_view::npos)
            out.push_back({"sAMAccountName", std::string(user)});
        return out;
    }
    size_t at = name.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == name.size()) return out;
    std::string_view realm = name.substr(at + 1);
    if (std::any_of(realm.begin(), realm.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return out;
    out.push_back({"userPrincipalName", std::string(name)});
    out.push_back({"sAMAccountName", std::string(name.substr(0, at))});
    return out;
}

}  // namespace userphoto
