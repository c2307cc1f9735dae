#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "spaces/search_space.hpp"

namespace hwnas {

// NAS-Bench-201: a cell of 4 nodes whose 6 edges (1<-0 | 2<-0, 2<-1 | 3<-0,
// 3<-1, 3<-2) each carry one of 5 ops. The official index order is not derived
// from the ops (the benchmark shuffled it), so the space is built from the
// official list of arch strings, which the benchmark files carry row by row.
class Nb201Space final : public SearchSpace {
public:
  static constexpr std::size_t kEdges = 6;
  static constexpr int kOps = 5;
  static constexpr std::uint64_t kSize = 15625;  // 5^6
  // Op names in the order the official API numbers them.
  static constexpr std::array<std::string_view, kOps> kOpNames = {
      "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};
  enum Op { kNone = 0, kSkip = 1, kConv1x1 = 2, kConv3x3 = 3, kAvgPool = 4 };
  // Source node of each edge (the target nodes are 1, 2, 2, 3, 3, 3).
  static constexpr std::array<int, kEdges> kEdgeFrom = {0, 0, 1, 0, 1, 2};
  static constexpr std::array<int, kEdges> kEdgeTo = {1, 2, 2, 3, 3, 3};

  // `official_order[i]` is the architecture with official index i; it must hold
  // each of the 15625 cells exactly once (std::invalid_argument otherwise).
  explicit Nb201Space(std::vector<Arch> official_order);

  // Builds the space from the arch strings of a benchmark file, row i being
  // index i; errors name `source` and the file line (row + 2, after the header).
  static Nb201Space from_arch_strings(const std::vector<std::string>& arch_strs, const std::string& source);

  // The official string, e.g. |nor_conv_3x3~0|+|none~0|skip_connect~1|+|...|.
  static std::string format_arch_str(const Arch& arch);
  // Throws InputError on anything but a well-formed official string.
  static Arch parse_arch_str(std::string_view text);

  std::string name() const override { return "nb201"; }
  std::size_t num_decisions() const override { return kEdges; }
  int num_choices(std::size_t) const override { return kOps; }
  std::string choice_name(std::size_t, int choice) const override;
  std::string to_string(const Arch& arch) const override { return format_arch_str(arch); }
  Arch parse(std::string_view text) const override { return parse_arch_str(text); }
  std::optional<std::uint64_t> cardinality() const override { return kSize; }
  std::uint64_t index(const Arch& arch) const override { return index_of_code_[code(arch)]; }
  Arch at(std::uint64_t index) const override;
  // The path encoding of White et al. (BANANAS; NASLib's encode_paths): one
  // indicator per sequence of ops along a path from the input node to the
  // output node, 5 + 5^2 + 5^3 = 155 features; the two 2-edge paths share
  // their slots, as upstream.
  std::vector<float> encoding(const Arch& arch) const override;
  std::string encoding_name() const override { return "path"; }
  // An edge is live when its target node is the output (3) or a node with a non-`none` edge to a live node.
  bool decisions_can_be_dead() const override { return true; }
  std::vector<bool> live_decisions(const Arch& arch) const override;

private:
  // Base-5 number of the op vector: a dense key for the index lookup.
  static std::uint32_t code(const Arch& arch) {
    std::uint32_t c = 0;
    for (std::size_t e = 0; e < kEdges; ++e) c = c * kOps + static_cast<std::uint32_t>(arch[e]);
    return c;
  }
  std::vector<Arch> arch_at_;
  std::vector<std::uint16_t> index_of_code_;
};

}  // namespace hwnas
