#include "benchmark_data/benchmark_data.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <limits>
#include <set>

#include "core/error.hpp"
#include "core/format.hpp"

#if !defined(HWNAS_SHIPPED_DATA_DIR) || !defined(HWNAS_INSTALLED_DATA_DIR)
#error "HWNAS_SHIPPED_DATA_DIR and HWNAS_INSTALLED_DATA_DIR must be defined by the build"
#endif

namespace hwnas {
namespace {

constexpr std::size_t kNb201Rows = 15625;
constexpr std::size_t kFbnetLayers = 22;
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// What a column may hold. Bounds are far outside every real value, yet catch a
// misplaced decimal point or a number that is no measurement (1e308, 1e-320).
struct Range {
  double lo, hi;
  bool lo_inclusive;
  const char* meaning;
  bool zero_too = false;  // exactly 0 is also a value (an operator that costs nothing)
};
constexpr Range kCost{1e-9, 1e6, true, "a cost in [1e-9, 1e6]"};
// One operator's cost: an identity skip costs exactly 0 on several devices upstream.
constexpr Range kOpCost{1e-9, 1e6, true, "an operator cost of 0 or in [1e-9, 1e6]", true};
constexpr Range kCount{1e-9, 1e6, true, "a positive count in [1e-9, 1e6] (millions)"};
constexpr Range kSeconds{1e-3, 1e7, true, "a training time in [0.001, 1e7] seconds"};
constexpr Range kPercent{0.0, 100.0, true, "a percentage in [0, 100]"};

NamedColumn read_column(const CsvFile& csv, std::size_t col, Range range, bool minus_one_is_missing) {
  NamedColumn column{std::string(csv.header()[col]), std::vector<double>(csv.rows())};
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    const double v = csv.number(r, col);
    if (minus_one_is_missing && v == -1.0) {
      column.values[r] = kMissing;
      continue;
    }
    const bool ok = ((range.lo_inclusive ? v >= range.lo : v > range.lo) && v <= range.hi) || (range.zero_too && v == 0.0);
    if (!ok) {
      throw InputError(csv.where(r, col) + ": expected " + range.meaning +
                       (minus_one_is_missing ? " or -1 (missing)" : "") + ", found '" + std::string(csv.text(r, col)) +
                       "'");
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
  BenchmarkTable table{csv.path(), {}, {}, {}, {}};
  if (has_arch_str) {
    table.arch_strs.reserve(csv.rows());
    for (std::size_t r = 0; r < csv.rows(); ++r) table.arch_strs.emplace_back(csv.text(r, 1));
  }
  return table;
}

CsvFile read_csv(const DataDir& dir, const std::string& relative) {
  return CsvFile(dir.locate(relative).string(), dir.read(relative));
}

// Columns `cols` of `csv`, parsed in parallel (the big files have 10 columns of 15625 numbers).
std::vector<NamedColumn> read_columns(const CsvFile& csv, const std::vector<std::size_t>& cols,
                                      const std::function<Range(std::size_t)>& range_of,
                                      const std::function<bool(std::size_t)>& minus_one_is_missing) {
  std::vector<NamedColumn> columns(cols.size());
  tbb::parallel_for(std::size_t{0}, cols.size(), [&](std::size_t i) {
    columns[i] = read_column(csv, cols[i], range_of(cols[i]), minus_one_is_missing(cols[i]));
  });
  return columns;
}

// A data directory without a manifest (the user's own) must still use NAS-Bench-201's
// index order: rows swapped consistently in every file would pass every other check.
// Compared with the copy shipped with hwnas, when it is there.
void check_official_order(const BenchmarkTable& accuracy) {
  const DataDir shipped(shipped_data_dir());
  if (!shipped.has_manifest() || !shipped.has(kNb201AccuracyFile)) return;
  const CsvFile official = read_csv(shipped, kNb201AccuracyFile);
  for (std::size_t r = 0; r < accuracy.arch_strs.size() && r < official.rows(); ++r) {
    if (accuracy.arch_strs[r] != official.text(r, 1)) {
      throw InputError(accuracy.source + ":" + std::to_string(r + 2) + ":2 (arch_str): '" + accuracy.arch_strs[r] +
                       "' is not NAS-Bench-201's architecture " + std::to_string(r) + " ('" + std::string(official.text(r, 1)) +
                       "'): rows out of the official index order");
    }
  }
}

}  // namespace

std::string nb201_hardware_file(const std::string& dataset) { return "nasbench201/hw_" + dataset + ".csv"; }

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

BenchmarkTable load_nb201_hardware(const CsvFile& csv) {
  csv.expect_header(header_with({"index", "arch_str"}, kNb201HardwareColumns));
  BenchmarkTable table = nb201_table(csv, true);
  std::vector<std::size_t> cols;
  for (std::size_t col = 2; col < csv.header().size(); ++col) cols.push_back(col);
  // Upstream marks missing with -1 only in edgetpu_latency (networks its compiler rejected).
  table.columns = read_columns(csv, cols, [](std::size_t) { return kCost; },
                               [&](std::size_t col) { return csv.header()[col] == "edgetpu_latency"; });
  return table;
}

BenchmarkTable load_nb201_accuracy(const CsvFile& csv, const std::vector<std::string>& datasets) {
  std::vector<std::string> header = {"index", "arch_str"};
  for (const char* d : kNb201Datasets) {
    for (const char* s : {"_valid12", "_test12", "_valid200", "_test200"}) header.push_back(std::string(d) + s);
  }
  header.emplace_back("cifar10_train_seconds12");
  csv.expect_header(header);
  BenchmarkTable table = nb201_table(csv, true);
  std::vector<std::size_t> cols;
  for (std::size_t col = 2; col + 1 < header.size(); ++col) {
    const std::string_view name = csv.header()[col];
    const bool wanted = std::any_of(datasets.begin(), datasets.end(), [&](const std::string& d) {
      return name.size() > d.size() && name.substr(0, d.size()) == d && name[d.size()] == '_';
    });
    if (wanted) cols.push_back(col);
  }
  const std::size_t seconds = header.size() - 1;
  cols.push_back(seconds);
  table.columns = read_columns(csv, cols, [&](std::size_t col) { return col == seconds ? kSeconds : kPercent; },
                               [](std::size_t) { return false; });
  return table;
}

BenchmarkTable load_nb201_flops(const CsvFile& csv) {
  csv.expect_header({"index", "flops_m", "params_m"});
  BenchmarkTable table = nb201_table(csv, false);
  table.columns.push_back(read_column(csv, 1, kCount, false));
  table.columns.push_back(read_column(csv, 2, kCount, false));
  return table;
}

BenchmarkTable load_nb201_params(const CsvFile& csv) {
  csv.expect_header({"index", "params_mb"});
  BenchmarkTable table = nb201_table(csv, false);
  table.columns.push_back(read_column(csv, 1, kCount, false));
  return table;
}

BenchmarkTable load_fbnet_samples(const CsvFile& csv) {
  std::vector<std::string> header = {"sample"};
  for (std::size_t l = 0; l < kFbnetLayers; ++l) header.push_back("layer" + std::to_string(l));
  header = header_with(header, kFbnetLatencyColumns);
  csv.expect_header(header);
  if (csv.rows() == 0) throw InputError(csv.path() + ": no data rows");
  csv.expect_row_numbers(0);
  BenchmarkTable table{csv.path(), {}, std::vector<std::vector<int>>(csv.rows()), {}, {}};
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
    table.columns.push_back(read_column(csv, col, kCost, false));
  }
  return table;
}

BenchmarkTable load_fbnet_lut(const CsvFile& csv) {
  csv.expect_header(header_with({"op_key"}, kFbnetLutColumns));
  if (csv.rows() == 0) throw InputError(csv.path() + ": no data rows");
  BenchmarkTable table{csv.path(), {}, {}, {}, {}};
  std::set<std::string_view> seen;
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    const std::string_view key = csv.text(r, 0);
    if (key.empty()) throw InputError(csv.where(r, 0) + ": empty op_key");
    if (!seen.insert(key).second) throw InputError(csv.where(r, 0) + ": op_key '" + std::string(key) + "' appears twice");
    table.keys.emplace_back(key);
  }
  for (std::size_t col = 1; col < csv.header().size(); ++col) table.columns.push_back(read_column(csv, col, kOpCost, false));
  return table;
}

