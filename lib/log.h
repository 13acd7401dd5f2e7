// Logging without httpd: the core reports through a callback that the glue connects to
// ap_log_rerror / ap_log_error. Tests connect it to a vector or to nothing.
#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace userphoto {

enum class LogLevel { Error, Warn, Info, Debug };

using LogSink = std::function<void(LogLevel, std::string_view)>;

// A cheap, copyable handle; an empty sink drops everything.
class Logger {
public:
    Logger() = default;
    explicit Logger(LogSink sink) : sink_(std::move(sink)) {}

    void error(std::string_view msg) const { write(LogLevel::Error, msg); }
    void warn(std::string_view msg) const { write(LogLevel::Warn, msg); }
    void info(std::string_view msg) const { write(LogLevel::Info, msg); }
    void debug(std::string_view msg) const { write(LogLevel::Debug, msg); }
    void write(LogLevel level, std::string_view msg) const;

private:
    LogSink sink_;
};

}  // namespace userphoto
