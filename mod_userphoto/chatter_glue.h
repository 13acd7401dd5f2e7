// httpd glue of the Salesforce Connect photo endpoint (SetHandler userphoto-chatter): its
// directives and the handler (its writer and link signer come from the runtime builder).
#pragma once
#include "glue.h"

namespace userphoto::glue {

// Directive setters (listed in config_directives.cc's table).
extern "C" const char* set_chatter_id_attribute(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* set_upload_attributes(cmd_parms* cmd, void*, const char* large, const char* thumb);
extern "C" const char* add_admin_user(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* set_max_upload(cmd_parms* cmd, void* dir, const char* arg);
extern "C" const char* set_max_upload_pixels(cmd_parms* cmd, void*, const char* arg);

int serve_chatter(request_rec* r);

}  // namespace userphoto::glue
