#include "log_bridge.h"

#include <string>

namespace userphoto::glue {
namespace {

int apache_level(LogLevel level) {
    switch (level) {
        case LogLevel::Error: return APLOG_ERR;
        case LogLevel::Warn: return APLOG_WARNING;
        case LogLevel::Info: return APLOG_INFO;
        case LogLevel::Debug: return APLOG_DEBUG;
    }
    return APLOG_ERR;
}

}  // namespace

Logger request_logger(request_rec* r) {
    return Logger([r](LogLevel level, std::string_view msg) {
        std::string text(msg);
        ap_log_rerror(APLOG_MARK, apache_level(level), 0, r, "%s", text.c_str());
    });
}

Logger server_logger(server_rec* s) {
    return Logger([s](LogLevel level, std::string_view msg) {
        std::string text(msg);
        ap_log_error(APLOG_MARK, apache_level(level), 0, s, "%s", text.c_str());
    });
}

}  // namespace userphoto::glue
