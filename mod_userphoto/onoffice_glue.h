// The userphoto-onoffice handler: moves bytes between httpd and lib/protocol/onoffice.
#pragma once
#include "glue.h"

namespace userphoto::glue {

int serve_onoffice(request_rec* r);

}  // namespace userphoto::glue
