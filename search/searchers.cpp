#include <algorithm>
#include <cmath>
#include <deque>
#include <mutex>

#include "core/error.hpp"
#include "search/nsga2.hpp"
#include "search/pareto_selection.hpp"
#include "search/random_search.hpp"
#include "search/regularized_evolution.hpp"
#include "search/reinforce.hpp"

namespace hwnas {

void RandomSearch::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  while (!evaluator.exhausted()) evaluator.evaluate(space.sample(rng));
}

RegularizedEvolution::RegularizedEvolution(std::size_t population, std::size_t sample_size)
    : population_(population), sample_size_(sample_size) {
  if (population_ < 1 || sample_size_ < 1) throw InputError("evolution needs population and sample size >= 1");
  // A tournament larger than the population always picks its best member: not the algorithm any more.
  if (sample_size_ > population_) {
    throw InputError("--sample-size " + std::to_string(sample_size_) + " is larger than --population " +
                     std::to_string(population_) + ": the tournament samples from the population");
  }
}

void RegularizedEvolution::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  struct Member {
    Arch arch;
    Evaluation eval;
  };
  std::deque<Member> population;
  while (population.size() < population_ && !evaluator.exhausted()) {
    const Arch arch = space.sample(rng);
    population.push_back({arch, evaluator.evaluate(arch)});
  }
  // In a Pareto search a member is better by its (rank, crowding) within the current population.
  ParetoRanking ranking;
  const std::vector<ParetoFitness>* fitness = nullptr;
  std::vector<const Evaluation*> evals;
  while (!evaluator.exhausted()) {
    const bool pareto = population.front().eval.objectives.size() > 1;
    if (pareto) {
      evals.clear();
      for (const Member& m : population) evals.push_back(&m.eval);
      fitness = &ranking.rank(evals);
    }
    std::size_t parent = population.size();
    for (std::size_t i = 0; i < sample_size_; ++i) {
      const std::size_t candidate = rng.below(population.size());
      const bool better = parent == population.size() ||
                          (pareto ? (*fitness)[candidate] < (*fitness)[parent]
                                  : population[candidate].eval.score > population[parent].eval.score);
      if (better) parent = candidate;
    }
    const Arch child = space.mutate(population[parent].arch, rng);
    population.push_back({child, evaluator.evaluate(child)});
    population.pop_front();
  }
}

const std::vector<ParetoFitness>& ParetoRanking::rank(std::span<const Evaluation* const> evaluations,
                                                      std::size_t needed) {
  const std::size_t n = evaluations.size();
  fitness_.assign(n, {});
  feasible_.clear();
  infeasible_.clear();
  for (std::size_t i = 0; i < n; ++i) (evaluations[i]->feasible ? feasible_ : infeasible_).push_back(i);
  // The feasible ones' objectives side by side; single-objective: the negated score is the one objective.
  std::size_t m = 1;
  for (std::size_t i : feasible_) m = std::max(m, evaluations[i]->objectives.size());
  values_.clear();
  for (std::size_t i : feasible_) {
    if (m > 1) {
      values_.insert(values_.end(), evaluations[i]->objectives.begin(), evaluations[i]->objectives.end());
    } else {
      values_.push_back(-evaluations[i]->score);
    }
  }
  const PointRows points{values_.data(), feasible_.size(), m};
  nondomination_ranks(points, ranks_, scratch_);
  int worst = -1;
  for (std::size_t k = 0; k < feasible_.size(); ++k) {
    fitness_[feasible_[k]].rank = ranks_[k];
    worst = std::max(worst, ranks_[k]);
  }
  const auto fronts = static_cast<std::size_t>(worst + 1);
  if (fronts_.size() < fronts) fronts_.resize(fronts);
  for (std::size_t r = 0; r < fronts; ++r) fronts_[r].clear();
  for (std::size_t k = 0; k < feasible_.size(); ++k) fronts_[static_cast<std::size_t>(ranks_[k])].push_back(k);
  for (std::size_t r = 0, before = 0; r < fronts && before < needed; before += fronts_[r++].size()) {
    const std::vector<std::size_t>& front = fronts_[r];
    crowding_.resize(front.size());
    crowding_distances(points, front, crowding_.data(), scratch_);
    for (std::size_t j = 0; j < front.size(); ++j) fitness_[feasible_[front[j]]].crowding = crowding_[j];
  }
  // Infeasible ones after every feasible one, the least violating (highest constrained score) first.
  std::stable_sort(infeasible_.begin(), infeasible_.end(),
                   [&](std::size_t a, std::size_t b) { return evaluations[a]->score > evaluations[b]->score; });
  for (std::size_t j = 0; j < infeasible_.size(); ++j) {
    fitness_[infeasible_[j]] = {worst + 1 + static_cast<int>(j), 0.0};
  }
  return fitness_;
}

