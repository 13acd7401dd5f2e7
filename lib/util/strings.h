// Small string helpers shared by the codecs and the service.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace userphoto {

std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool iends_with(std::string_view s, std::string_view suffix);
std::string_view trim(std::string_view s);
std::vector<std::string> split_ws(std::string_view s);

// application/x-www-form-urlencoded decoding ('+' is a space); nullopt-free: bad escapes are kept literally.
std::string url_decode(std::string_view s);
// 0-15 for a hexadecimal digit (either case), -1 for anything else.
int hex_value(char c);
std::string url_encode(std::string_view s);

// Query string → ordered list of (decoded name, decoded value).
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

// XML text escaping for element content and attribute values.
std::string xml_escape(std::string_view s);

// Case-insensitive ordering, for HTTP header maps.
struct CaseInsensitiveLess {
    bool operator()(const std::string& a, const std::string& b) const;
};
using HeaderMap = std::map<std::string, std::string, CaseInsensitiveLess>;

}  // namespace userphoto
