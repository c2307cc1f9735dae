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

// HELP's device collection (help/): latency columns named as HELP names its
// devices, in its files' (alphabetical) order. NB201 and FBNet share all but
// the GPUs' largest batch size (256 on NB201, 64 on FBNet).
inline constexpr const char* kHelpNb201Devices[] = {
    "1080ti_1",    "1080ti_256",  "1080ti_32",   "2080ti_1",      "2080ti_256",   "2080ti_32",  "essential_ph_1",
    "eyeriss",     "fpga",        "gold_6226",   "gold_6240",     "pixel2",       "pixel3",     "raspi4",
    "samsung_a50", "samsung_s7",  "silver_4114", "silver_4210r",  "titan_rtx_1",  "titan_rtx_256",
    "titan_rtx_32", "titanx_1",   "titanx_256",  "titanx_32",     "titanxp_1",    "titanxp_256", "titanxp_32"};
inline constexpr const char* kHelpFbnetDevices[] = {
    "1080ti_1",    "1080ti_32",   "1080ti_64",   "2080ti_1",      "2080ti_32",    "2080ti_64",  "essential_ph_1",
    "eyeriss",     "fpga",        "gold_6226",   "gold_6240",     "pixel2",       "pixel3",     "raspi4",
    "samsung_a50", "samsung_s7",  "silver_4114", "silver_4210r",  "titan_rtx_1",  "titan_rtx_32",
    "titan_rtx_64", "titanx_1",   "titanx_32",   "titanx_64",     "titanxp_1",    "titanxp_32", "titanxp_64"};
// The four settings HELP copied from HW-NAS-Bench: checked equal to HW-NAS-Bench's
// <device>_latency value for value (which also proves the row order), then
// left out, so each device is one column.
inline constexpr const char* kHelpCopiedDevices[] = {"eyeriss", "fpga", "pixel3", "raspi4"};

// The benchmark files, by their path relative to the data directory.
inline constexpr const char* kNb201AccuracyFile = "nasbench201/accuracy.csv";
inline constexpr const char* kNb201FlopsFile = "nasbench201/flops_cifar10.csv";
inline constexpr const char* kNb201ParamsFile = "nasbench201/params_cifar10.csv";
std::string nb201_hardware_file(const std::string& dataset);  // nasbench201/hw_<dataset>.csv
inline constexpr const char* kFbnetSamplesFile = "fbnet/cifar100_sampled_latency.csv";
inline constexpr const char* kFbnetLutFile = "fbnet/op_lut.csv";
inline constexpr const char* kHelpNb201File = "help/nb201_latency.csv";
inline constexpr const char* kHelpFbnetFile = "help/fbnet_cifar100_latency.csv";

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
// HELP's files. The result holds one column `<device>_latency` per HELP device
// that HW-NAS-Bench lacks (FBNet: with `choices`; NB201: with `arch_strs`).
// Besides the checks above: the architectures must be those of `hw_cifar10`
// (NB201's CIFAR-10 costs, hw_cifar10.csv) or `fbnet_samples`
// (cifar100_sampled_latency.csv) row by row, and the copied devices' values
// equal theirs bit for bit; InputError naming the file, line and column otherwise.
BenchmarkTable load_help_nb201(const CsvFile& csv, const BenchmarkTable& hw_cifar10);
BenchmarkTable load_help_fbnet(const CsvFile& csv, const BenchmarkTable& fbnet_samples);
BenchmarkTable load_help_nb201(const DataDir& data_dir, const BenchmarkTable& hw_cifar10);
BenchmarkTable load_help_fbnet(const DataDir& data_dir, const BenchmarkTable& fbnet_samples);

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