Nsga2::Nsga2(std::size_t population, double crossover) : population_(population), crossover_(crossover) {
  if (population_ < 2) throw InputError("NSGA-II needs a population of at least 2");
  if (!(crossover_ >= 0 && crossover_ <= 1)) throw InputError("NSGA-II's crossover probability must be in [0, 1]");
}

void Nsga2::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  struct Member {
    Arch arch;
    Evaluation eval;
  };
  ParetoRanking ranking;
  std::vector<const Evaluation*> evals;
  const auto fitness_of = [&](const std::vector<Member>& members, std::size_t needed) -> const std::vector<ParetoFitness>& {
    evals.clear();
    for (const Member& m : members) evals.push_back(&m.eval);
    return ranking.rank(evals, needed);
  };
  // Two buffers with room for parents and children, so references to parents stay valid while children join.
  std::vector<Member> parents, everyone;
  parents.reserve(2 * population_);
  everyone.reserve(2 * population_);
  while (parents.size() < population_ && !evaluator.exhausted()) {
    const Arch arch = space.sample(rng);
    parents.push_back({arch, evaluator.evaluate(arch)});
  }
  const std::size_t decisions = space.num_decisions();
  // Ranks and crowding of the parents: computed once, then carried over from
  // each environmental selection, as NSGA-II does.
  std::vector<ParetoFitness> fitness = fitness_of(parents, parents.size());
  // Every member was queried, so an evaluator that knows what it has seen
  // knows the members too, and the scan of the members below is redundant.
  const bool evaluator_tracks_members = !parents.empty() && evaluator.seen(parents.front().arch);
  std::vector<std::size_t> order;
  while (!evaluator.exhausted()) {
    everyone.clear();
    std::swap(everyone, parents);  // parents first, then children
    const std::size_t parent_count = everyone.size();
    const auto tournament_of = [&]() -> const Member& {
      const std::size_t a = rng.below(parent_count), b = rng.below(parent_count);
      return fitness[b] < fitness[a] ? everyone[b] : everyone[a];
    };
    for (std::size_t c = 0; c < population_ && !evaluator.exhausted(); ++c) {
      const Member& mother = tournament_of();
      const Member& father = tournament_of();
      Arch child = mother.arch;
      if (rng.uniform() < crossover_) {
        for (std::size_t d = 0; d < decisions; ++d) {
          if (rng.below(2)) child.set(d, father.arch[d]);
        }
      }
      for (std::size_t d = 0; d < decisions; ++d) {  // each decision with probability 1/decisions
        if (rng.uniform() * static_cast<double>(decisions) < 1.0) space.redraw(child, d, rng);
      }
      // A child equal to a member or to an architecture already queried teaches
      // nothing: mutate it again (a few times at most), as NSGA-II
      // implementations for discrete problems eliminate duplicates.
      const auto known = [&] {
        return evaluator.seen(child) ||
               (!evaluator_tracks_members &&
                std::any_of(everyone.begin(), everyone.end(), [&](const Member& m) { return m.arch == child; }));
      };
      for (int retry = 0; retry < 8 && known(); ++retry) child = space.mutate(child, rng);
      everyone.push_back({child, evaluator.evaluate(child)});
    }
    // Environmental selection: the best `population` of parents and children.
    const std::vector<ParetoFitness>& all = fitness_of(everyone, population_);
    order.resize(everyone.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return all[a] < all[b] || (!(all[b] < all[a]) && a < b);  // ties by position, as a stable sort
    });
    fitness.clear();
    for (std::size_t i = 0; i < order.size() && parents.size() < population_; ++i) {
      parents.push_back(std::move(everyone[order[i]]));
      fitness.push_back(all[order[i]]);
    }
  }
}

Reinforce::Reinforce(double learning_rate, double baseline_momentum)
    : learning_rate_(learning_rate), momentum_(baseline_momentum) {
  if (!(learning_rate_ > 0)) throw InputError("REINFORCE needs a positive learning rate");
  if (!(momentum_ >= 0 && momentum_ < 1)) throw InputError("REINFORCE baseline momentum must be in [0, 1)");
}

