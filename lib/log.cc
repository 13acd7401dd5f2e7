#include "log.h"

namespace userphoto {

void Logger::write(LogLevel level, std::string_view msg) const {
    if (sink_) sink_(level, msg);
}

}  // namespace userphoto
