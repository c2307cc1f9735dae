#include "benchmark/fbnet_benchmark.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/error.hpp"

namespace hwnas {

std::string FbnetLutCost::stem_key() const {
  const FbnetMacro& m = space_.macro();
  const std::string hw = std::to_string(m.input_size);
  return "ConvNorm_H" + hw + "_W" + hw + "_Cin3_Cout" + std::to_string(m.stem_channels) + "_kernel3_stride" +
         std::to_string(m.stem_stride) + "_group1";
}

std::string FbnetLutCost::layer_key(std::size_t layer, int block) const {
  const FbnetLayerShape& s = space_.layers()[layer];
  const FbnetBlock& b = FbnetSpace::kBlockTable[block];
  const std::string hw = std::to_string(s.in_size);
  const std::string shape = "_H" + hw + "_W" + hw + "_Cin" + std::to_string(s.in_channels) + "_Cout" +
                            std::to_string(s.out_channels);
  if (b.is_skip()) return "Skip" + shape + "_stride" + std::to_string(s.stride);
  return "ConvBlock" + shape + "_exp" + std::to_string(b.expansion) + "_kernel" + std::to_string(b.kernel) +
         "_stride" + std::to_string(s.stride) + "_group" + std::to_string(b.groups);
}

std::string FbnetLutCost::head_key() const {
  const FbnetLayerShape& last = space_.layers().back();
  const std::string hw = std::to_string(last.out_size());
  return "ConvNorm_H" + hw + "_W" + hw + "_Cin" + std::to_string(last.out_channels) + "_Cout" +
         std::to_string(space_.macro().head_channels) + "_kernel1_stride1_group1";
}

std::string FbnetLutCost::pool_key() const {
  const std::string hw = std::to_string(space_.layers().back().out_size());
  const std::string c = std::to_string(space_.macro().head_channels);
  return "AvgP_H" + hw + "_W" + hw + "_Cin" + c + "_Cout" + c + "_kernel" + hw + "_stride1";
}

std::string FbnetLutCost::fc_key() const {
  return "FC_Cin" + std::to_string(space_.macro().head_channels) + "_Cout" + std::to_string(space_.macro().num_classes);
}

FbnetLutCost::FbnetLutCost(const FbnetSpace& space, const BenchmarkTable& lut) : space_(space) {
  std::unordered_map<std::string_view, std::size_t> row;
  for (std::size_t r = 0; r < lut.keys.size(); ++r) row.emplace(lut.keys[r], r);
  const auto at = [&](const std::string& op_key) {
    const auto it = row.find(op_key);
    if (it == row.end()) {
      throw InputError(lut.source + ": no op_key '" + op_key + "', which the FBNet " + space_.macro().dataset +
                       " setting needs");
    }
    return it->second;
  };
  const std::size_t stem = at(stem_key()), head = at(head_key()), pool = at(pool_key()), fc = at(fc_key());
  std::vector<std::array<std::size_t, FbnetSpace::kBlocks>> layer(FbnetSpace::kLayers);
  for (std::size_t l = 0; l < FbnetSpace::kLayers; ++l) {
    for (int b = 0; b < FbnetSpace::kBlocks; ++b) layer[l][b] = at(layer_key(l, b));
  }
  for (const NamedColumn& c : lut.columns) {
    Column col{CostKey::parse(c.name), c.values[stem], c.values[head], c.values[pool], c.values[fc], {}};
    col.layer.resize(FbnetSpace::kLayers);
    for (std::size_t l = 0; l < FbnetSpace::kLayers; ++l) {
      for (int b = 0; b < FbnetSpace::kBlocks; ++b) col.layer[l][b] = c.values[layer[l][b]];
    }
    columns_.push_back(std::move(col));
  }
}

const FbnetLutCost::Column* FbnetLutCost::find(const CostKey& key) const {
  for (const Column& c : columns_) {
    if (c.key == key) return &c;
  }
  return nullptr;
}

std::vector<CostKey> FbnetLutCost::keys() const {
  std::vector<CostKey> keys;
  for (const Column& c : columns_) keys.push_back(c.key);
  return keys;
}

std::optional<double> FbnetLutCost::cost(const Arch& arch, const CostKey& key) const {
  const Column* c = find(key);
  if (!c) return std::nullopt;
  // Upstream's order of additions, so the total is its double exactly.
  double metric = 0.0;
  metric += c->stem;
  for (std::size_t l = 0; l < FbnetSpace::kLayers; ++l) metric += c->layer[l][arch[l]];
  metric += c->head;
  metric += c->pool;
  metric += c->fc;
  return metric;
}

std::optional<double> FbnetLutCost::min_cost(const SearchSpace&, const CostKey& key) const {
  const Column* c = find(key);
  if (!c) return std::nullopt;
  double metric = 0.0;
  metric += c->stem;
  for (const auto& blocks : c->layer) metric += *std::min_element(blocks.begin(), blocks.end());
  metric += c->head;
  metric += c->pool;
  metric += c->fc;
  return metric;
}

AdditiveTable FbnetLutCost::additive_table(const CostKey& key) const {
  const Column* c = find(key);
  if (!c) throw InputError("FBNet has no " + key.name() + " data (HW-NAS-Bench has no FBNet Edge TPU metric)");
  AdditiveTable t;
  t.constant = c->stem + c->head + c->pool + c->fc;
  for (const auto& blocks : c->layer) t.entry.emplace_back(blocks.begin(), blocks.end());
  return t;
}

std::vector<std::string> FbnetLutCost::op_keys(const Arch& arch) const {
  std::vector<std::string> keys = {stem_key()};
  for (std::size_t l = 0; l < FbnetSpace::kLayers; ++l) keys.push_back(layer_key(l, arch[l]));
  keys.push_back(head_key());
  keys.push_back(pool_key());
  keys.push_back(fc_key());
  return keys;
}

FbnetBenchmark::FbnetBenchmark(FbnetMacro macro, const BenchmarkTable& lut) : space_(std::move(macro)), cost_(space_, lut) {}

std::unique_ptr<FbnetBenchmark> FbnetBenchmark::load(const DataDir& data_dir, const std::string& dataset) {
  FbnetMacro macro = FbnetMacro::for_dataset(dataset);
  return std::make_unique<FbnetBenchmark>(std::move(macro), load_fbnet_lut(data_dir));
}

}  // namespace hwnas
