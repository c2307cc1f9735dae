#pragma once
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark_data/data_files.hpp"

namespace hwnas {

// A whole CSV file in memory (comma-separated, one header row, no quoting: the
// benchmark files need none; the last line must end with a newline, so a
// truncated file is not mistaken for a shorter number). Every accessor that can
// fail throws InputError naming the file, the line, the column number and the
// column name.
class CsvFile {
public:
  // Reads `path` with read_data_file (plain or .gz, regular files only, bounded).
  explicit CsvFile(const std::filesystem::path& path);
  // Parses `content`; `source` names it in messages (a file path).
  CsvFile(std::string source, std::string content);
  CsvFile(std::string source, FileBytes content);
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;

  const std::string& path() const { return path_; }
  std::size_t rows() const { return rows_; }
  const std::vector<std::string_view>& header() const { return header_; }

  // Fails unless the header is exactly `columns`, in order; the one-line message
  // names the first column that differs.
  void expect_header(const std::vector<std::string>& columns) const;
  void expect_rows(std::size_t n) const;
  // Fails unless column `col` of every row equals the row number (0, 1, 2, ...).
  void expect_row_numbers(std::size_t col) const;

  std::string_view text(std::size_t row, std::size_t col) const {
    const std::size_t k = row * (header_.size() + 1) + col;
    return {content_.view().data() + starts_[k], starts_[k + 1] - 1 - starts_[k]};
  }
  double number(std::size_t row, std::size_t col) const;
  long integer(std::size_t row, std::size_t col) const;

  // "file:line:column (name)" for error messages; line counts the header as 1.
  std::string where(std::size_t row, std::size_t col) const;

private:
  std::string path_;
  FileBytes content_;  // owns the bytes the string_views point into
  std::vector<std::string_view> header_;
  // Row-major field start offsets into content_, header_.size() + 1 per row
  // (the last one is one past the row's end): compact, since the big files
  // have hundreds of thousands of fields.
  std::vector<std::uint32_t> starts_;
  std::size_t rows_ = 0;
};

}  // namespace hwnas