Nb201Data load_nb201(const DataDir& dir, const std::vector<std::string>& datasets) {
  // The files are independent: read and parse them in parallel, then check they agree.
  std::vector<std::string> hw_datasets;
  for (const std::string& d : datasets) {
    if (dir.has(nb201_hardware_file(d))) hw_datasets.push_back(d);
  }
  std::vector<BenchmarkTable> tables(3 + hw_datasets.size());
  tbb::parallel_for(std::size_t{0}, tables.size(), [&](std::size_t i) {
    if (i == 0) tables[i] = load_nb201_accuracy(read_csv(dir, kNb201AccuracyFile), datasets);
    if (i == 1) tables[i] = load_nb201_flops(read_csv(dir, kNb201FlopsFile));
    if (i == 2) tables[i] = load_nb201_params(read_csv(dir, kNb201ParamsFile));
    if (i >= 3) tables[i] = load_nb201_hardware(read_csv(dir, nb201_hardware_file(hw_datasets[i - 3])));
  });
  Nb201Data data{std::move(tables[0]), std::move(tables[1]), std::move(tables[2]), {}};
  if (!dir.has_manifest()) check_official_order(data.accuracy);
  for (std::size_t k = 0; k < hw_datasets.size(); ++k) {
    BenchmarkTable& hw = tables[3 + k];
    for (std::size_t r = 0; r < kNb201Rows; ++r) {
      if (hw.arch_strs[r] != data.accuracy.arch_strs[r]) {
        throw InputError(hw.source + ":" + std::to_string(r + 2) + ":2 (arch_str): '" + hw.arch_strs[r] +
                         "' differs from " + data.accuracy.source + ":" + std::to_string(r + 2) + " ('" +
                         data.accuracy.arch_strs[r] + "'): the files disagree on the index order");
      }
    }
    data.hardware.emplace(hw_datasets[k], std::move(hw));
  }
  return data;
}

