#include "search/searchers/bananas.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "search/feedforward.hpp"

namespace hwnas {
namespace {

struct Queried {
  Arch arch;
  double score;
};

Eigen::MatrixXf encode(const SearchSpace& space, const std::vector<Arch>& archs) {
  const std::size_t width = space.encoding(archs.front()).size();
  Eigen::MatrixXf x(static_cast<Eigen::Index>(width), static_cast<Eigen::Index>(archs.size()));
  for (std::size_t i = 0; i < archs.size(); ++i) {
    const std::vector<float> f = space.encoding(archs[i]);
    x.col(static_cast<Eigen::Index>(i)) = Eigen::Map<const Eigen::VectorXf>(f.data(), static_cast<Eigen::Index>(f.size()));
  }
  return x;
}

}  // namespace

Bananas::Bananas(const BananasSettings& s) : settings_(s) {
  if (s.initial_samples < 1 || s.batch < 1 || s.ensemble < 1 || s.candidates < 1 || s.parents < 1 || s.layers < 1 ||
      s.width < 1 || s.epochs < 1) {
    throw InputError("bananas needs at least 1 initial sample, query per round, network, candidate, parent, layer, unit and epoch");
  }
}

void Bananas::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  std::vector<Queried> queried;
  const auto query = [&](const Arch& arch) { queried.push_back({arch, evaluator.evaluate(arch).score}); };
  while (queried.size() < settings_.initial_samples) query(sample_unseen(space, evaluator, rng));
  const FeedForwardSettings network{settings_.layers, settings_.width, settings_.epochs};
  while (!evaluator.exhausted()) {
    // 1. The ensemble, trained on everything queried so far.
    std::vector<Arch> archs;
    Eigen::VectorXf y(static_cast<Eigen::Index>(queried.size()));
    for (std::size_t i = 0; i < queried.size(); ++i) {
      archs.push_back(queried[i].arch);
      y(static_cast<Eigen::Index>(i)) = static_cast<float>(queried[i].score);
    }
    const Eigen::MatrixXf x = encode(space, archs);
    std::vector<FeedForwardNet> ensemble;
    for (std::size_t e = 0; e < settings_.ensemble; ++e) {
      ensemble.emplace_back(static_cast<std::size_t>(x.rows()), network, rng);
      ensemble.back().fit(x, y, rng);
    }
    // 2. Candidates: one mutation of the best queried architectures, new ones only. Once the best
    //    parents' neighbourhoods are used up (NB201's has 24 cells), the next best parents add theirs,
    //    until a round has `batch` new candidates.
    std::vector<std::size_t> order(queried.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return queried[a].score > queried[b].score; });
    const std::size_t per_parent = std::max<std::size_t>(1, settings_.candidates / settings_.parents);
    std::vector<Arch> candidates;
    std::unordered_set<Arch> made;
    for (std::size_t p = 0; p < order.size() && (p < settings_.parents || candidates.size() < settings_.batch); ++p) {
      for (std::size_t c = 0; c < per_parent; ++c) {
        const Arch child = space.mutate(queried[order[p]].arch, rng);
        if (!evaluator.seen(child) && made.insert(child).second) candidates.push_back(child);
      }
    }
    if (candidates.empty()) {  // every mutation of the best is known: explore instead
      query(sample_unseen(space, evaluator, rng));
      continue;
    }
    // 3. Independent Thompson sampling: one draw per candidate from N(mean, std) of the ensemble's predictions.
    const Eigen::MatrixXf cx = encode(space, candidates);
    Eigen::MatrixXf predictions(static_cast<Eigen::Index>(settings_.ensemble), cx.cols());
    for (std::size_t e = 0; e < ensemble.size(); ++e) predictions.row(static_cast<Eigen::Index>(e)) = ensemble[e].predict(cx).transpose();
    std::vector<std::pair<double, std::size_t>> draws;
    for (Eigen::Index c = 0; c < cx.cols(); ++c) {
      const double mean = predictions.col(c).cast<double>().mean();
      const double var = (predictions.col(c).cast<double>().array() - mean).square().mean();
      draws.push_back({mean + std::sqrt(var) * rng.normal(), static_cast<std::size_t>(c)});
    }
    std::stable_sort(draws.begin(), draws.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; k < std::min(settings_.batch, draws.size()); ++k) query(candidates[draws[k].second]);
  }
}

}  // namespace hwnas
