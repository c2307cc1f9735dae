#include "benchmark_data/csv.hpp"

#include <charconv>
#include <cmath>
#include <algorithm>
#include <cstdint>
#include <limits>

#include "benchmark_data/data_files.hpp"
#include "core/error.hpp"

namespace hwnas {
namespace {

// Appends the start offset of each comma-separated field of `line` (which
// begins at `offset` in the file) to `starts`, then one past the line's end as
// if a comma followed it, so field k spans [starts[k], starts[k + 1] - 1).
// Returns how many fields.
std::size_t split_into(std::string_view line, std::uint32_t offset, std::vector<std::uint32_t>& starts) {
  std::size_t n = 1;
  starts.push_back(offset);
  for (std::size_t comma = line.find(','); comma != std::string_view::npos; comma = line.find(',', comma + 1), ++n) {
    starts.push_back(offset + static_cast<std::uint32_t>(comma + 1));
  }
  starts.push_back(offset + static_cast<std::uint32_t>(line.size() + 1));
  return n;
}

}  // namespace

CsvFile::CsvFile(const std::filesystem::path& path) : CsvFile(path.string(), map_data_file(path)) {}

CsvFile::CsvFile(std::string source, std::string content) : CsvFile(std::move(source), FileBytes(std::move(content))) {}

CsvFile::CsvFile(std::string source, FileBytes content) : path_(std::move(source)), content_(std::move(content)) {
  const std::string_view all = content_.view();
  if (all.empty()) throw InputError(path_ + ": file is empty");
  if (all.size() >= std::numeric_limits<std::uint32_t>::max()) throw InputError(path_ + ": larger than 4 GiB");
  if (all.substr(0, 3) == "\xEF\xBB\xBF") {
    throw InputError(path_ + ":1: starts with a UTF-8 byte-order mark; save the file as UTF-8 without BOM");
  }
  if (all.back() != '\n') {
    throw InputError(path_ + ": the last line does not end with a newline (file truncated?)");
  }
  std::size_t line_no = 0, pos = 0;
  while (pos < all.size()) {
    std::size_t end = all.find('\n', pos);
    if (end == std::string_view::npos) end = all.size();
    std::string_view line = all.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    pos = end + 1;
    const auto offset = static_cast<std::uint32_t>(line.data() - all.data());
    if (line_no == 1) {
      std::vector<std::uint32_t> starts;
      split_into(line, offset, starts);
      for (std::size_t i = 0; i + 1 < starts.size(); ++i) header_.push_back(all.substr(starts[i], starts[i + 1] - 1 - starts[i]));
      // Every row has as many fields as the header, one row per remaining line.
      const auto lines = static_cast<std::size_t>(std::count(all.begin() + pos, all.end(), '\n'));
      starts_.reserve((header_.size() + 1) * lines);
      continue;
    }
    if (line.empty()) {
      if (pos >= all.size()) break;  // one trailing newline is fine
      throw InputError(path_ + ":" + std::to_string(line_no) + ": empty line");
    }
    const std::size_t fields = split_into(line, offset, starts_);
    if (fields != header_.size()) {
      throw InputError(path_ + ":" + std::to_string(line_no) + ": " + std::to_string(fields) +
                       " fields, but the header has " + std::to_string(header_.size()) + " (file truncated?)");
    }
    ++rows_;
  }
}

void CsvFile::expect_header(const std::vector<std::string>& columns) const {
  const std::size_t n = std::max(columns.size(), header_.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::string want = i < columns.size() ? "'" + columns[i] + "'" : "nothing";
    const std::string got = i < header_.size() ? "'" + std::string(header_[i]) + "'" : "nothing";
    if (want != got) {
      std::string all;
      for (const auto& c : columns) all += (all.empty() ? "" : ",") + c;
      throw InputError(path_ + ":1: unexpected header: column " + std::to_string(i + 1) + " is " + got + ", expected " +
                       want + " (the header must be: " + all + ")");
    }
  }
}

void CsvFile::expect_rows(std::size_t n) const {
  if (rows_ != n) {
    throw InputError(path_ + ": expected " + std::to_string(n) + " data rows, found " + std::to_string(rows_) + " (file truncated or wrong file?)");
  }
}

void CsvFile::expect_row_numbers(std::size_t col) const {
  for (std::size_t r = 0; r < rows_; ++r) {
    if (integer(r, col) != static_cast<long>(r)) {
      throw InputError(where(r, col) + ": expected " + std::to_string(r) + " (rows must be in index order), found '" +
                       std::string(text(r, col)) + "'");
    }
  }
}

double CsvFile::number(std::size_t row, std::size_t col) const {
  const std::string_view s = text(row, col);
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
    throw InputError(where(row, col) + ": expected a finite number, found '" + std::string(s) + "'");
  }
  return value;
}

long CsvFile::integer(std::size_t row, std::size_t col) const {
  const std::string_view s = text(row, col);
  long value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    throw InputError(where(row, col) + ": expected an integer, found '" + std::string(s) + "'");
  }
  return value;
}

std::string CsvFile::where(std::size_t row, std::size_t col) const {
  return path_ + ":" + std::to_string(row + 2) + ":" + std::to_string(col + 1) + " (" + std::string(header_[col]) + ")";
}

}  // namespace hwnas
