// Filter building from request values (escaping) and the syntax check of configured filters.
// Input: <attribute>\0<value>\0<base filter>; the whole input is also checked as a filter.
#include <string>

#include "directory/filter.h"
#include "fuzz/fuzz_targets.h"

namespace userphoto::fuzz {

void ldap_filter(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string error;
    if (!directory::is_valid_filter(input, &error)) check(!error.empty(), "a refused filter comes with a message");

    auto first = input.find('\0');
    std::string_view attribute = input.substr(0, first);
    std::string_view rest = first == std::string_view::npos ? std::string_view() : input.substr(first + 1);
    auto second = rest.find('\0');
    std::string_view value = rest.substr(0, second);
    std::string_view base = second == std::string_view::npos ? std::string_view() : rest.substr(second + 1);

    // Escaping alone must always give a value that is safe inside any filter.
    std::string escaped = directory::escape_filter_value(value);
    check(escaped.find_first_of(std::string_view("*()\0", 4)) == std::string::npos,
          "escaped values carry no filter metacharacters");
    if (directory::is_valid_attribute_name(attribute) && !escaped.empty())
        check(directory::is_valid_filter("(" + std::string(attribute) + "=" + escaped + ")"),
              "an escaped equality is a valid filter");

    if (!base.empty() && !directory::is_valid_filter(base)) return;  // the glue refuses such configs
    auto built = directory::equality_filter(attribute, value, base);
    if (!built) return;
    check(directory::is_valid_filter(*built), "built filters are valid");
    check(!value.empty() && value.size() <= directory::kMaxFilterValueLength, "built filters respect the value cap");
}

}  // namespace userphoto::fuzz
