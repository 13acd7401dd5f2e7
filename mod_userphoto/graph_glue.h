// httpd glue of the Microsoft Graph photo endpoint (SetHandler userphoto-graph): its directives,
// its per-child writer and the handler.
#pragma once
#include "glue.h"

namespace userphoto::glue {

// Directive setters (listed in config_directives.cc's table).
extern "C" const char* set_graph_id_attribute(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* set_graph_upn_attribute(cmd_parms* cmd, void*, const char* arg);

// child_init: the writer whose lookups report the Graph object id, next to the photo service.
void create_graph_runtime(Runtime& runtime, const ServerConfig& config, const ResolvedSettings& settings,
                          const std::shared_ptr<directory::Directory>& directory);

int serve_graph(request_rec* r);

}  // namespace userphoto::glue
