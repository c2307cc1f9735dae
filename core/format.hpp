#pragma once
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string_view>
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

// exact(), or empty for NaN (a value that does not exist, e.g. the accuracy of
// a search without one), as CSV cells leave missing values.
inline std::string exact_or_empty(double value) { return std::isnan(value) ? std::string() : exact(value); }

// Fixed-point with `digits` decimals, for tables meant for reading.
std::string fixed(double value, int digits);
inline std::string fixed_or(const std::optional<double>& value, int digits, const std::string& missing = "-") {
  return value ? fixed(*value, digits) : missing;
}

// "a,b,c" -> {a, b, c}; an empty item (",," or a trailing comma) or one listed
// twice is an InputError.
std::vector<std::string> split_list(const std::string& text);

// Numbers typed by the user. A whole number is decimal digits only (no sign,
// no 0x, no spaces, no exponent); a real number is what std::from_chars reads
// (decimal or exponent form, a leading '-' but no '+', no hex) and finite.
// Outside the range, or not such a number: InputError
// "<what>: expected <kind> in <range>, found '<text>'".
struct RealRange {
  double lo, hi;
  bool lo_open = false;  // (lo, hi] instead of [lo, hi]
  std::string str() const;
};
std::uint64_t parse_whole(std::string_view text, std::uint64_t lo, std::uint64_t hi, const std::string& what);
double parse_real(std::string_view text, const RealRange& range, const std::string& what);

// Columns aligned for a terminal: text left, everything else right.
class TextTable {
public:
  explicit TextTable(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string str() const;

private:
  std::vector<std::vector<std::string>> rows_;
};

// Writes `text` to `out` (standard output, or a stream of the same kind) and
// empties it; OutputError "cannot write to DESTINATION: reason" when the stream
// fails (a full disk, a file-size limit), with the reason read at once.
void write_checked(std::ostream& out, std::string& text, const std::string& destination);

// The same layout as TextTable for a table too long to hold: row(i) gives row
// i's cells. It is called for i = 0 .. rows-1 in order, twice over (a first
// pass for the column widths, a second to write), so memory does not grow with
// the number of rows. Written to `out` as it goes through write_checked.
void write_table(std::ostream& out, const std::vector<std::string>& header, std::size_t rows,
                 const std::function<std::vector<std::string>(std::size_t)>& row);

}  // namespace hwnas
