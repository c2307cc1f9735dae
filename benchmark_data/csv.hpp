#pragma once
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

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

  const std::string& path() const { return path_; }
  std::size_t rows() const { return rows_.size(); }
  const std::vector<std::string_view>& header() const { return header_; }

  // Fails unless the header is exactly `columns`, in order; the one-line message
  // names the first column that differs.
  void expect_header(const std::vector<std::string>& columns) const;
  void expect_rows(std::size_t n) const;
  // Fails unless column `col` of every row equals the row number (0, 1, 2, ...).
  void expect_row_numbers(std::size_t col) const;

  std::string_view text(std::size_t row, std::size_t col) const { return rows_[row][col]; }
  double number(std::size_t row, std::size_t col) const;
  long integer(std::size_t row, std::size_t col) const;

  // "file:line:column (name)" for error messages; line counts the header as 1.
  std::string where(std::size_t row, std::size_t col) const;

private:
  std::string path_;
  std::string content_;  // owns the bytes the string_views point into
  std::vector<std::string_view> header_;
  std::vector<std::vector<std::string_view>> rows_;
};

}  // namespace hwnas
