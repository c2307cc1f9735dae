#include "benchmark_data/benchmark_data.hpp"

#include <cstdlib>
#include <limits>

#include "benchmark_data/csv.hpp"
#include "core/error.hpp"

#ifndef HWNAS_DEFAULT_DATA_DIR
#error "HWNAS_DEFAULT_DATA_DIR must be defined by the build"
#endif

namespace hwnas {
namespace {

constexpr std::size_t kNb201Rows = 15625;
constexpr std::size_t kFbnetLayers = 22;
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

struct Range {
  double lo, hi;
  bool lo_inclusive;
  const char* meaning;
};
constexpr Range kPositive{0.0, std::numeric_limits<double>::infinity(), false, "a positive number"};
constexpr Range kPercent{0.0, 100.0, true, "a percentage in [0, 100]"};

NamedColumn read_column(const CsvFile& csv, std::size_t col, Range range, bool minus_one_is_missing) {
  NamedColumn column{std::string(csv.header()[col]), std::vector<double>(csv.rows())};
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    const double v = csv.number(r, col);
    if (minus_one_is_missing && v == -1.0) {
      column.values[r] = kMissing;
      continue;
    }
    const bool ok = (range.lo_inclusive ? v >= range.lo : v > range.lo) && v <= range.hi;
    if (!ok) {
      throw InputError(csv.where(r, col) + ": expected " + range.meaning + ", found '" +
                       std::string(csv.text(r, col)) + "'");
    }
    column.values[r] = v;
  }
  return column;
}

std::vector<std::string> header_with(std::vector<std::string> head, const auto& rest) {
  for (const auto& c : rest) head.emplace_back(c);
  return head;
}

BenchmarkTable nb201_table(const CsvFile& csv, bool has_arch_str) {
  csv.expect_rows(kNb201Rows);
  csv.expect_row_numbers(0);
  BenchmarkTable table{csv.path(), {}, {}, {}};
  if (has_arch_str) {
    table.arch_strs.reserve(csv.rows());
    for (std::size_t r = 0; r < csv.rows(); ++r) table.arch_strs.emplace_back(csv.text(r, 1));
  }
  return table;
}

}  // namespace

std::size_t BenchmarkTable::rows() const { return columns.empty() ? 0 : columns.front().values.size(); }

bool BenchmarkTable::has_column(const std::string& name) const {
  for (const auto& c : columns) {
    if (c.name == name) return true;
  }
  return false;
}

const NamedColumn& BenchmarkTable::column(const std::string& name) const {
  for (const auto& c : columns) {
    if (c.name == name) return c;
  }
  throw InputError(source + ": no column '" + name + "'");
}

BenchmarkTable load_nb201_hardware(const std::filesystem::path& file) {
  const CsvFile csv(file);
  csv.expect_header(header_with({"index", "arch_str"}, kNb201HardwareColumns));
  BenchmarkTable table = nb201_table(csv, true);
  for (std::size_t col = 2; col < csv.header().size(); ++col) {
    table.columns.push_back(read_column(csv, col, kPositive, /*minus_one_is_missing=*/true));
  }
  return table;
}

BenchmarkTable load_nb201_accuracy(const std::filesystem::path& file) {
  std::vector<std::string> header = {"index", "arch_str"};
  for (const char* d : kNb201Datasets) {
    for (const char* s : {"_valid12", "_test12", "_valid200", "_test200"}) header.push_back(std::string(d) + s);
  }
  header.emplace_back("cifar10_train_seconds12");
  const CsvFile csv(file);
  csv.expect_header(header);
  BenchmarkTable table = nb201_table(csv, true);
  for (std::size_t col = 2; col + 1 < header.size(); ++col) table.columns.push_back(read_column(csv, col, kPercent, false));
  table.columns.push_back(read_column(csv, header.size() - 1, kPositive, false));
  return table;
}

BenchmarkTable load_nb201_flops(const std::filesystem::path& file) {
  const CsvFile csv(file);
  csv.expect_header({"index", "flops_m", "params_m"});
  BenchmarkTable table = nb201_table(csv, false);
  table.columns.push_back(read_column(csv, 1, kPositive, false));
  table.columns.push_back(read_column(csv, 2, kPositive, false));
  return table;
}

BenchmarkTable load_nb201_params(const std::filesystem::path& file) {
  const CsvFile csv(file);
  csv.expect_header({"index", "params_mb"});
  BenchmarkTable table = nb201_table(csv, false);
  table.columns.push_back(read_column(csv, 1, kPositive, false));
  return table;
}

