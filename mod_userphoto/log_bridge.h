// Connects the core's Logger to httpd's error log.
#pragma once
#include "glue.h"
#include "log.h"

namespace userphoto::glue {

Logger request_logger(request_rec* r);
Logger server_logger(server_rec* s);

}  // namespace userphoto::glue