namespace {

bool copied_from_hw_nas_bench(std::string_view device) {
  return std::find(std::begin(kHelpCopiedDevices), std::end(kHelpCopiedDevices), device) != std::end(kHelpCopiedDevices);
}

// HELP's latency columns from `first_device` on: the copied ones checked against `reference`
// (HW-NAS-Bench's table of the same rows), the others returned as <device>_latency.
std::vector<NamedColumn> help_columns(const CsvFile& csv, std::size_t first_device, const BenchmarkTable& reference) {
  std::vector<std::size_t> cols;
  for (std::size_t col = first_device; col < csv.header().size(); ++col) cols.push_back(col);
  std::vector<NamedColumn> parsed = read_columns(csv, cols, [](std::size_t) { return kCost; }, [](std::size_t) { return false; });
  std::vector<NamedColumn> kept;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    NamedColumn& column = parsed[i];
    const std::string name = column.name + "_latency";
    if (copied_from_hw_nas_bench(column.name)) {
      const NamedColumn& theirs = reference.column(name);
      for (std::size_t r = 0; r < column.values.size(); ++r) {
        if (column.values[r] != theirs.values[r]) {
          throw InputError(csv.where(r, cols[i]) + ": " + std::string(csv.text(r, cols[i])) + " differs from " +
                           reference.source + "'s " + name + " " + exact(theirs.values[r]) +
                           " (HELP copied this device from HW-NAS-Bench): rows out of order or a damaged file");
        }
      }
      continue;
    }
    column.name = name;
    kept.push_back(std::move(column));
  }
  return kept;
}

}  // namespace

