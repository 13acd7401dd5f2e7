#include "util/http_date.h"

#include <cstdint>
#include <cstdio>
#include <string_view>

namespace userphoto {
namespace {

// Year, month (1-12) and day (1-31) of a day count since 1970-01-01 in the proleptic Gregorian
// calendar (H. Hinnant's civil_from_days): plain arithmetic, where gmtime_r takes glibc's time
// zone lock on every call.
void civil_from_days(int64_t days, int64_t& year, unsigned& month, unsigned& day) {
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);               // [0, 146096]
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                 // [0, 365]
    const unsigned mp = (5 * doy + 2) / 153;                                      // [0, 11]
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2);
}

char* two_digits(char* out, unsigned value) {
    *out++ = static_cast<char>('0' + value / 10);
    *out++ = static_cast<char>('0' + value % 10);
    return out;
}

}  // namespace

std::string http_date(std::time_t when) {
    static const char days[][4] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
    static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const int64_t seconds = static_cast<int64_t>(when);
    int64_t day_count = seconds / 86400;
    int64_t second_of_day = seconds % 86400;
    if (second_of_day < 0) {
        second_of_day += 86400;
        --day_count;
    }
    int64_t year = 0;
    unsigned month = 0, day = 0;
    civil_from_days(day_count, year, month, day);
    const unsigned weekday = static_cast<unsigned>(((day_count % 7) + 7) % 7);
    const unsigned hour = static_cast<unsigned>(second_of_day / 3600);
    const unsigned minute = static_cast<unsigned>(second_of_day / 60 % 60);
    const unsigned second = static_cast<unsigned>(second_of_day % 60);
    char buf[64];
    if (year < 0 || year > 9999) {  // never for an Expires date; formatted as before
        std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02u:%02u:%02u GMT", days[weekday], day, months[month - 1],
                      static_cast<long long>(year), hour, minute, second);
        return buf;
    }
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    char* out = buf;
    for (char c : std::string_view(days[weekday], 3)) *out++ = c;
    *out++ = ',';
    *out++ = ' ';
    out = two_digits(out, day);
    *out++ = ' ';
    for (char c : std::string_view(months[month - 1], 3)) *out++ = c;
    *out++ = ' ';
    out = two_digits(out, static_cast<unsigned>(year / 100));
    out = two_digits(out, static_cast<unsigned>(year % 100));
    *out++ = ' ';
    out = two_digits(out, hour);
    *out++ = ':';
    out = two_digits(out, minute);
    *out++ = ':';
    out = two_digits(out, second);
    for (char c : std::string_view(" GMT")) *out++ = c;
    return std::string(buf, static_cast<size_t>(out - buf));
}

}  // namespace userphoto
