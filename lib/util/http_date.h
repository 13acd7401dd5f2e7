// RFC 1123 dates for Expires / Last-Modified, without httpd.
#pragma once
#include <ctime>
#include <string>

namespace userphoto {

std::string http_date(std::time_t when);  // "Sun, 06 Nov 1994 08:49:37 GMT"

}  // namespace userphoto
