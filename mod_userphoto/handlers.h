#pragma once
#include "glue.h"

namespace userphoto::glue {

// The handler hook: DECLINED unless r->handler names one of ours.
int handle_request(request_rec* r);

}  // namespace userphoto::glue
