#pragma once
#include <charconv>
#include <optional>
#include <string>
#include <vector>

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

// "a,b,c" -> {a, b, c}; an empty item (",," or a trailing comma) is an InputError.
std::vector<std::string> split_list(const std::string& text);

// Columns aligned for a terminal: text left, everything else right.
class TextTable {
public:
  explicit TextTable(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string str() const;

private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace hwnas
