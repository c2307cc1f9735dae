#pragma once
// Kinds of failure, told apart at the CLI edge: InputError is the user's (bad
// option, bad file, bad arch string; exit code 2); OutputError is a file that
// could not be written (full disk, no permission; exit code 1, with the path
// and the reason); anything else is ours (exit code 1). Messages carry their
// own context: file:line:column, the bad value and what was expected.
#include <stdexcept>
#include <string>

namespace hwnas {

class InputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class OutputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
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
