#pragma once
// hwnas benchmark_data: reading and validating the benchmark files.
//
// The files are facts from public benchmarks (HW-NAS-Bench, NAS-Bench-201),
// converted to CSV and kept outside this repository; README.md lists them and
// their upstream sources. This library finds the data directory
// (resolve_data_dir), reads each file strictly (CsvFile: exact header, row
// count, index order, finite numbers in range) and returns plain tables
// (BenchmarkTable). It knows nothing about search: cost/ and spaces/ turn the
// tables into cost models and index orders.
//
// Conventions: upstream marks a missing value with -1 (e.g. Edge TPU latency of
// a network its compiler rejected); tables hold NaN there, never -1, and
// is_missing() tests for it.
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hwnas {

struct NamedColumn {
  std::string name;
  std::vector<double> values;  // NaN = missing
};

inline bool is_missing(double value) { return std::isnan(value); }

struct BenchmarkTable {
  std::string source;                        // the file it came from
  std::vector<std::string> arch_strs;        // NB201 files with an arch_str column
  std::vector<std::vector<int>> choices;     // FBNet sample files: [row][layer] block index
  std::vector<NamedColumn> columns;          // numeric columns, in file order

  std::size_t rows() const;
  // Throws InputError naming the file when there is no such column.
  const NamedColumn& column(const std::string& name) const;
  bool has_column(const std::string& name) const;
};

// NAS-Bench-201 with HW-NAS-Bench costs. `hardware` maps a dataset name
// (cifar10, cifar100, ImageNet16-120) to its hw_<dataset>.csv; datasets whose
// file is absent have no entry.
struct Nb201Data {
  BenchmarkTable accuracy;  // accuracy.csv
  BenchmarkTable flops;     // flops_cifar10.csv (flops_m, params_m)
  BenchmarkTable params;    // params_cifar10.csv (params_mb)
  std::map<std::string, BenchmarkTable> hardware;
};

inline constexpr const char* kNb201Datasets[] = {"cifar10", "cifar100", "ImageNet16-120"};
inline constexpr const char* kNb201HardwareColumns[] = {
    "edgegpu_latency", "edgegpu_energy",  "raspi4_latency",  "edgetpu_latency",
    "pixel3_latency",  "eyeriss_latency", "eyeriss_energy", "eyeriss_arithmetic_intensity",
    "fpga_latency",    "fpga_energy"};
inline constexpr const char* kFbnetLatencyColumns[] = {"eyeriss_latency", "fpga_latency", "pixel3_latency",
                                                       "raspi4_latency"};

// Each loader validates the whole file and throws InputError naming the file,
// line, column and problem.
BenchmarkTable load_nb201_hardware(const std::filesystem::path& file);
BenchmarkTable load_nb201_accuracy(const std::filesystem::path& file);
BenchmarkTable load_nb201_flops(const std::filesystem::path& file);
BenchmarkTable load_nb201_params(const std::filesystem::path& file);
BenchmarkTable load_fbnet_samples(const std::filesystem::path& file);

// Everything under <data_dir>/nasbench201, checking that all files agree on arch strings.
Nb201Data load_nb201(const std::filesystem::path& data_dir);
// <data_dir>/fbnet/cifar100_sampled_latency.csv
BenchmarkTable load_fbnet_cifar100(const std::filesystem::path& data_dir);

// The data directory: `option` (--data-dir) if given, else $HWNAS_DATA_DIR,
// else ../shared/benchmark_data beside the source tree. Throws InputError with
// missing_data_help() when the chosen directory lacks the benchmark files.
std::filesystem::path resolve_data_dir(const std::optional<std::string>& option);
// Which upstream files to fetch and where to put them.
std::string missing_data_help(const std::filesystem::path& where);

}  // namespace hwnas
