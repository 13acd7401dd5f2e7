#include "config/validators.h"

#include "directory/filter.h"
#include "directory/settings_check.h"

namespace userphoto::config {

std::string attribute_name_problem(std::string_view name) {
    if (directory::is_valid_attribute_name(name)) return {};
    return "not an LDAP attribute name: " + std::string(name);
}

std::optional<directory::LdapUrl> parse_directory_url(std::string_view text, std::string* problem) {
    return directory::parse_ldap_url(text, problem);
}

std::optional<directory::BindMechanism> parse_bind_mechanism(std::string_view text) {
    directory::BindMechanism mechanism;
    if (!directory::parse_bind_mechanism(std::string(text), &mechanism)) return std::nullopt;
    return mechanism;
}

std::optional<directory::WatchMode> parse_watch_mode(std::string_view text) {
    return directory::parse_watch_mode(text);
}

bool watch_interval_allowed(int ms) {
    return ms >= directory::kMinWatchIntervalMs && ms <= directory::kMaxWatchIntervalMs;
}

ConnectionCheck check_connection_settings(const directory::Settings& settings) {
    directory::SettingsCheck check = directory::check_settings(settings);
    return {std::move(check.errors), std::move(check.warnings)};
}

}  // namespace userphoto::config
