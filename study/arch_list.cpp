// hwnas's answers about architectures (query.hpp): one architecture's every
// metric, and the architecture-list reader; the `hwnas query` command is query_command.cpp.
#include "study/arch_list.hpp"

#include <charconv>
#include <cmath>
#include <iostream>
#include <sstream>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "core/format.hpp"

namespace hwnas {

ArchLines::ArchLines(const Benchmark& bench, std::string text, std::string name)
    : bench_(bench), text_(std::move(text)), name_(std::move(name)) {}

bool ArchLines::next(Arch& arch, std::size_t& line) {
  while (at_ < text_.size()) {
    const std::size_t end = std::min(text_.find('\n', at_), text_.size());
    std::string_view view(text_.data() + at_, end - at_);
    at_ = end + 1;
    ++line_;
    if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
    if (view.empty() || view.front() == '#') continue;  // blank lines and comments are skipped
    try {
      arch = parse_arch_or_index(bench_, std::string(view));
    } catch (const InputError& e) {
      throw InputError(name_ + ":" + std::to_string(line_) + ": " + e.what());
    }
    line = line_;
    return true;
  }
  return false;
}

ArchLines read_arch_list(const Benchmark& bench, const std::string& path) {
  // A file is read through the same checks as data files (regular file, bounded size).
  if (path != "-") return ArchLines(bench, read_data_file(path), path);
  std::string text;
  char buffer[1 << 16];
  while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > kMaxDataFileBytes) {
      throw InputError("<stdin> holds more than " + std::to_string(kMaxDataFileBytes >> 20) + " MiB: give a file, or split it");
    }
  }
  return ArchLines(bench, std::move(text), "<stdin>");
}

Arch parse_arch_or_index(const Benchmark& bench, const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos && bench.space().cardinality()) {
    std::int64_t index = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
    if (ec != std::errc() || end != text.data() + text.size()) throw InputError("index " + text + " is out of range");
    return bench.space().at_user_index(index);
  }
  return bench.space().parse(text);
}

}  // namespace hwnas
