// The userphoto-onoffice handler: moves bytes between httpd and lib/protocol/onoffice.
#pragma once
#include "glue.h"

namespace userphoto::glue {

// Directive setters (listed in config_directives.cc's table).
extern "C" const char* set_onoffice_max_records(cmd_parms* cmd, void* dir, const char* arg);
extern "C" const char* set_onoffice_max_response_bytes(cmd_parms* cmd, void* dir, const char* arg);

int serve_onoffice(request_rec* r);

}  // namespace userphoto::glue
