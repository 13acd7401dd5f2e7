// httpd glue of the Salesforce Connect photo endpoint (SetHandler userphoto-chatter): its
// directives, per-child writer and the handler.
#pragma once
#include "glue.h"

namespace userphoto::glue {

// Directive setters (listed in config_directives.cc's table).
extern "C" const char* set_chatter_id_attribute(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* set_upload_attributes(cmd_parms* cmd, void*, const char* large, const char* thumb);
extern "C" const char* add_admin_user(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* set_max_upload(cmd_parms* cmd, void* dir, const char* arg);
extern "C" const char* set_max_upload_pixels(cmd_parms* cmd, void*, const char* arg);

// child_init: the photo writer and link signer of one server, next to its photo service.
void create_chatter_runtime(Runtime& runtime, const ServerConfig& config, const ResolvedSettings& settings,
                            const std::shared_ptr<directory::Directory>& directory);

int serve_chatter(request_rec* r);

}  // namespace userphoto::glue
