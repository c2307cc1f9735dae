#pragma once
#include "search/searcher.hpp"

namespace hwnas {

// Uniformly random architectures until the budget is spent.
class RandomSearch final : public Searcher {
public:
  std::string name() const override { return "random"; }
  void run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) override;
};

}  // namespace hwnas
