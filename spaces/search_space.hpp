#pragma once
// hwnas spaces: the search spaces, behind one interface.
//
// A SearchSpace is a product of categorical decisions: decision d has
// num_choices(d) options and an architecture (core Arch) holds one choice per
// decision. Searchers only ever see this interface, so every searcher runs on
// every space. Sampling and mutation are defined here once, from the decision
// structure; spaces add names (to_string/parse) and, where the space is small
// enough to enumerate, an index (cardinality/index/at).
//
// - Nb201Space (nb201_space.hpp): NAS-Bench-201, 6 edges x 5 ops, with the
//   official index order and arch strings.
// - FbnetSpace (fbnet_space.hpp): FBNet, 22 layers x 9 blocks, with the
//   CIFAR-100 and ImageNet macro settings of HW-NAS-Bench.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/arch.hpp"
#include "core/rng.hpp"

namespace hwnas {

// Contract: a space is immutable after construction, so one instance may be
// shared by any number of threads (every member is const). An architecture
// "of the space" holds num_decisions() choices, each below num_choices(d);
// members that take one say what they do with any other (parse and
// from_choices refuse it with InputError; contains() tells; the others
// require it).
class SearchSpace {
public:
  virtual ~SearchSpace() = default;

  virtual std::string name() const = 0;
  virtual std::size_t num_decisions() const = 0;
  virtual int num_choices(std::size_t decision) const = 0;
  virtual std::string choice_name(std::size_t decision, int choice) const = 0;

  virtual std::string to_string(const Arch& arch) const = 0;
  // Throws InputError naming the problem when `text` is not an architecture of this space.
  virtual Arch parse(std::string_view text) const = 0;

  // Enumerable spaces return their size and implement index/at; others return
  // nullopt, and their index/at throw InputError ("... is not enumerable").
  virtual std::optional<std::uint64_t> cardinality() const { return std::nullopt; }
  // `arch` must be an architecture of this space (contains(arch)).
  virtual std::uint64_t index(const Arch& arch) const;
  // InputError when `index` is not below cardinality().
  virtual Arch at(std::uint64_t index) const;
  // The architecture at an index a user typed (the CLI's --index, an index
  // line of an --archs file, Python's Space.at): InputError "the S space has no
  // index" or "index N is out of range (0..M)". The one check of a user's index.
  Arch at_user_index(std::int64_t index) const;

  // Uniformly random architecture.
  Arch sample(Rng& rng) const;
  // Changes one uniformly chosen decision to a different, uniformly chosen choice
  // (the one-edge mutation of regularized evolution).
  Arch mutate(const Arch& arch, Rng& rng) const;
  // Sets decision `d` of `arch` to a different, uniformly chosen choice.
  void redraw(Arch& arch, std::size_t d, Rng& rng) const;
  // True when `arch` has one valid choice per decision.
  bool contains(const Arch& arch) const;
  // The architecture with these choice indices, one per decision; InputError
  // naming the count or the first choice out of range otherwise.
  Arch from_choices(std::span<const std::int64_t> choices) const;

  // Features of `arch` for a learned performance predictor (BANANAS), the same
  // length for every architecture of the space: by default one indicator per
  // (decision, choice); a space may give a better one (NB201: the path
  // encoding). encoding_name() says which, for reports.
  virtual std::vector<float> encoding(const Arch& arch) const;
  virtual std::string encoding_name() const { return "one-hot"; }

  // Which decisions' results reach the network's output in `arch` (one flag per
  // decision). A decision is dead when nothing downstream uses what it computes:
  // in an NB201 cell, the ops on the edges into a node from which only `none`
  // edges lead on. A compiler that prunes dead code (TF Lite's converter) never
  // runs them, so a device's latency depends on liveness, not only on the ops;
  // cost predictors read it as a second set of features. decisions_can_be_dead()
  // is false in spaces where every decision always reaches the output (a chain of
  // layers, FBNet), whose live_decisions() is all true.
  virtual bool decisions_can_be_dead() const { return false; }
  virtual std::vector<bool> live_decisions(const Arch& arch) const { return std::vector<bool>(arch.size(), true); }
};

}  // namespace hwnas