BenchmarkTable load_help_nb201(const CsvFile& csv, const BenchmarkTable& hw_cifar10) {
  csv.expect_header(header_with({"index", "arch_str"}, kHelpNb201Devices));
  BenchmarkTable table = nb201_table(csv, true);
  for (std::size_t r = 0; r < kNb201Rows; ++r) {
    if (table.arch_strs[r] != hw_cifar10.arch_strs.at(r)) {
      throw InputError(csv.where(r, 1) + ": '" + table.arch_strs[r] + "' differs from " + hw_cifar10.source + ":" +
                       std::to_string(r + 2) + " ('" + hw_cifar10.arch_strs[r] + "'): the files disagree on the index order");
    }
  }
  table.columns = help_columns(csv, 2, hw_cifar10);
  return table;
}

BenchmarkTable load_help_fbnet(const CsvFile& csv, const BenchmarkTable& fbnet_samples) {
  std::vector<std::string> header = {"sample"};
  for (std::size_t l = 0; l < kFbnetLayers; ++l) header.push_back("layer" + std::to_string(l));
  csv.expect_header(header_with(header, kHelpFbnetDevices));
  csv.expect_rows(fbnet_samples.choices.size());
  csv.expect_row_numbers(0);
  BenchmarkTable table{csv.path(), {}, std::vector<std::vector<int>>(csv.rows()), {}, {}};
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    for (std::size_t l = 0; l < kFbnetLayers; ++l) {
      const long block = csv.integer(r, l + 1);
      if (block != fbnet_samples.choices[r][l]) {
        throw InputError(csv.where(r, l + 1) + ": block " + std::to_string(block) + " differs from " + fbnet_samples.source +
                         "'s " + std::to_string(fbnet_samples.choices[r][l]) + ": the files disagree on the networks");
      }
      table.choices[r].push_back(static_cast<int>(block));
    }
  }
  table.columns = help_columns(csv, 1 + kFbnetLayers, fbnet_samples);
  return table;
}

BenchmarkTable load_help_nb201(const DataDir& dir, const BenchmarkTable& hw_cifar10) {
  return load_help_nb201(read_csv(dir, kHelpNb201File), hw_cifar10);
}

BenchmarkTable load_help_fbnet(const DataDir& dir, const BenchmarkTable& fbnet_samples) {
  return load_help_fbnet(read_csv(dir, kHelpFbnetFile), fbnet_samples);
}

BenchmarkTable load_fbnet_cifar100_samples(const DataDir& dir) { return load_fbnet_samples(read_csv(dir, kFbnetSamplesFile)); }

BenchmarkTable load_fbnet_lut(const DataDir& dir) { return load_fbnet_lut(read_csv(dir, kFbnetLutFile)); }

std::filesystem::path shipped_data_dir() {
  // A build reads the source tree's copy; an installed hwnas whose source tree is gone, the installed one.
  const std::filesystem::path source = HWNAS_SHIPPED_DATA_DIR;
  std::error_code ec;
  if (std::filesystem::is_directory(source, ec)) return source;
  const std::filesystem::path installed = HWNAS_INSTALLED_DATA_DIR;
  return std::filesystem::is_directory(installed, ec) ? installed : source;
}

DataDir resolve_data_dir(const std::optional<std::string>& option) {
  std::filesystem::path dir;
  std::string how;
  if (option) {
    if (option->empty()) throw InputError("--data-dir is empty");
    dir = *option;
    how = "--data-dir";
  } else if (const char* env = std::getenv("HWNAS_DATA_DIR"); env && *env) {
    dir = env;
    how = "HWNAS_DATA_DIR";
  } else {
    dir = shipped_data_dir();
    how = "the copy shipped with hwnas";
  }
  DataDir data(dir);
  if (!data.has(kNb201AccuracyFile)) {
    throw InputError("no benchmark data in " + dir.string() + " (from " + how + "): " + missing_data_help(dir));
  }
  return data;
}

std::string missing_data_help(const std::filesystem::path& where) {
  return "a data directory holds nasbench201/{accuracy,flops_cifar10,params_cifar10,hw_cifar10,hw_cifar100,"
         "hw_ImageNet16-120}.csv and fbnet/{op_lut,cifar100_sampled_latency}.csv (each may be gzip-compressed as .csv.gz), "
         "laid out as in " + shipped_data_dir().string() + "; leave out --data-dir and HWNAS_DATA_DIR to use that copy"
         " (checked: " + where.string() + ")";
}

}  // namespace hwnas
