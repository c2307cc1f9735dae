#pragma once
// HW-NAS-Bench's own Python API (hw_nas_bench_api.HWNASBenchAPI), answered
// from hwnas's data: the same metrics in the same order with the same double
// values, the same derived product, the same network configurations. The
// Python drop-in (python/) only converts these to Python types, so the rules
// of upstream's answers live here, once.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "benchmark_data/data_files.hpp"
#include "benchmark/benchmark.hpp"

namespace hwnas {

// Upstream's "config" of an NB201 network: get_cell_based_tiny_net's input.
struct Nb201NetConfig {
  std::string name = "infer.tiny";
  int C = 16, N = 5;
  std::string arch_str;
  int num_classes = 0;
};

// Upstream's FBNet network description.
struct FbnetNetConfig {
  std::string dataset;
  int num_classes = 0;
  std::vector<int> op_idx_list;
  std::vector<std::string> arch_str;  // block names, e.g. k3_e1
};

using MetricValues = std::vector<std::pair<std::string, double>>;

// Loads each dataset's data on first use and keeps it; safe to share across
// threads. Errors (an unknown space or dataset, an index out of range, an FBNet
// network that is not 22 blocks in 0..8) are InputError naming the bad value,
// where upstream fails an assertion or raises IndexError.
class UpstreamApi {
public:
  enum class Space { nasbench201, fbnet };
  // `search_space`: upstream's names "nasbench201" or "fbnet".
  UpstreamApi(DataDir data_dir, const std::string& search_space);

  Space space() const { return space_; }

  // query_by_index: NB201 (`nb201_index`, dataname cifar10 | cifar100 |
  // ImageNet16-120): edgegpu_latency, edgegpu_energy, raspi4_latency,
  // edgetpu_latency, pixel3_latency, eyeriss_latency, eyeriss_energy,
  // eyeriss_arithmetic_intensity, fpga_latency, fpga_energy, then
  // average_hw_metric (the product, left to right, of all but the arithmetic
  // intensity). An Edge TPU latency upstream lacks is -1.0, as upstream
  // stores it, and enters the product as such.
  MetricValues query_nb201(std::int64_t nb201_index, const std::string& dataname) const;
  // FBNet (`blocks`: 22 block indices, dataname cifar100 | ImageNet): the
  // eight metrics upstream has (no Edge TPU), summed from the per-operator
  // tables in upstream's order, then average_hw_metric (their product).
  MetricValues query_fbnet(const std::vector<std::int64_t>& blocks, const std::string& dataname) const;

  Nb201NetConfig nb201_net_config(std::int64_t nb201_index, const std::string& dataname) const;
  FbnetNetConfig fbnet_net_config(const std::vector<std::int64_t>& blocks, const std::string& dataname) const;
  // get_op_lookup_tables (FBNet): metric -> (op key -> value), in the file's order.
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, double>>>> op_lookup_tables() const;

private:
  const Benchmark& benchmark(const std::string& dataname) const;
  Arch fbnet_arch(const std::vector<std::int64_t>& blocks, const std::string& dataname) const;
  static const std::vector<std::string>& metrics(Space space);

  DataDir data_dir_;
  Space space_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const Benchmark>> loaded_;
};

}  // namespace hwnas
