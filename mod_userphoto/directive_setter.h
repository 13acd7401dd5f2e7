// What every directive setter shares: the server's config, an error message naming the directive
// (httpd adds the file and line), and the try/catch barrier that keeps exceptions out of httpd.
#pragma once
#include <exception>
#include <string>

#include "apr_strings.h"
#include "config/validators.h"
#include "glue.h"

namespace userphoto::glue {

inline ServerConfig& server_config(cmd_parms* cmd) { return server_state(cmd->server)->config; }

inline const char* error(cmd_parms* cmd, const std::string& text) {
    return apr_pstrcat(cmd->pool, cmd->directive->directive, ": ", text.c_str(), nullptr);
}

// nullptr when `name` is an LDAP attribute name, else the setter's error message.
inline const char* check_attribute(cmd_parms* cmd, const char* name) {
    const std::string problem = config::attribute_name_problem(name);
    return problem.empty() ? nullptr : error(cmd, problem);
}

template <typename F>
const char* guarded(cmd_parms* cmd, F&& body) {
    try {
        return body();
    } catch (const std::exception& e) {
        return error(cmd, std::string("internal error: ") + e.what());
    } catch (...) {
        return error(cmd, "internal error");
    }
}

}  // namespace userphoto::glue
