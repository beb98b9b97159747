#include "vrs/common/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace vrs {

bool parse_log_level(std::string_view text, LogLevel& out) noexcept {
  if (text == "debug") out = LogLevel::Debug;
  else if (text == "info") out = LogLevel::Info;
  else if (text == "warn") out = LogLevel::Warn;
  else if (text == "error") out = LogLevel::Error;
  else if (text == "off") out = LogLevel::Off;
  else return false;
  return true;
}

void init_logging(LogLevel level) {
  // Idempotent: a second call (tests, reloads) replaces the logger instead of throwing.
  spdlog::drop("vrs");
  auto logger = spdlog::stderr_logger_mt("vrs");
  // UTC ISO-8601 timestamps so lines from several machines sort together.
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  switch (level) {
    case LogLevel::Debug: logger->set_level(spdlog::level::debug); break;
    case LogLevel::Info: logger->set_level(spdlog::level::info); break;
    case LogLevel::Warn: logger->set_level(spdlog::level::warn); break;
    case LogLevel::Error: logger->set_level(spdlog::level::err); break;
    case LogLevel::Off: logger->set_level(spdlog::level::off); break;
  }
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace vrs
