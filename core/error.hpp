#pragma once
// Kinds of failure, told apart at the CLI edge: InputError is the user's (bad
// option, bad file, bad arch string; exit code 2); OutputError is a file that
// could not be written (full disk, no permission; exit code 1, with the path
// and the reason); anything else is ours (exit code 1). Messages carry their
// own context: file:line:column, the bad value and what was expected.
#include <stdexcept>
#include <string>
#include <string_view>

namespace hwnas {

// A message made safe to print whole: a NUL byte (which would cut what() short)
// and every byte that is not part of valid UTF-8 (a file's raw bytes echoed back)
// become "\xHH". Other text, newlines included, is kept as it is.
inline std::string printable_message(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto hex = [&](unsigned char c) {
    static constexpr char digits[] = "0123456789abcdef";
    out += "\\x";
    out += digits[c >> 4];
    out += digits[c & 15];
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool valid = length > 0 && i + length <= text.size() && !(c == 0xc0 || c == 0xc1 || c > 0xf4);
    for (std::size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    if (c == 0 || !valid) {
      hex(c);
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

class InputError : public std::runtime_error {
public:
  explicit InputError(const std::string& message) : std::runtime_error(printable_message(message)) {}
  explicit InputError(const char* message) : std::runtime_error(printable_message(message)) {}
};

class OutputError : public std::runtime_error {
public:
  explicit OutputError(const std::string& message) : std::runtime_error(printable_message(message)) {}
  explicit OutputError(const char* message) : std::runtime_error(printable_message(message)) {}
};

// A group of processes training together (torch/distributed.hpp) that could
// not form or broke up: a peer that never joined, died or stopped answering
// within the time-out, a port in use, an unreachable address. Exit code 1; the
// message names the rank that saw it.
class DistributedError : public std::runtime_error {
public:
  explicit DistributedError(const std::string& message) : std::runtime_error(printable_message(message)) {}
};

// A failure that another process (a rank started by --nproc) already put into
// its one line, passed on as it is with that process's exit code.
class ReportedFailure : public std::runtime_error {
public:
  ReportedFailure(int code, const std::string& message) : std::runtime_error(printable_message(message)), code_(code) {}
  int code() const { return code_; }

private:
  int code_;
};

// Thrown by Evaluator::evaluate once the evaluator is exhausted: the budget is
// spent, so a searcher that keeps querying (one written in Python, say) is
// stopped instead of recording queries past its budget. Not a failure: the
// code that runs a searcher catches it and keeps the run as it stands.
class BudgetExhausted : public std::runtime_error {
public:
  BudgetExhausted() : std::runtime_error("the search budget is spent: evaluate() refuses further queries") {}
};

}  // namespace hwnas
