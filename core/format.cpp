#include "core/format.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>

#include <ostream>
#include <sstream>

#include "core/error.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace hwnas {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (item.empty()) throw InputError("empty item in the list '" + text + "'");
    // A list names things to run or report once each: a repeat is a typo, not twice the work.
    if (std::find(items.begin(), items.end(), item) != items.end()) {
      throw InputError("'" + item + "' is listed twice in '" + text + "'");
    }
    items.push_back(item);
  }
  if (!text.empty() && text.back() == ',') throw InputError("empty item in the list '" + text + "'");
  return items;
}

std::string RealRange::str() const {
  return (lo_open ? "(" : "[") + exact(lo) + ", " + exact(hi) + "]";
}

std::uint64_t parse_whole(std::string_view text, std::uint64_t lo, std::uint64_t hi, const std::string& what) {
  std::uint64_t value = 0;
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!digits || ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi) {
    throw InputError(what + ": expected a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                     "], found '" + std::string(text) + "'");
  }
  return value;
}

double parse_real(std::string_view text, const RealRange& range, const std::string& what) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool in_range = (range.lo_open ? value > range.lo : value >= range.lo) && value <= range.hi;
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) || !in_range) {
    throw InputError(what + ": expected a number in " + range.str() + ", found '" + std::string(text) + "'");
  }
  return value;
}

std::string fixed(double value, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  return buf;
}

namespace {
bool numeric_cell(const std::string& s) {
  return !s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '+');
}
void widen(std::vector<std::size_t>& width, const std::vector<std::string>& row) {
  if (width.size() < row.size()) width.resize(row.size(), 0);
  for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
}
void append_row(std::string& out, const std::vector<std::size_t>& width, const std::vector<std::string>& row) {
  for (std::size_t c = 0; c < row.size(); ++c) {
    const std::string pad(width[c] - row[c].size(), ' ');
    if (c) out += "  ";
    out += numeric_cell(row[c]) ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : "");
  }
  out += '\n';
}
}  // namespace

std::string TextTable::str() const {
  std::vector<std::size_t> width;
  for (const auto& row : rows_) widen(width, row);
  std::string out;
  for (const auto& row : rows_) append_row(out, width, row);
  return out;
}

void write_table(std::ostream& out, const std::vector<std::string>& header, std::size_t rows,
                 const std::function<std::vector<std::string>(std::size_t)>& row) {
  std::vector<std::size_t> width;
  widen(width, header);
  for (std::size_t i = 0; i < rows; ++i) widen(width, row(i));
  std::string text;
  append_row(text, width, header);
  for (std::size_t i = 0; i < rows; ++i) {
    append_row(text, width, row(i));
    if (text.size() >= (1u << 16)) write_checked(out, text, "standard output");
  }
  write_checked(out, text, "standard output");
}

void write_checked(std::ostream& out, std::string& text, const std::string& destination) {
  errno = 0;
  out << text;
  text.clear();
  // The reason is read at once: by the end of the command errno says nothing any more.
  if (!out) throw OutputError("cannot write to " + destination + ": " + std::strerror(errno ? errno : EIO));
}

}  // namespace hwnas
