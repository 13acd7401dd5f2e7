// httpd glue of the Microsoft Graph photo endpoint (SetHandler userphoto-graph): its directives and
// the handler (its writer comes from the runtime builder).
#pragma once
#include "glue.h"

namespace userphoto::glue {

// Directive setters (listed in config_directives.cc's table).
extern "C" const char* set_graph_id_attribute(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* set_graph_upn_attribute(cmd_parms* cmd, void*, const char* arg);

int serve_graph(request_rec* r);

}  // namespace userphoto::glue
