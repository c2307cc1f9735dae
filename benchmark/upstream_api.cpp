#include "benchmark/upstream_api.hpp"

#include <algorithm>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "benchmark/nb201_benchmark.hpp"
#include "spaces/fbnet_space.hpp"

namespace hwnas {
namespace {
constexpr double kUpstreamMissing = -1.0;  // how upstream stores a cost it does not have

std::string known(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}
}  // namespace

UpstreamApi::UpstreamApi(DataDir data_dir, const std::string& search_space) : data_dir_(std::move(data_dir)) {
  if (search_space == "nasbench201") {
    space_ = Space::nasbench201;
  } else if (search_space == "fbnet") {
    space_ = Space::fbnet;
  } else {
    throw InputError("unknown search_space '" + search_space + "' (HW-NAS-Bench's are: nasbench201, fbnet)");
  }
}

const std::vector<std::string>& UpstreamApi::metrics(Space space) {
  static const std::vector<std::string> nb201 = {
      "edgegpu_latency", "edgegpu_energy", "raspi4_latency", "edgetpu_latency", "pixel3_latency",
      "eyeriss_latency", "eyeriss_energy", "eyeriss_arithmetic_intensity", "fpga_latency", "fpga_energy"};
  static const std::vector<std::string> fbnet = {"edgegpu_latency", "edgegpu_energy", "raspi4_latency",
                                                 "pixel3_latency",  "eyeriss_latency", "eyeriss_energy",
                                                 "fpga_latency",    "fpga_energy"};
  return space == Space::nasbench201 ? nb201 : fbnet;
}

const Benchmark& UpstreamApi::benchmark(const std::string& dataname) const {
  const bool nb201 = space_ == Space::nasbench201;
  const SpaceEntry entry = find_space(nb201 ? "nb201" : "fbnet");
  if (std::find(entry.datasets.begin(), entry.datasets.end(), dataname) == entry.datasets.end()) {
    throw InputError("unknown dataname '" + dataname + "' for " + (nb201 ? "nasbench201" : "fbnet") +
                     " (known: " + known(entry.datasets) + ")");
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = loaded_[dataname];
  if (!slot) slot = entry.load(data_dir_, dataname, "");
  return *slot;
}

namespace {
MetricValues with_product(MetricValues values, const std::string& skipped) {
  // Upstream multiplies left to right, from the first metric: the same order gives the same double.
  double product = 0;
  bool first = true;
  for (const auto& [name, value] : values) {
    if (name == skipped) continue;
    product = first ? value : product * value;
    first = false;
  }
  values.emplace_back("average_hw_metric", product);
  return values;
}
}  // namespace

MetricValues UpstreamApi::query_nb201(std::int64_t nb201_index, const std::string& dataname) const {
  if (space_ != Space::nasbench201) throw InputError("an NB201 index was given to the fbnet API: use a list of 22 blocks");
  const Benchmark& bench = benchmark(dataname);
  const std::uint64_t n = *bench.space().cardinality();
  if (nb201_index < 0 || static_cast<std::uint64_t>(nb201_index) >= n) {
    throw InputError("arch_index " + std::to_string(nb201_index) + " is out of range (0 .. " + std::to_string(n - 1) + ")");
  }
  const Arch arch = bench.space().at(static_cast<std::uint64_t>(nb201_index));
  MetricValues values;
  for (const std::string& m : metrics(space_)) {
    values.emplace_back(m, bench.cost().cost(arch, CostKey::parse(m)).value_or(kUpstreamMissing));
  }
  return with_product(std::move(values), "eyeriss_arithmetic_intensity");
}

Arch UpstreamApi::fbnet_arch(const std::vector<std::int64_t>& blocks, const std::string& dataname) const {
  return benchmark(dataname).space().from_choices(blocks);
}

MetricValues UpstreamApi::query_fbnet(const std::vector<std::int64_t>& blocks, const std::string& dataname) const {
  if (space_ != Space::fbnet) throw InputError("a list of blocks was given to the nasbench201 API: use an index");
  const Arch arch = fbnet_arch(blocks, dataname);
  const Benchmark& bench = benchmark(dataname);
  MetricValues values;
  for (const std::string& m : metrics(space_)) values.emplace_back(m, *bench.cost().cost(arch, CostKey::parse(m)));
  return with_product(std::move(values), "");
}

Nb201NetConfig UpstreamApi::nb201_net_config(std::int64_t nb201_index, const std::string& dataname) const {
  query_nb201(nb201_index, dataname);  // the same checks
  const Benchmark& bench = benchmark(dataname);
  Nb201NetConfig c;
  c.arch_str = bench.space().to_string(bench.space().at(static_cast<std::uint64_t>(nb201_index)));
  c.num_classes = nb201_dataset_shape(dataname).num_classes;
  return c;
}

FbnetNetConfig UpstreamApi::fbnet_net_config(const std::vector<std::int64_t>& blocks, const std::string& dataname) const {
  if (space_ != Space::fbnet) throw InputError("a list of blocks was given to the nasbench201 API: use an index");
  const Arch arch = fbnet_arch(blocks, dataname);
  const SearchSpace& space = benchmark(dataname).space();
  FbnetNetConfig c;
  c.dataset = dataname;
  c.num_classes = FbnetMacro::for_dataset(dataname).num_classes;
  for (std::size_t i = 0; i < arch.size(); ++i) {
    c.op_idx_list.push_back(arch[i]);
    c.arch_str.push_back(space.choice_name(i, arch[i]));
  }
  return c;
}

std::vector<std::pair<std::string, std::vector<std::pair<std::string, double>>>> UpstreamApi::op_lookup_tables() const {
  if (space_ != Space::fbnet) throw InputError("get_op_lookup_tables is for the fbnet search space");
  const BenchmarkTable lut = load_fbnet_lut(data_dir_);
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, double>>>> tables;
  for (const std::string& m : metrics(space_)) {
    const NamedColumn& column = lut.column(m);
    std::vector<std::pair<std::string, double>> table;
    for (std::size_t r = 0; r < lut.keys.size(); ++r) table.emplace_back(lut.keys[r], column.values[r]);
    tables.emplace_back(m, std::move(table));
  }
  return tables;
}

}  // namespace hwnas
