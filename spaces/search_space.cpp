#include "spaces/search_space.hpp"

#include <stdexcept>
#include <string>

#include "core/error.hpp"

namespace hwnas {

std::uint64_t SearchSpace::index(const Arch&) const {
  throw InputError(name() + " is not enumerable: it has no index");
}

Arch SearchSpace::at(std::uint64_t) const {
  throw InputError(name() + " is not enumerable: it has no index");
}

Arch SearchSpace::at_user_index(std::int64_t index) const {
  const auto n = cardinality();
  if (!n) throw InputError("the " + name() + " space has no index: give the architecture itself");
  if (index < 0 || static_cast<std::uint64_t>(index) >= *n) {
    throw InputError("index " + std::to_string(index) + " is out of range (0.." + std::to_string(*n - 1) + ")");
  }
  return at(static_cast<std::uint64_t>(index));
}

Arch SearchSpace::sample(Rng& rng) const {
  Arch arch(num_decisions());
  for (std::size_t d = 0; d < arch.size(); ++d) arch.set(d, static_cast<int>(rng.below(num_choices(d))));
  return arch;
}

void SearchSpace::redraw(Arch& arch, std::size_t d, Rng& rng) const {
  // Draw among the n - 1 other choices directly instead of rejecting the current one.
  int choice = static_cast<int>(rng.below(static_cast<std::uint64_t>(num_choices(d) - 1)));
  if (choice >= arch[d]) ++choice;
  arch.set(d, choice);
}

Arch SearchSpace::mutate(const Arch& arch, Rng& rng) const {
  Arch child = arch;
  redraw(child, rng.below(arch.size()), rng);
  return child;
}

Arch SearchSpace::from_choices(std::span<const std::int64_t> choices) const {
  if (choices.size() != num_decisions()) {
    throw InputError("an architecture of " + name() + " has " + std::to_string(num_decisions()) + " choices, got " +
                     std::to_string(choices.size()));
  }
  Arch arch(choices.size());
  for (std::size_t d = 0; d < choices.size(); ++d) {
    if (choices[d] < 0 || choices[d] >= num_choices(d)) {
      throw InputError("choice " + std::to_string(choices[d]) + " of decision " + std::to_string(d) + " is out of range (0 .. " +
                       std::to_string(num_choices(d) - 1) + ")");
    }
    arch.set(d, static_cast<int>(choices[d]));
  }
  return arch;
}

bool SearchSpace::contains(const Arch& arch) const {
  if (arch.size() != num_decisions()) return false;
  for (std::size_t d = 0; d < arch.size(); ++d) {
    if (arch[d] < 0 || arch[d] >= num_choices(d)) return false;
  }
  return true;
}

std::vector<float> SearchSpace::encoding(const Arch& arch) const {
  std::vector<float> features;
  for (std::size_t d = 0; d < num_decisions(); ++d) {
    for (int c = 0; c < num_choices(d); ++c) features.push_back(arch[d] == c ? 1.0f : 0.0f);
  }
  return features;
}

}  // namespace hwnas
