// hwnas proxy: zero-cost proxies of untrained NB201 or FBNet networks, one row
// per network, appended as it goes so an interrupted run loses nothing
// (--resume). The table is what --accuracy-from proxy:...:FILE reads.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>
#include <cstring>
#include <cmath>

#include "benchmark/proxies.hpp"
#include "benchmark/user_cost.hpp"
#include "benchmark_data/benchmark_data.hpp"
#include "cli/appended_table.hpp"
#include "cli/commands.hpp"
#include "cli/launch.hpp"
#include "cli/options.hpp"
#include "cli/torch_commands.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/format.hpp"
#include "core/progress.hpp"
#include "core/stats.hpp"

namespace hwnas {
namespace {

std::string value_text(double v) { return std::isnan(v) ? "nan" : exact(v); }

struct ProxyOptions {
  BenchmarkSpec bench;
  NetworkSelection networks;
  std::string proxy_list;
  std::string data = "fashion-mnist";
  std::optional<int> batch_size;
  int threads = 0;
  std::string out;
  bool resume = false;
  std::optional<std::string> dump_inputs;
  int nproc = 1;  // --nproc: ranks on this machine that split the networks
  double dist_timeout = 180;
};

// A network's scores as text between ranks: "values;seconds;build" (exact, nan kept).
std::string scores_text(const ProxyScorer::Scores& s) {
  std::string out;
  for (double v : s.values) out += value_text(v) + " ";
  out += ";";
  for (double v : s.seconds) out += exact(v) + " ";
  return out + ";" + exact(s.build_seconds);
}
ProxyScorer::Scores scores_from_text(const std::string& text) {
  ProxyScorer::Scores s;
  std::istringstream in(text);
  std::string values, seconds, build;
  std::getline(in, values, ';');
  std::getline(in, seconds, ';');
  std::getline(in, build);
  const auto numbers = [](const std::string& list) {
    std::vector<double> v;
    std::istringstream items(list);
    for (std::string item; items >> item;) v.push_back(std::strtod(item.c_str(), nullptr));
    return v;
  };
  s.values = numbers(values);
  s.seconds = numbers(seconds);
  s.build_seconds = std::strtod(build.c_str(), nullptr);
  return s;
}

// The settings a resumed run must share, as "name=value" lines (not the thread
// count: scores do not depend on it).
std::string settings_of(const ProxyOptions& o, const std::vector<ProxyKind>& kinds, const ProxyScorer* scorer) {
  std::ostringstream s;
  const NetworkSelection& n = o.networks;
  const std::string selection = n.all ? "all" : n.sample ? "sample " + std::to_string(*n.sample) : "archs " + *n.archs_file;
  std::string names;
  for (const ProxyKind& k : kinds) names += (names.empty() ? "" : ",") + k.name;
  s << "space=" << o.bench.space << "\ndataset=" << o.bench.dataset << "\nproxies=" << names << "\nnetworks=" << selection
    << "\nseed=" << n.seed << "\ndata=" << o.data << "\nbatch_size=" << (o.batch_size ? std::to_string(*o.batch_size) : "reference")
    << "\n";
  if (scorer) s << "network=" << scorer->describe() << "\nlibtorch=" << scorer->torch_version() << "\n";
  return s.str();
}

// The networks a previous run wrote (a last line cut off by an interruption is
// dropped, and the file truncated to match); each must be one this run scores.
std::set<Arch> resume_rows(const std::filesystem::path& path, const std::string& header, const SearchSpace& space,
                           const std::set<Arch>& wanted) {
  std::string text;
  {
    std::ifstream in(path, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const std::size_t complete = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  if (complete < text.size()) std::filesystem::resize_file(path, complete);
  text.resize(complete);
  const std::string first = text.substr(0, text.find('\n'));
  if (first != header) {
    throw InputError(path.string() + " is not this run's table (header '" + first + "', expected '" + header + "')");
  }
  std::set<Arch> done;
  if (text.size() == first.size() + 1) return done;
  const ProxyTable before(path, space);
  for (std::size_t r = 0; r < before.archs().size(); ++r) {
    if (!wanted.count(before.archs()[r])) {
      throw InputError(path.string() + ":" + std::to_string(r + 2) + ": network " + space.to_string(before.archs()[r]) +
                       " is not one this run scores (another --sample, --seed or --archs?)");
    }
    done.insert(before.archs()[r]);
  }
  return done;
}

void run_proxy(const ProxyOptions& o, const DataDir& data_dir) {
  const std::vector<ProxyKind> kinds = parse_proxy_list(o.proxy_list);
  if (o.out.empty()) throw InputError("--out is empty: give the table's file name");
  if (o.nproc > 1) {
    run_local_ranks(o.nproc);  // rank 0 has written the table; a failure is thrown with the rank's own line
    return;
  }
  // A group of ranks splits the networks: rank i scores the i-th of every
  // `size` networks still to do, rank 0 owns the files and writes every row in
  // the selection's order. A network's scores depend only on it and --seed,
  // so the table is the same for any number of ranks (and a resume may use another).
  std::unique_ptr<RankGroup> group;
  if (std::optional<DistributedSettings> settings = distributed_from_environment()) {
    if (o.dump_inputs) throw InputError("--dump-inputs writes files beside the table: run it in one process");
    settings->timeout_seconds = o.dist_timeout;
    group = torch_commands().join_group(*settings);
  }
  const bool writes = !group || group->rank() == 0;
  const std::filesystem::path table(o.out), meta(o.out + ".settings");
  std::optional<FileLock> lock;
  bool exists = false;
  if (writes) {
    check_table_path(table);
    lock.emplace(table.parent_path() / ("." + table.filename().string() + ".lock"), "--out " + o.out);
    exists = std::filesystem::exists(table);
    if (exists && !o.resume) throw InputError(o.out + " exists: --resume continues that run; remove it to start over");
    if (!exists && o.resume) throw InputError("--resume: " + o.out + " does not exist");
  }
  if (o.dump_inputs && !std::filesystem::is_directory(*o.dump_inputs)) throw InputError("--dump-inputs " + *o.dump_inputs + " is not a directory");
  const auto bench = load_benchmark(data_dir, o.bench);
  const SearchSpace& space = bench->space();
  const std::vector<Arch> archs = select_networks(o.networks, *bench);

  ProxyConfig config;
  config.dataset = o.bench.dataset;
  config.data = o.data;
  config.batch_size = o.batch_size;
  config.seed = o.networks.seed;
  for (const ProxyKind& k : kinds) {
    if (k.runs_network) config.proxies.push_back(k.name);
  }
  // LibTorch is loaded here (in hwnas, by handing the command to hwnas-torch), before any file is touched.
  const std::unique_ptr<ProxyScorer> scorer = config.proxies.empty() ? nullptr : torch_commands().proxy_scorer(space, config);

  std::string header;
  for (const std::string& c : user_table_arch_columns(space)) header += c + ",";
  for (std::size_t k = 0; k < kinds.size(); ++k) header += (k ? "," : "") + kinds[k].name;
  const std::string settings = settings_of(o, kinds, scorer.get());
  std::set<Arch> done;
  std::vector<Arch> todo;
  if (writes) {
    if (exists) {
      std::ifstream m(meta);
      const std::string before((std::istreambuf_iterator<char>(m)), std::istreambuf_iterator<char>());
      if (before != settings) {
        throw InputError("--resume: " + meta.string() + " records other settings than this run's: " + settings_difference(before, settings));
      }
      done = resume_rows(table, header, space, std::set<Arch>(archs.begin(), archs.end()));
    } else {
      AtomicFile m(meta);
      m.stream() << settings;
      m.commit();
      std::ofstream(table, std::ios::binary) << header << '\n';
    }
    for (const Arch& a : archs) {
      if (!done.count(a)) todo.push_back(a);
    }
  }
  // The other ranks score what rank 0 found still to do (they may not see its files).
  if (group) {
    if (writes) {
      std::string list;
      for (const Arch& a : todo) list += space.to_string(a) + "\n";
      group->publish("proxy/todo", list);
    } else {
      std::istringstream in(group->fetch("proxy/todo"));
      for (std::string line; std::getline(in, line);) todo.push_back(space.parse(line));
    }
  }
  const auto mine = [&](std::size_t i) { return !group || group->owns(i); };

  const int threads = o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  tbb::task_arena arena(threads);
  std::ofstream out;
  if (writes) out.open(table, std::ios::binary | std::ios::app);
  std::optional<Progress> progress;
  if (writes) progress.emplace("proxy", todo.size());
  std::vector<std::vector<double>> seconds(config.proxies.size());
  std::vector<double> build_seconds;
  // Networks are scored a few per thread (and rank) at a time and written in
  // their order, so the table's rows follow the selection.
  const std::size_t chunk = static_cast<std::size_t>(threads) * 4 * static_cast<std::size_t>(group ? group->size() : 1);
  for (std::size_t begin = 0; begin < todo.size(); begin += chunk) {
    const std::size_t end = std::min(todo.size(), begin + chunk);
    std::vector<ProxyScorer::Scores> scores(end - begin);
    if (scorer) {
      arena.execute([&] {
        tbb::parallel_for(begin, end, [&](std::size_t i) {
          if (mine(i)) scores[i - begin] = scorer->score(todo[i]);
        });
      });
      if (group && !writes) {  // this rank's share of the chunk, to rank 0
        std::string share;
        for (std::size_t i = begin; i < end; ++i) {
          if (mine(i)) share += scores_text(scores[i - begin]) + "\n";
        }
        group->publish("proxy/" + std::to_string(begin) + "/" + std::to_string(group->rank()), share);
        continue;
      }
      if (group) {
        for (int r = 1; r < group->size(); ++r) {
          std::istringstream share(group->fetch("proxy/" + std::to_string(begin) + "/" + std::to_string(r)));
          for (std::size_t i = begin; i < end; ++i) {
            if (RankGroup::owner(i, group->size()) != r) continue;
            std::string line;
            std::getline(share, line);
            scores[i - begin] = scores_from_text(line);
          }
        }
      }
    } else if (!writes) {
      continue;  // flops and params only: rank 0 writes them all
    }
    for (std::size_t i = begin; i < end; ++i) {
      const ProxyScorer::Scores& s = scores[i - begin];
      const Complexity complexity = bench->complexity(todo[i]);
      out << user_table_arch_fields(space, todo[i]);
      std::size_t next = 0;
      for (const ProxyKind& k : kinds) {
        const double v = k.name == "flops" ? complexity.flops_m : k.name == "params" ? complexity.params_m : s.values[next++];
        out << ',' << value_text(v);
      }
      out << '\n';
      for (std::size_t p = 0; p < s.seconds.size(); ++p) seconds[p].push_back(s.seconds[p]);
      if (scorer) build_seconds.push_back(s.build_seconds);
      if (o.dump_inputs) {
        torch_commands().dump_proxy_inputs(space, config, todo[i],
                                           std::filesystem::path(*o.dump_inputs) /
                                               ((space.cardinality() ? std::to_string(space.index(todo[i])) : std::to_string(i)) + ".pt"));
      }
    }
    out.flush();
    if (!out) throw OutputError("cannot write " + o.out + ": " + std::strerror(errno));
    progress->update(end);
  }
  if (group) group->finish();
  if (!writes) return;
  std::cout << "scored " << todo.size() << " networks (" << done.size() << " from before) with " << threads << " thread(s)"
            << (group ? " on each of " + std::to_string(group->size()) + " ranks" : std::string());
  if (scorer) std::cout << ": " << scorer->describe();
  std::cout << "\n";
  if (!build_seconds.empty()) {
    std::cout << "median seconds per network: build " << fixed(quantile(build_seconds, 0.5), 4);
    for (std::size_t p = 0; p < config.proxies.size(); ++p) std::cout << ", " << config.proxies[p] << " " << fixed(quantile(seconds[p], 0.5), 4);
    std::cout << "\n";
  }
  std::cout << "wrote " << o.out << " (use it with --accuracy-from proxy:NAME:" << o.out << ") and " << meta.string() << "\n";
}

}  // namespace

void add_proxy_command(CLI::App& command, const std::optional<std::string>& data_dir) {
  auto* cmd = &command;
  auto o = std::make_shared<ProxyOptions>();
  add_benchmark_options(cmd, o->bench, {.cost_dataset = false, .cost_tables = false});
  std::string all_names;
  for (const std::string& n : proxies().names()) all_names += (all_names.empty() ? "" : ",") + n;
  o->proxy_list = all_names;
  cmd->add_option("--proxies", o->proxy_list, "comma-separated: " + proxies().describe(" | "))->capture_default_str();
  cmd->add_flag("--all", o->networks.all, "every network (NB201: all 15625 cells)");
  cmd->add_option("--sample", o->networks.sample, "N distinct random networks (by --seed)")->check(whole_in(1, 1000000));
  cmd->add_option("--seed", o->networks.seed, "seed of --sample, of the weights and of the minibatch")->capture_default_str()->check(whole_in(0, kMaxSeed));
  cmd->add_option("--archs", o->networks.archs_file, "FILE: one architecture (index or arch) per line");
  cmd->add_option("--data", o->data, "images: fashion-mnist, fashion-mnist:DIR, cifar10:DIR or cifar100:DIR")->capture_default_str();
  cmd->add_option("--batch-size", o->batch_size, "every proxy's minibatch (default: each proxy's reference batch, 64; naswot 128)")
      ->check(whole_in(2, 4096));
  cmd->add_option("--threads", o->threads, "networks scored at once (default: all cores)")->check(whole_in(1, 1024));
  cmd->add_option("--out", o->out, "the table to write (FILE; also FILE.settings)")->required();
  cmd->add_flag("--resume", o->resume, "continue an interrupted run of the same settings");
  cmd->add_option("--nproc", o->nproc, "start N ranks on this machine that split the networks (ranks started by torchrun or srun read WORLD_SIZE, RANK, MASTER_ADDR, MASTER_PORT instead)")
      ->capture_default_str()->check(whole_in(1, 1024));
  cmd->add_option("--dist-timeout", o->dist_timeout, "seconds a rank waits for its group to form and for another rank's scores")
      ->capture_default_str()->check(real_in({0, 86400, true}));
  cmd->add_option("--dump-inputs", o->dump_inputs,
                  "DIR: also write each network's initial weights and the minibatch (torch.load format, NB201) for scripts/proxy_reference.py");
  cmd->callback([o, &data_dir] { run_proxy(*o, resolve_data_dir(data_dir)); });
}

}  // namespace hwnas
