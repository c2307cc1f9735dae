// hwnas measure: the latency of NB201 or FBNet networks on this machine,
// written as a cost table of the user's own device (--cost-table), appended
// row by row so an interrupted measurement loses nothing (--resume).
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/progress.hpp"
#include "core/rng.hpp"
#include "core/stats.hpp"
#include "cli/commands.hpp"
#include "cli/launch.hpp"
#include "core/format.hpp"
#include "cli/options.hpp"
#include "cli/appended_table.hpp"
#include "study/arch_list.hpp"
#include "report/query_report.hpp"
#include "cli/torch_commands.hpp"
#include "benchmark/user_cost.hpp"

namespace hwnas {
namespace {

struct MeasureOptions {
  BenchmarkSpec bench;
  bool all = false;
  std::optional<std::size_t> sample;
  std::uint64_t seed = 0;
  std::optional<std::string> archs_file;
  std::string device_name;
  std::string out;
  int threads = 1, repeats = 50, warmup = 10;
  bool resume = false;
};

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

// The settings a resumed measurement must share, as "name=value" lines.
std::string settings_of(const MeasureOptions& o, const LatencyMeter& meter) {
  std::ostringstream s;
  // Which networks: a resumed run must measure the same ones (another --sample or --seed would mix two samples).
  const std::string selection = o.all ? "all" : o.sample ? "sample " + std::to_string(*o.sample) : "archs " + *o.archs_file;
  s << "space=" << o.bench.space << "\ndataset=" << o.bench.dataset << "\ndevice_name=" << o.device_name << "\nnetworks=" << selection
    << "\nseed=" << o.seed << "\nthreads=" << o.threads
    << "\nrepeats=" << o.repeats << "\nwarmup=" << o.warmup << "\nnetwork=" << meter.describe() << "\nlibtorch=" << meter.torch_version()
    << "\ncpu=" << cpu_model() << "\n";
  return s.str();
}

// The rows already measured: the lines of a previous run's table (a last line
// cut off by an interruption is dropped, and the file truncated to match).
// Every row must be a network this run measures.
std::vector<Arch> resume_rows(const std::filesystem::path& path, const std::string& header, const Benchmark& bench,
                              const std::set<Arch>& wanted) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.eof() && in.fail()) throw InputError("--resume: cannot read " + path.string());
  const std::size_t complete = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  if (complete < text.size()) std::filesystem::resize_file(path, complete);
  text.resize(complete);
  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line) || line != header) {
    throw InputError(path.string() + " is not this measurement's table (header '" + line + "', expected '" + header + "')");
  }
  // What is there is read back as a cost table would be: the rows' architectures.
  std::vector<Arch> done;
  if (text.size() > line.size() + 1) {
    const UserCostTable before(path, bench.space());
    done = before.archs();
  }
  for (std::size_t r = 0; r < done.size(); ++r) {
    if (!wanted.count(done[r])) {
      throw InputError(path.string() + ":" + std::to_string(r + 2) + ": network " + bench.space().to_string(done[r]) +
                       " is not one this measurement measures (another --sample, --seed or --archs?)");
    }
  }
  return done;
}

// FILE.stats.csv made to match the table: one row per table row, in its order,
// each the last row the old stats file had for that network, or (a stats file
// cut short or deleted) the table's median with the spread unknown (empty).
void rebuild_stats(const std::filesystem::path& stats, const std::string& header, const SearchSpace& space,
                   const std::vector<Arch>& rows, const UserCostTable* table, const CostKey& key) {
  std::map<std::string, std::string> previous;  // arch text -> whole line
  {
    std::ifstream in(stats, std::ios::binary);
    std::string line;
    for (bool first = true; std::getline(in, line); first = false) {
      if (first || in.eof() || line.size() < 2 || line[0] != '"') continue;  // header, a cut last line, junk
      const std::size_t close = line.find('"', 1);
      if (close == std::string::npos) continue;
      previous[line.substr(1, close - 1)] = line;
    }
  }
  AtomicFile out(stats);
  out.stream() << header << '\n';
  for (const Arch& a : rows) {
    const std::string text = space.to_string(a);
    if (const auto it = previous.find(text); it != previous.end()) {
      out.stream() << it->second << '\n';
    } else {
      out.stream() << '"' << text << "\"," << exact(*table->cost(a, key)) << ",,,,\n";
    }
  }
  out.commit();
}

