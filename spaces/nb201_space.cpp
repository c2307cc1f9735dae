#include "spaces/nb201_space.hpp"

#include <array>
#include <stdexcept>

#include "core/error.hpp"

namespace hwnas {

Nb201Space::Nb201Space(std::vector<Arch> official_order)
    : arch_at_(std::move(official_order)), index_of_code_(kSize, UINT16_MAX) {
  if (arch_at_.size() != kSize) {
    throw std::invalid_argument("NB201 order must list 15625 cells, got " + std::to_string(arch_at_.size()));
  }
  for (std::size_t i = 0; i < kSize; ++i) {
    const Arch& a = arch_at_[i];
    if (!contains(a)) throw std::invalid_argument("NB201 order: entry " + std::to_string(i) + " is not a cell");
    auto& slot = index_of_code_[code(a)];
    if (slot != UINT16_MAX) {
      throw std::invalid_argument("NB201 order: " + format_arch_str(a) + " appears at index " +
                                  std::to_string(slot) + " and again at " + std::to_string(i));
    }
    slot = static_cast<std::uint16_t>(i);
  }
}

Nb201Space Nb201Space::from_arch_strings(const std::vector<std::string>& arch_strs, const std::string& source) {
  if (arch_strs.size() != kSize) {
    throw InputError(source + ": expected 15625 NB201 rows, found " + std::to_string(arch_strs.size()));
  }
  std::vector<Arch> order;
  order.reserve(kSize);
  std::vector<std::int32_t> first_line(kSize, -1);
  for (std::size_t i = 0; i < kSize; ++i) {
    const auto where = [&] { return source + ":" + std::to_string(i + 2) + ":2 (arch_str)"; };
    try {
      order.push_back(parse_arch_str(arch_strs[i]));
    } catch (const InputError& e) {
      throw InputError(where() + ": " + e.what());
    }
    auto& first = first_line[code(order.back())];
    if (first >= 0) {
      throw InputError(where() + ": " + arch_strs[i] + " already appears on line " + std::to_string(first));
    }
    first = static_cast<std::int32_t>(i + 2);
  }
  return Nb201Space(std::move(order));
}

std::string Nb201Space::format_arch_str(const Arch& arch) {
  std::string s = "|";
  for (std::size_t e = 0; e < kEdges; ++e) {
    s += kOpNames[arch[e]];
    s += '~';
    s += static_cast<char>('0' + kEdgeFrom[e]);
    s += '|';
    if (e == 0 || e == 2) s += "+|";
  }
  return s;
}

Arch Nb201Space::parse_arch_str(std::string_view text) {
  const auto fail = [&](const std::string& why) -> InputError {
    return InputError("malformed NB201 arch string '" + std::string(text) + "': " + why +
                      " (expected e.g. |nor_conv_3x3~0|+|none~0|skip_connect~1|+|skip_connect~0|"
                      "avg_pool_3x3~1|nor_conv_1x1~2|)");
  };
  Arch arch(kEdges);
  std::size_t pos = 0;
  for (std::size_t e = 0; e < kEdges; ++e) {
    if (e == 1 || e == 3) {
      if (text.substr(pos, 2) != "+|") throw fail("missing '+|' before node " + std::to_string(kEdgeTo[e]));
      pos += 2;
    } else if (e == 0) {
      if (text.substr(pos, 1) != "|") throw fail("must start with '|'");
      pos += 1;
    }
    const std::size_t tilde = text.find('~', pos);
    if (tilde == std::string_view::npos) throw fail("edge " + std::to_string(e) + " has no '~'");
    const std::string_view op = text.substr(pos, tilde - pos);
    int found = -1;
    for (int o = 0; o < kOps; ++o) {
      if (kOpNames[o] == op) found = o;
    }
    if (found < 0) throw fail("unknown op '" + std::string(op) + "'");
    arch.set(e, found);
    const std::string expected_tail = std::string(1, static_cast<char>('0' + kEdgeFrom[e])) + "|";
    if (text.substr(tilde + 1, 2) != expected_tail) {
      throw fail("edge " + std::to_string(e) + " must come from node " + std::to_string(kEdgeFrom[e]));
    }
    pos = tilde + 3;
  }
  if (pos != text.size()) throw fail("unexpected text after the last edge");
  return arch;
}

std::string Nb201Space::choice_name(std::size_t, int choice) const { return std::string(kOpNames.at(choice)); }

Arch Nb201Space::at(std::uint64_t index) const {
  if (index >= kSize) {
    throw InputError("NB201 index " + std::to_string(index) + " is out of range [0, 15624]");
  }
  return arch_at_[index];
}

std::vector<float> Nb201Space::encoding(const Arch& arch) const {
  // The input-to-output paths as edge lists (edges in string order: 0->1, 0->2, 1->2, 0->3, 1->3, 2->3).
  static constexpr std::array<std::array<int, 3>, 4> kPaths = {{{3, -1, -1}, {0, 4, -1}, {1, 5, -1}, {0, 2, 5}}};
  std::vector<float> features(kOps + kOps * kOps + kOps * kOps * kOps, 0.0f);
  for (const auto& path : kPaths) {
    std::size_t slot = 0, length = 0, power = 1;
    for (int edge : path) {
      if (edge < 0) break;
      slot += static_cast<std::size_t>(arch[static_cast<std::size_t>(edge)]) * power;
      power *= kOps;
      ++length;
    }
    const std::size_t offset = length == 1 ? 0 : length == 2 ? kOps : kOps + kOps * kOps;
    features[offset + slot] = 1.0f;
  }
  return features;
}

std::vector<bool> Nb201Space::live_decisions(const Arch& arch) const {
  std::array<bool, 4> node_live = {false, false, false, true};
  // Edges are ordered by target node, so walking them backwards settles each node before any edge into it.
  for (std::size_t e = kEdges; e-- > 0;) {
    if (arch[e] != kNone && node_live[static_cast<std::size_t>(kEdgeTo[e])]) node_live[static_cast<std::size_t>(kEdgeFrom[e])] = true;
  }
  std::vector<bool> live(kEdges);
  for (std::size_t e = 0; e < kEdges; ++e) live[e] = node_live[static_cast<std::size_t>(kEdgeTo[e])];
  return live;
}

}  // namespace hwnas