BenchmarkTable load_fbnet_samples(const std::filesystem::path& file) {
  std::vector<std::string> header = {"sample"};
  for (std::size_t l = 0; l < kFbnetLayers; ++l) header.push_back("layer" + std::to_string(l));
  header = header_with(header, kFbnetLatencyColumns);
  const CsvFile csv(file);
  csv.expect_header(header);
  if (csv.rows() == 0) throw InputError(csv.path() + ": no data rows");
  csv.expect_row_numbers(0);
  BenchmarkTable table{csv.path(), {}, std::vector<std::vector<int>>(csv.rows()), {}};
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    for (std::size_t l = 0; l < kFbnetLayers; ++l) {
      const long block = csv.integer(r, l + 1);
      if (block < 0 || block > 8) {
        throw InputError(csv.where(r, l + 1) + ": expected a block index 0..8, found " + std::to_string(block));
      }
      table.choices[r].push_back(static_cast<int>(block));
    }
  }
  for (std::size_t col = 1 + kFbnetLayers; col < header.size(); ++col) {
    table.columns.push_back(read_column(csv, col, kPositive, /*minus_one_is_missing=*/true));
  }
  return table;
}

Nb201Data load_nb201(const std::filesystem::path& data_dir) {
  const auto dir = data_dir / "nasbench201";
  Nb201Data data{load_nb201_accuracy(dir / "accuracy.csv"), load_nb201_flops(dir / "flops_cifar10.csv"),
                 load_nb201_params(dir / "params_cifar10.csv"), {}};
  for (const char* dataset : kNb201Datasets) {
    const auto file = dir / ("hw_" + std::string(dataset) + ".csv");
    if (!std::filesystem::exists(file)) continue;
    BenchmarkTable hw = load_nb201_hardware(file);
    for (std::size_t r = 0; r < kNb201Rows; ++r) {
      if (hw.arch_strs[r] != data.accuracy.arch_strs[r]) {
        throw InputError(hw.source + ":" + std::to_string(r + 2) + ":2 (arch_str): '" + hw.arch_strs[r] +
                         "' differs from " + data.accuracy.source + ":" + std::to_string(r + 2) + " ('" +
                         data.accuracy.arch_strs[r] + "'): the files disagree on the index order");
      }
    }
    data.hardware.emplace(dataset, std::move(hw));
  }
  return data;
}

BenchmarkTable load_fbnet_cifar100(const std::filesystem::path& data_dir) {
  return load_fbnet_samples(data_dir / "fbnet" / "cifar100_sampled_latency.csv");
}

std::filesystem::path resolve_data_dir(const std::optional<std::string>& option) {
  std::filesystem::path dir;
  std::string how;
  if (option) {
    dir = *option;
    how = "--data-dir";
  } else if (const char* env = std::getenv("HWNAS_DATA_DIR"); env && *env) {
    dir = env;
    how = "HWNAS_DATA_DIR";
  } else {
    dir = HWNAS_DEFAULT_DATA_DIR;
    how = "the default location";
  }
  if (!std::filesystem::exists(dir / "nasbench201" / "hw_cifar10.csv")) {
    throw InputError("no benchmark data in " + dir.string() + " (from " + how + ")\n" + missing_data_help(dir));
  }
  return dir;
}

std::string missing_data_help(const std::filesystem::path& where) {
  const std::string d = where.string();
  return "hwnas needs the HW-NAS-Bench / NAS-Bench-201 tables as CSV files:\n"
         "  " + d + "/nasbench201/hw_cifar10.csv      HW-NAS-Bench costs: export of HW-NAS-Bench-v1_0.pickle\n"
         "      (query_by_index(i, 'cifar10') for i in 0..15624), as committed to\n"
         "      github.com/PetraVidnerova/performance_prediction: mydata/hw_energy_all.csv\n"
         "  " + d + "/nasbench201/accuracy.csv        NAS-Bench-201 v1_1 accuracies (12 and 200 epochs)\n"
         "      and cifar10_train_seconds12, from the NAS-Bench-201 API (NATS-Bench tss)\n"
         "  " + d + "/nasbench201/flops_cifar10.csv   index,flops_m,params_m from the NAS-Bench-201 API\n"
         "  " + d + "/nasbench201/params_cifar10.csv  index,params_mb from the NAS-Bench-201 API\n"
         "  " + d + "/fbnet/cifar100_sampled_latency.csv  HW-NAS-Bench FBNet latencies of 5000 sampled\n"
         "      networks, from github.com/HayeonLee/HELP: data/fbnet/arch.pt and data/fbnet/latency/*.pt\n"
         "Exact columns are in benchmark_data/README.md of this repository. Point hwnas at the folder with\n"
         "--data-dir DIR or HWNAS_DATA_DIR=DIR, or place it at ../shared/benchmark_data beside the checkout.";
}

}  // namespace hwnas
