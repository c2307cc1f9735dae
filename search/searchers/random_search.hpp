#pragma once
#include "search/searcher.hpp"

namespace hwnas {

// Uniformly random architectures until the budget is spent.
class RandomSearch final : public Searcher {
public:
  // `initial`: architectures queried first, in order (a warm start).
  explicit RandomSearch(std::vector<Arch> initial = {}) : initial_(std::move(initial)) {}
  std::string name() const override { return "random"; }
  void run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) override;

private:
  std::vector<Arch> initial_;
};

}  // namespace hwnas
