#pragma once
// hwnas benchmark_data: reading and validating the benchmark files.
//
// The files are facts from public benchmarks (HW-NAS-Bench, NAS-Bench-201),
// converted to CSV; a copy with a checksum manifest ships in
// benchmark_data/data/ (README.md lists each file, its source and licence).
// This library finds the data directory (resolve_data_dir), reads files safely
// (DataDir, data_files.hpp: regular files only, bounded, checked against the
// manifest), parses each strictly (CsvFile: exact header, row count, index
// order, finite numbers in a plausible range) and returns plain tables
// (BenchmarkTable). It knows nothing about search: cost/ and spaces/ turn the
// tables into cost models and index orders.
//
// Conventions: upstream marks a missing value with -1 (e.g. Edge TPU latency of
// a network its compiler rejected); tables hold NaN there, never -1, and
// is_missing() tests for it.
#include <cmath>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "benchmark_data/csv.hpp"
#include "benchmark_data/data_files.hpp"

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
  std::vector<std::string> keys;             // FBNet op_lut.csv: the op_key of each row
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

// NAS-Bench-201's datasets, in its order: the one list every NB201 default,
// check and message reads (their input size and classes: nb201_dataset_shape).
inline constexpr const char* kNb201Datasets[] = {"cifar10", "cifar100", "ImageNet16-120"};
inline std::vector<std::string> nb201_datasets() { return {std::begin(kNb201Datasets), std::end(kNb201Datasets)}; }
inline constexpr const char* kNb201HardwareColumns[] = {
    "edgegpu_latency", "edgegpu_energy",  "raspi4_latency",  "edgetpu_latency",
    "pixel3_latency",  "eyeriss_latency", "eyeriss_energy", "eyeriss_arithmetic_intensity",
    "fpga_latency",    "fpga_energy"};
inline constexpr const char* kFbnetLatencyColumns[] = {"eyeriss_latency", "fpga_latency", "pixel3_latency",
                                                       "raspi4_latency"};
// HW-NAS-Bench's FBNet metrics, in op_lut.csv's column order (no Edge TPU upstream).
inline constexpr const char* kFbnetLutColumns[] = {"edgegpu_latency", "edgegpu_energy", "raspi4_latency",
                                                   "pixel3_latency",  "eyeriss_latency", "eyeriss_energy",
                                                   "fpga_latency",    "fpga_energy"};

// The benchmark files, by their path relative to the data directory.
inline constexpr const char* kNb201AccuracyFile = "nasbench201/accuracy.csv";
inline constexpr const char* kNb201FlopsFile = "nasbench201/flops_cifar10.csv";
inline constexpr const char* kNb201ParamsFile = "nasbench201/params_cifar10.csv";
std::string nb201_hardware_file(const std::string& dataset);  // nasbench201/hw_<dataset>.csv
inline constexpr const char* kFbnetSamplesFile = "fbnet/cifar100_sampled_latency.csv";
inline constexpr const char* kFbnetLutFile = "fbnet/op_lut.csv";

// Each loader validates the whole file and throws InputError naming the file,
// line, column and problem. Costs must be positive and below 1e6 (ms, mJ),
// accuracies in [0, 100]; upstream's -1 (missing) is accepted only where
// upstream uses it (Edge TPU latency).
BenchmarkTable load_nb201_hardware(const CsvFile& csv);
// Parses the accuracy columns of `datasets` (and the training times); the
// header is checked whole.
BenchmarkTable load_nb201_accuracy(const CsvFile& csv,
                                   const std::vector<std::string>& datasets = nb201_datasets());
BenchmarkTable load_nb201_flops(const CsvFile& csv);
BenchmarkTable load_nb201_params(const CsvFile& csv);
BenchmarkTable load_fbnet_samples(const CsvFile& csv);
// op_lut.csv: `keys` holds each row's op_key (unique), `columns` the 8 metrics.
BenchmarkTable load_fbnet_lut(const CsvFile& csv);

// Everything under <data_dir>/nasbench201 for `datasets` (all three by
// default), checking that all files agree on arch strings: their accuracy
// columns and hardware files; a dataset whose hardware file is absent gets no
// entry in `hardware`.
Nb201Data load_nb201(const DataDir& data_dir,
                     const std::vector<std::string>& datasets = nb201_datasets());
BenchmarkTable load_fbnet_cifar100_samples(const DataDir& data_dir);
BenchmarkTable load_fbnet_lut(const DataDir& data_dir);

// The data directory: `option` (--data-dir) if given, else $HWNAS_DATA_DIR,
// else the copy shipped in this repository (benchmark_data/data). Throws
// InputError with missing_data_help() when the chosen directory lacks the
// benchmark files.
DataDir resolve_data_dir(const std::optional<std::string>& option);
// The shipped copy's directory: benchmark_data/data in the source tree while
// it exists, else the copy `cmake --install` put in PREFIX/share/hwnas/data.
std::filesystem::path shipped_data_dir();
// What a data directory must hold.
std::string missing_data_help(const std::filesystem::path& where);

}  // namespace hwnas
