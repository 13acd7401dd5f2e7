// Checks of directive values that need no network, for the glue's setters: the glue reaches the
// directory's syntax rules through here, never by including lib/directory/ itself.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "directory/directory.h"
#include "directory/ldap_url.h"
#include "directory/watch_settings.h"

namespace userphoto::config {

// "" when `name` is an LDAP attribute name (RFC 4512 descriptor or numeric OID), else the message.
std::string attribute_name_problem(std::string_view name);

// UserPhotoLDAPURL: the RFC 4516 URL, or nullopt with *problem saying what is wrong.
std::optional<directory::LdapUrl> parse_directory_url(std::string_view text, std::string* problem);

// UserPhotoLDAPBindMechanism: "simple", "GSSAPI" or "EXTERNAL" (any case); nullopt otherwise.
std::optional<directory::BindMechanism> parse_bind_mechanism(std::string_view text);

// UserPhotoDirectoryWatch: "auto", "syncrepl", "poll" or "off" (any case); nullopt otherwise.
std::optional<directory::WatchMode> parse_watch_mode(std::string_view text);

// UserPhotoDirectoryWatchInterval: within the watcher's bounds (250 ms to one hour).
bool watch_interval_allowed(int ms);

// Start-up checks of one server's transport and bind settings (files readable, the mechanism's
// prerequisites, StartTLS together with ldaps://): errors refuse the start, warnings are logged.
struct ConnectionCheck {
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
};
ConnectionCheck check_connection_settings(const directory::Settings& settings);

}  // namespace userphoto::config
