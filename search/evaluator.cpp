#include "search/evaluator.hpp"

#include "core/error.hpp"

namespace hwnas {

BenchmarkEvaluator::BenchmarkEvaluator(const SearchSpace& space, const AccuracySource& accuracy,
                                       const SearchObjective& objective, Budget budget)
    : space_(space),
      accuracy_(accuracy),
      objective_(objective),
      budget_(budget),
      cardinality_(space.cardinality()),
      indexed_(cardinality_ && *cardinality_ <= kIndexedSpaceSize) {
  if (!budget_.queries && !budget_.seconds) throw InputError("a search needs a budget: queries and/or seconds");
  if (budget_.seconds && !accuracy.has_query_seconds()) {
    throw InputError("the accuracy source " + accuracy.signal_name() +
                     " has no training times, so a seconds budget cannot be charged: use --budget-queries");
  }
  if (indexed_) {
    seen_by_index_.assign(*cardinality_, -1);
  } else {
    seen_.resize(256);
  }
  if (budget_.queries) trajectory_.reserve(std::min<std::size_t>(*budget_.queries, 1 << 16));
}

namespace {
// FNV-1a's low bits depend only on the low bits of the bytes: fold the high bits in before masking.
std::size_t home_slot(const Arch& arch, std::size_t capacity) {
  const std::uint64_t h = arch.hash();
  return static_cast<std::size_t>((h ^ (h >> 32)) * 0x9E3779B97F4A7C15ull >> 32) & (capacity - 1);
}
}  // namespace

std::size_t BenchmarkEvaluator::probe(const Arch& arch) const {
  std::size_t i = home_slot(arch, seen_.size());
  while (seen_[i].slot >= 0 && !(seen_[i].arch == arch)) i = (i + 1) & (seen_.size() - 1);
  return i;
}

std::optional<std::size_t> BenchmarkEvaluator::find(const Arch& arch) const {
  const std::int32_t s = indexed_ ? seen_by_index_[space_.index(arch)] : seen_[probe(arch)].slot;
  return s >= 0 ? std::optional<std::size_t>(static_cast<std::size_t>(s)) : std::nullopt;
}

bool BenchmarkEvaluator::seen_before(const Arch& arch, std::size_t& slot) {
  if (!indexed_ && 2 * (trajectory_.size() + 1) > seen_.size()) {  // keep the table at most half full
    std::vector<SeenSlot> old(2 * seen_.size());
    old.swap(seen_);
    for (const SeenSlot& e : old) {
      if (e.slot >= 0) seen_[probe(e.arch)] = e;
    }
  }
  std::int32_t* s = nullptr;
  if (indexed_) {
    s = &seen_by_index_[space_.index(arch)];
  } else {
    SeenSlot& entry = seen_[probe(arch)];
    entry.arch = arch;  // a free entry is claimed below; a found one already holds arch
    s = &entry.slot;
  }
  if (*s >= 0) {
    slot = static_cast<std::size_t>(*s);
    return true;
  }
  *s = static_cast<std::int32_t>(trajectory_.size());
  return false;
}

Evaluation BenchmarkEvaluator::evaluate(const Arch& arch) {
  if (exhausted_) throw BudgetExhausted();
  std::size_t slot = 0;
  if (seen_before(arch, slot)) {
    exhausted_ = ++consecutive_repeats_ >= kMaxConsecutiveRepeats;
    return trajectory_[slot].eval;
  }
  consecutive_repeats_ = 0;
  const Evaluation e = objective_.evaluate(arch, accuracy_.signal(arch));
  if (budget_.seconds) seconds_ += *accuracy_.query_seconds(arch);
  trajectory_.push_back({arch, e, trajectory_.size() + 1, seconds_});
  if (replaces_incumbent(e, incumbent_ ? &trajectory_[*incumbent_].eval : nullptr)) {
    incumbent_ = trajectory_.size() - 1;
  }
  exhausted_ = limit_reached();
  return e;
}

std::vector<std::size_t> archive(std::span<const Query> queries) {
  std::vector<std::size_t> feasible;
  std::vector<double> values;
  std::size_t m = 0;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const ObjectiveValues& objectives = queries[i].eval.objectives;
    if (!queries[i].eval.feasible || objectives.empty()) continue;
    feasible.push_back(i);
    m = objectives.size();
    values.insert(values.end(), objectives.begin(), objectives.end());
  }
  std::vector<std::size_t> out;
  for (std::size_t k : nondominated(PointRows{values.data(), feasible.size(), m})) out.push_back(feasible[k]);
  return out;
}

std::vector<std::size_t> BenchmarkEvaluator::front() const { return archive(trajectory_); }

bool BenchmarkEvaluator::seen(const Arch& arch) const { return find(arch).has_value(); }

bool BenchmarkEvaluator::limit_reached() const {
  if (budget_.queries && trajectory_.size() >= *budget_.queries) return true;
  if (budget_.seconds && seconds_ >= *budget_.seconds) return true;
  if (cardinality_ && trajectory_.size() >= *cardinality_) return true;
  return consecutive_repeats_ >= kMaxConsecutiveRepeats;
}

}  // namespace hwnas
