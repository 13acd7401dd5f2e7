// httpd glue of the EWS endpoint (SetHandler userphoto-ews): the handler, its access rule
// (UserPhotoEWSAllowAnonymous and its start-up warning) and the challenge added to the codec's 401.
#pragma once
#include "glue.h"
#include "protocol/http_exchange.h"

namespace userphoto::glue {

// UserPhotoEWSAllowAnonymous on|off (server, vhost, dir). Remembers where it was turned on.
extern "C" const char* set_ews_allow_anonymous(cmd_parms* cmd, void* dir, int on);

// pre_config: forget the previous reading of the configuration.
void forget_anonymous_ews_locations();
// post_config: one warning per place that turned anonymous EWS on.
void warn_anonymous_ews_locations(server_rec* main_server);

// The codec answered 401: when the location has an AuthType, let its module add the challenge
// (WWW-Authenticate); without one there is nothing sensible to ask for.
void add_auth_challenge(request_rec* r, const HttpResponse& response);

// The handler of SetHandler userphoto-ews (SOAP and REST GetUserPhoto).
int serve_ews(request_rec* r);

}  // namespace userphoto::glue
