#pragma once
#include <array>
#include <memory>
#include <vector>

#include "benchmark_data/benchmark_data.hpp"
#include "cost/additive_cost.hpp"
#include "spaces/fbnet_space.hpp"

namespace hwnas {

// HW-NAS-Bench's FBNet cost of a network, composed exactly as the upstream
// API's fbnet_get_metrics composes it from the per-operator lookup table
// (op_lut.csv): 0.0 + the stem's ConvNorm key, then each of the 22 layers' key
// at that layer's input size, channels and stride (ConvBlock_..., or Skip_...
// for block 8), then the head's ConvNorm key, the AvgP key and the FC key,
// added in that order, so every total is upstream's double to the last bit.
// Immutable after construction: safe to share across threads.
class FbnetLutCost final : public CostModel {
public:
  // Throws InputError naming the first op key the composition needs that `lut` lacks.
  FbnetLutCost(const FbnetSpace& space, const BenchmarkTable& lut);

  std::vector<CostKey> keys() const override;
  std::optional<double> cost(const Arch& arch, const CostKey& key) const override;
  // Exact: the fixed parts plus each layer's cheapest block.
  std::optional<double> min_cost(const SearchSpace& space, const CostKey& key) const override;
  // The same cost as an additive table (entry[layer][block], constant = stem + head + pool + FC):
  // the supernet's differentiable cost. Equal to cost() up to rounding order.
  AdditiveTable additive_table(const CostKey& key) const;

  // The op keys a network's cost is summed from, in upstream's order.
  std::vector<std::string> op_keys(const Arch& arch) const;

private:
  struct Column {
    CostKey key;
    double stem, head, pool, fc;
    std::vector<std::array<double, FbnetSpace::kBlocks>> layer;  // [layer][block]
  };
  const Column* find(const CostKey& key) const;
  std::string stem_key() const, head_key() const, pool_key() const, fc_key() const;
  std::string layer_key(std::size_t layer, int block) const;
  const FbnetSpace& space_;
  std::vector<Column> columns_;
};

// The FBNet space of one macro setting (cifar100 or ImageNet) with its exact costs.
class FbnetBenchmark {
public:
  FbnetBenchmark(FbnetMacro macro, const BenchmarkTable& lut);
  FbnetBenchmark(const FbnetBenchmark&) = delete;  // the cost points at space_
  FbnetBenchmark& operator=(const FbnetBenchmark&) = delete;

  // dataset: cifar100 or ImageNet (InputError otherwise); reads fbnet/op_lut.csv.
  static std::unique_ptr<FbnetBenchmark> load(const DataDir& data_dir, const std::string& dataset);

  const FbnetSpace& space() const { return space_; }
  const FbnetLutCost& cost() const { return cost_; }

private:
  FbnetSpace space_;
  FbnetLutCost cost_;
};

}  // namespace hwnas