void Reinforce::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8;  // Adam's defaults
  const std::size_t decisions = space.num_decisions();
  std::vector<std::vector<double>> logits(decisions), m(decisions), v(decisions), probs(decisions);
  for (std::size_t d = 0; d < decisions; ++d) {
    const auto n = static_cast<std::size_t>(space.num_choices(d));
    logits[d].assign(n, 0.0);
    m[d].assign(n, 0.0);
    v[d].assign(n, 0.0);
    probs[d].assign(n, 0.0);
  }
  // The EMA baseline of NATS-Bench: a bias-corrected running mean of rewards.
  double numerator = 0, denominator = 0;
  for (long step = 1; !evaluator.exhausted(); ++step) {
    Arch arch(decisions);
    for (std::size_t d = 0; d < decisions; ++d) {
      double max_logit = logits[d][0];
      for (double l : logits[d]) max_logit = std::max(max_logit, l);
      for (std::size_t c = 0; c < probs[d].size(); ++c) probs[d][c] = std::exp(logits[d][c] - max_logit);
      arch.set(d, static_cast<int>(rng.categorical(probs[d])));
      double total = 0;
      for (double p : probs[d]) total += p;
      for (double& p : probs[d]) p /= total;
    }
    const double reward = evaluator.evaluate(arch).score;
    numerator = momentum_ * numerator + (1 - momentum_) * reward;
    denominator = momentum_ * denominator + (1 - momentum_);
    const double advantage = reward - numerator / denominator;
    // Gradient of the loss -log pi(arch) * advantage with respect to the logits.
    const double correction1 = 1 - std::pow(kBeta1, static_cast<double>(step));
    const double correction2 = 1 - std::pow(kBeta2, static_cast<double>(step));
    for (std::size_t d = 0; d < decisions; ++d) {
      for (std::size_t c = 0; c < logits[d].size(); ++c) {
        const double grad = -((static_cast<int>(c) == arch[d] ? 1.0 : 0.0) - probs[d][c]) * advantage;
        m[d][c] = kBeta1 * m[d][c] + (1 - kBeta1) * grad;
        v[d][c] = kBeta2 * v[d][c] + (1 - kBeta2) * grad * grad;
        logits[d][c] -= learning_rate_ * (m[d][c] / correction1) / (std::sqrt(v[d][c] / correction2) + kEps);
      }
    }
  }
}

const std::vector<SearcherInfo>& searcher_registry() {
  static const std::vector<SearcherInfo> registry = {
      {"random", "random search", [](const SearcherSettings&) { return std::make_unique<RandomSearch>(); }},
      {"rea", "regularized evolution (Real et al. 2019)",
       [](const SearcherSettings& s) { return std::make_unique<RegularizedEvolution>(s.population, s.sample_size); }},
      {"reinforce", "REINFORCE with an EMA baseline (Williams 1992)",
       [](const SearcherSettings& s) { return std::make_unique<Reinforce>(s.learning_rate, s.baseline_momentum); }},
      {"nsga2", "NSGA-II (Deb et al. 2002)",
       [](const SearcherSettings& s) { return std::make_unique<Nsga2>(s.nsga2_population, s.crossover); }},
  };
  return registry;
}

namespace {
struct Registered {
  std::mutex mutex;
  std::vector<SearcherInfo> searchers;
};
Registered& registered() {
  static Registered r;
  return r;
}
}  // namespace

std::unique_ptr<Searcher> make_searcher(const std::string& name, const SearcherSettings& settings) {
  std::string known;
  for (const SearcherInfo& info : searcher_registry()) {
    if (info.name == name) return info.make(settings);
    known += (known.empty() ? "" : ", ") + info.name;
  }
  Registered& r = registered();
  const std::lock_guard<std::mutex> lock(r.mutex);
  for (const SearcherInfo& info : r.searchers) {
    if (info.name == name) return info.make(settings);
    known += ", " + info.name;
  }
  throw InputError("unknown searcher '" + name + "' (known: " + known + ")");
}

SearcherRegistration::SearcherRegistration(SearcherInfo info) : name_(info.name) {
  Registered& r = registered();
  const std::lock_guard<std::mutex> lock(r.mutex);
  const auto taken = [&](const SearcherInfo& s) { return s.name == name_; };
  if (name_.empty() || std::any_of(searcher_registry().begin(), searcher_registry().end(), taken) ||
      std::any_of(r.searchers.begin(), r.searchers.end(), taken)) {
    throw InputError("a searcher named '" + name_ + "' exists already");
  }
  r.searchers.push_back(std::move(info));
}

SearcherRegistration::~SearcherRegistration() {
  Registered& r = registered();
  const std::lock_guard<std::mutex> lock(r.mutex);
  std::erase_if(r.searchers, [&](const SearcherInfo& s) { return s.name == name_; });
}

}  // namespace hwnas

namespace hwnas {

void run_searcher(Searcher& searcher, const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  try {
    searcher.run(space, evaluator, rng);
  } catch (const BudgetExhausted&) {
    // The searcher queried past its budget: the evaluator refused, the run ends as it stands.
  }
}

}  // namespace hwnas