void run_measure(const MeasureOptions& o, const DataDir& data_dir) {
  // Latency is this machine's, measured with its cores to itself: ranks of a
  // group would time each other's load, or mix machines in one device's table.
  if (distributed_from_environment()) {
    throw InputError("hwnas measure times networks on this machine alone: run it as one process (WORLD_SIZE is set: "
                     "this process was started as one rank of a group)");
  }
  const CostKey key = CostKey::of(o.device_name, "latency");  // validates the name
  for (const DeviceInfo& d : kBenchmarkDevices) {
    if (d.name == o.device_name) throw InputError("--device-name " + o.device_name + " is a HW-NAS-Bench device: name yours differently");
  }
  if (o.out.empty()) throw InputError("--out is empty: give the table's file name");
  const std::filesystem::path table(o.out), stats(o.out + ".stats.csv"), meta(o.out + ".settings");
  check_table_path(table);
  // One writer per table, taken before anything is loaded: a second run into the same file is refused at once.
  const FileLock lock(table.parent_path() / ("." + table.filename().string() + ".lock"), "--out " + o.out);
  const bool exists = std::filesystem::exists(table);
  if (exists && !o.resume) throw InputError(o.out + " exists: --resume continues that measurement; remove it to start over");
  if (!exists && o.resume) throw InputError("--resume: " + o.out + " does not exist");
  const auto bench = load_benchmark(data_dir, o.bench);
  const std::vector<Arch> archs = select_networks({o.all, o.sample, o.seed, o.archs_file}, *bench);
  // LibTorch is loaded here (in hwnas, by handing the command to hwnas-torch), before any file is touched.
  const auto meter = torch_commands().latency_meter(bench->space(), {o.bench.dataset, o.threads, o.warmup, o.repeats, o.seed});
  std::string header;
  for (const std::string& c : user_table_arch_columns(bench->space())) header += c + ",";
  header += key.name();
  const std::string stats_header = "arch,median_ms,q25_ms,q75_ms,min_ms,max_ms";
  const std::string settings = settings_of(o, *meter);
  std::set<Arch> done;
  if (exists) {
    std::ifstream m(meta);
    const std::string before((std::istreambuf_iterator<char>(m)), std::istreambuf_iterator<char>());
    if (before != settings) {
      throw InputError("--resume: " + meta.string() + " records other settings than this run's: " +
                       settings_difference(before, settings));
    }
    const std::vector<Arch> rows = resume_rows(table, header, *bench, std::set<Arch>(archs.begin(), archs.end()));
    const std::optional<UserCostTable> measured = rows.empty() ? std::nullopt : std::optional<UserCostTable>(std::in_place, table, bench->space());
    rebuild_stats(stats, stats_header, bench->space(), rows, measured ? &*measured : nullptr, key);
    done.insert(rows.begin(), rows.end());
  } else {
    AtomicFile m(meta);
    m.stream() << settings;
    m.commit();
    std::ofstream(table, std::ios::binary) << header << '\n';
    std::ofstream(stats, std::ios::binary) << stats_header << '\n';
  }
  std::ofstream table_out(table, std::ios::binary | std::ios::app), stats_out(stats, std::ios::binary | std::ios::app);
  std::size_t todo = 0;
  for (const Arch& a : archs) todo += !done.count(a);
  Progress progress("measure", todo);
  std::vector<double> relative_iqr, medians;
  std::size_t measured = 0;
  for (const Arch& a : archs) {
    if (done.count(a)) continue;
    const LatencyStats s = meter->measure(a);
    const std::string text = bench->space().to_string(a);
    table_out << user_table_arch_fields(bench->space(), a) << ',' << exact(s.median_ms) << '\n';
    stats_out << '"' << text << "\"," << exact(s.median_ms) << ',' << exact(s.q25_ms) << ',' << exact(s.q75_ms) << ','
              << exact(s.min_ms) << ',' << exact(s.max_ms) << '\n';
    table_out.flush();
    stats_out.flush();
    if (!table_out || !stats_out) throw OutputError("cannot write " + o.out + ": " + std::strerror(errno));
    medians.push_back(s.median_ms);
    relative_iqr.push_back((s.q75_ms - s.q25_ms) / s.median_ms);
    progress.update(++measured, fixed(s.median_ms, 3) + " ms");
  }
  std::cout << "measured " << measured << " networks (" << done.size() << " from before) with " << o.threads
            << " thread(s), " << o.repeats << " timed runs each after " << o.warmup << " warm-up runs: " << meter->describe()
            << "\n";
  if (measured) {
    std::cout << "median latency " << fixed(quantile(medians, 0.5), 3) << " ms (" << fixed(quantile(medians, 0.0), 3) << " to "
              << fixed(quantile(medians, 1.0), 3) << "), median spread (interquartile range / median) "
              << fixed(100 * quantile(relative_iqr, 0.5), 1) << "%\n";
  }
  std::cout << "wrote " << o.out << " (" << key.name() << ", use it with --cost-table), " << stats.string() << " and "
            << meta.string() << "\n";
}

}  // namespace

void add_measure_command(CLI::App& command, const std::optional<std::string>& data_dir) {
  auto* cmd = &command;
  auto o = std::make_shared<MeasureOptions>();
  add_benchmark_options(cmd, o->bench, {.cost_dataset = false, .cost_tables = false});  // it measures; it reads no costs
  cmd->add_flag("--all", o->all, "every network (NB201: all 15625 cells)");
  cmd->add_option("--sample", o->sample, "N distinct random networks (by --seed)")->check(whole_in(1, 1000000));
  cmd->add_option("--seed", o->seed, "seed of --sample, of the weights and of the input")->capture_default_str()->check(whole_in(0, kMaxSeed));
  cmd->add_option("--archs", o->archs_file, "FILE: one architecture (index or arch) per line, e.g. a search's results");
  cmd->add_option("--device-name", o->device_name, "your device's name: the column is <name>_latency")->required();
  cmd->add_option("--out", o->out, "the cost table to write (FILE; also FILE.stats.csv and FILE.settings)")->required();
  cmd->add_option("--threads", o->threads, "intra-op threads, fixed")->capture_default_str()->check(whole_in(1, 1024));
  cmd->add_option("--repeats", o->repeats, "timed runs per network (the median is kept)")->capture_default_str()->check(whole_in(1, 100000));
  cmd->add_option("--warmup", o->warmup, "untimed runs first")->capture_default_str()->check(whole_in(0, 100000));
  cmd->add_flag("--resume", o->resume, "continue an interrupted measurement of the same settings");
  cmd->callback([o, &data_dir] { run_measure(*o, resolve_data_dir(data_dir)); });
}

}  // namespace hwnas
