#pragma once
#include <optional>
#include <string>
#include <vector>

#include "benchmark/benchmark.hpp"

namespace hwnas {


// The architecture `text` names in `bench`'s space: an index (enumerable spaces;
// a plain non-negative number) or the space's arch string. InputError otherwise.
Arch parse_arch_or_index(const Benchmark& bench, const std::string& text);

// An architecture list (query --archs, measure --archs): one architecture per
// line in any form parse_arch_or_index takes; blank lines, a trailing \r and
// lines starting with '#' are skipped; a bad line is an InputError
// "NAME:LINE: ...". The one reader of such files; it holds the text and walks
// it again from the start after rewind(), so a caller can check every line
// before it prints anything and still stream its answers.
class ArchLines {
public:
  // `bench` must outlive it; `name` names the text in messages.
  ArchLines(const Benchmark& bench, std::string text, std::string name);
  void rewind() {
    at_ = 0;
    line_ = 0;
  }
  // The next architecture and its line number; false at the end.
  bool next(Arch& arch, std::size_t& line);

private:
  const Benchmark& bench_;
  std::string text_, name_;
  std::size_t at_ = 0, line_ = 0;
};

// The architecture list at `path`: a regular file of at most
// kMaxDataFileBytes, or standard input for "-" (named "<stdin>" in messages).
// InputError otherwise. `bench` must outlive it.
ArchLines read_arch_list(const Benchmark& bench, const std::string& path);

}  // namespace hwnas
