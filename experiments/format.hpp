#pragma once
#include <charconv>
#include <optional>
#include <string>

namespace hwnas {

// Shortest text that reads back as the same double (like Python's repr), so
// printed benchmark values are the upstream values to the last bit.
inline std::string exact(double value) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

// Fixed-point with `digits` decimals, for tables meant for reading.
std::string fixed(double value, int digits);
inline std::string fixed_or(const std::optional<double>& value, int digits, const std::string& missing = "-") {
  return value ? fixed(*value, digits) : missing;
}

}  // namespace hwnas
