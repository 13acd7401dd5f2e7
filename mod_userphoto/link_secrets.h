// The key of every signed photo link (Salesforce e-mail links, onOffice photo links) and of the
// shared cache's record MACs: UserPhotoLinkSecret, or one random secret per httpd parent.
#pragma once
#include "glue.h"

namespace userphoto::glue {

extern "C" const char* set_link_secret(cmd_parms* cmd, void*, const char* arg);

// post_config, in the parent: servers without UserPhotoLinkSecret get one random secret, so every
// child signs and checks links alike. It is made once per httpd parent and survives graceful
// restarts; a warning at start-up says that it is in use.
void ensure_link_secrets(server_rec* main_server);

}  // namespace userphoto::glue
