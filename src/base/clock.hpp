#pragma once
// The time now, as the project file writes it.

#include <chrono>
#include <ctime>
#include <string>

namespace inzicht {

// Now in ISO 8601, UTC, to the second ("2025-03-01T12:00:00Z").
inline std::string now_utc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace inzicht
