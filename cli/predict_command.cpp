// hwnas predict: a new device's full cost table from a few measured networks,
// and (--evaluate) the predictors measured on HW-NAS-Bench itself.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "cli/commands.hpp"
#include "core/format.hpp"
#include "cli/options.hpp"
#include "report/output_dir.hpp"
#include "report/plot.hpp"
#include "cli/torch_commands.hpp"
#include "predict/predict.hpp"
#include "benchmark/user_cost.hpp"

namespace hwnas {
namespace {

struct PredictOptions {
  BenchmarkSpec bench;
  std::optional<std::string> measured;
  std::string method = "auto";
  std::string out;
  bool evaluate = false;
  std::size_t seeds = 20;
  std::string ks = "5,10,20,50,100";
  std::optional<std::string> known;  // --known: the only cost columns a predictor may read
  std::string protocol = "leave-one-device-out";
};

// --known's columns: column names (titan_rtx_1_latency) or device names (their latency column).
std::optional<std::vector<CostKey>> known_columns(const std::optional<std::string>& known) {
  if (!known) return std::nullopt;
  if (known->empty()) throw InputError("--known is empty: name the columns a predictor may read (or leave --known out for all)");
  std::vector<CostKey> keys;
  for (const std::string& item : split_list(*known)) {
    bool column = false;
    for (const MetricInfo& m : kMetrics) {
      const std::string suffix = "_" + std::string(m.name);
      column = column || (item.size() > suffix.size() && item.compare(item.size() - suffix.size(), suffix.size(), suffix) == 0);
    }
    keys.push_back(column ? CostKey::parse(item) : CostKey::of(item, "latency"));
  }
  return keys;
}

// `name` is a predictor here, or the command is handed to hwnas-torch, whose
// registry also holds the LibTorch predictors; InputError listing them when neither knows it.
void require_predictor(const std::string& name) {
  if (predictors().contains(name)) return;
  if (!torch_commands().loaded) {
    try {
      hand_off_to_torch("--method " + name);
    } catch (const InputError& e) {
      throw InputError("unknown predictor '" + name + "' (known here: " + predictors().join(", ") + "; the LibTorch ones, mlp, need hwnas-torch: " +
                       e.what() + ")");
    }
  }
  predictors().get(name);  // unknown in hwnas-torch too: InputError listing every predictor
}

// A space too large to enumerate (FBNet): each measured column becomes an additive
// table (gp, the only method that gives one), written as `decision, choice,
// <columns>` rows and a constant row, which --cost-table reads as a cost of
// every network. A measured network's cost is the table's, not its measurement.
void run_predict_table(const PredictOptions& o, const std::shared_ptr<const Benchmark>& bench) {
  const SearchSpace& space = bench->space();
  if (!additive_table_methods().contains(o.method)) {
    throw InputError("--method " + o.method + ": on " + space.name() + " a predicted device is an additive table, which " +
                     additive_table_methods().join(", ") + " make");
  }
  const auto measured = with_cost_tables(bench, {*o.measured});
  std::vector<CostKey> keys;
  for (const CostKey& key : measured->cost().keys()) {
    if (!bench->cost().has(key)) keys.push_back(key);
  }
  const std::vector<Arch> listed = measured->cost().listed_archs();
  std::vector<PredictedTable> tables;
  TextTable table({"column", "measured", "method", "leave-one-out error", "hyperparameters"});
  for (const CostKey& key : keys) {
    std::vector<Arch> archs;
    std::vector<double> cost;
    for (const Arch& arch : listed) {
      if (const auto v = measured->cost().cost(arch, key)) {
        archs.push_back(arch);
        cost.push_back(*v);
      }
    }
    tables.push_back(predict_additive_table(*bench, key, archs, cost, known_columns(o.known), o.method));
    table.add({key.name(), std::to_string(archs.size()), tables.back().method, fixed(100 * (std::exp(tables.back().loo_error) - 1), 1) + "%",
               tables.back().detail});
  }
  AtomicFile file(o.out);
  std::ostream& out = file.stream();
  out << "decision,choice";
  for (const CostKey& key : keys) out << ',' << key.name();
  out << '\n';
  for (std::size_t d = 0; d < space.num_decisions(); ++d) {
    for (int c = 0; c < space.num_choices(d); ++c) {
      out << "layer" << d << ',' << c;
      for (const PredictedTable& t : tables) out << ',' << exact(t.table.entry[d][static_cast<std::size_t>(c)]);
      out << '\n';
    }
  }
  out << "constant,";
  for (const PredictedTable& t : tables) out << ',' << exact(t.table.constant);
  out << "\nfloor,";
  for (const PredictedTable& t : tables) out << ',' << exact(t.floor);
  // gp_log's table is of the log of the cost: the reader takes exp of the total.
  out << "\ntransform,";
  for (const PredictedTable& t : tables) out << ',' << (t.of_log_cost ? "exp" : "none");
  out << '\n';
  file.commit();
  std::cout << table.str() << "(leave-one-out error: typical |predicted / measured - 1| on the measured networks)\n"
            << "wrote " << o.out << ": an additive table (one term per layer and block, and a constant) for every network of "
            << space.name() << "\n";
}

// Every column of the measured table, predicted for every network; measured
// networks keep their measured value.
void run_predict(const PredictOptions& o, const DataDir& data_dir) {
  if (!o.measured) throw InputError("give --cost-table FILE (the measured networks), or --evaluate");
  require_predictor(o.method);
  const std::string& method = o.method;
  const auto bench = load_benchmark(data_dir, o.bench);
  const SearchSpace& space = bench->space();
  if (!space.cardinality()) {
    run_predict_table(o, bench);
    return;
  }
  // Read as any --cost-table is (its columns must be new), then the new columns are the measured ones.
  const auto measured = with_cost_tables(bench, {*o.measured});
  std::vector<CostKey> keys;
  for (const CostKey& key : measured->cost().keys()) {
    if (!bench->cost().has(key)) keys.push_back(key);
  }
  const std::vector<Arch> archs = measured->cost().listed_archs();
  const std::uint64_t n = *space.cardinality();
  std::vector<std::vector<double>> columns;
  TextTable table({"column", "measured", "method", "leave-one-out error", "known device used"});
  for (const CostKey& key : keys) {
    Measurements m;
    for (const Arch& arch : archs) {
      if (const auto v = measured->cost().cost(arch, key)) {
        m.index.push_back(space.index(arch));
        m.cost.push_back(*v);
      }
    }
    const Prediction p = predict_costs(known_costs_without(*bench, key, known_columns(o.known)), m, method);
    std::vector<double> column = p.cost;
    for (std::size_t i = 0; i < m.index.size(); ++i) column[m.index[i]] = m.cost[i];
    for (std::uint64_t i = 0; i < n; ++i) {
      if (!(column[i] > 0) || !std::isfinite(column[i])) {
        throw InputError(key.name() + ": the " + p.method + " predictor gives " +
                         exact(column[i]) + " for network " + std::to_string(i) +
                         ", not a cost: measure more networks or choose another --method");
      }
    }
    columns.push_back(std::move(column));
    table.add({key.name(), std::to_string(m.index.size()), p.method,
               std::isnan(p.loo_error) ? "-" : fixed(100 * (std::exp(p.loo_error) - 1), 1) + "%", p.detail.empty() ? "-" : p.detail});
  }
  AtomicFile file(o.out);
  std::ostream& out = file.stream();
  out << "index,arch_str";
  for (const CostKey& key : keys) out << ',' << key.name();
  out << '\n';
  for (std::uint64_t i = 0; i < n; ++i) {
    out << i << ',' << space.to_string(space.at(i));
    for (const auto& column : columns) out << ',' << exact(column[i]);
    out << '\n';
  }
  file.commit();
  std::cout << table.str() << "(leave-one-out error: typical |predicted / measured - 1| on the measured networks)\n"
            << "wrote " << o.out << ": " << n << " networks, measured values kept\n";
}

std::vector<std::size_t> parse_ks(const std::string& text) {
  std::vector<std::size_t> ks;
  std::stringstream s(text);
  for (std::string item; std::getline(s, item, ',');) {
    const auto k = static_cast<std::size_t>(parse_whole(item, 3, 10000, "--ks"));
    if (std::find(ks.begin(), ks.end(), k) != ks.end()) throw InputError("--ks lists " + item + " twice");
    ks.push_back(k);
  }
  if (ks.empty()) throw InputError("--ks lists no k");
  return ks;
}

// Every predictor; the LibTorch ones (mlp) are registered by hwnas-torch, to
// which this command is handed, and left out where hwnas was built without LibTorch.
std::vector<std::string> evaluated_methods() {
  if (!torch_commands().loaded) {
    try {
      hand_off_to_torch("the LibTorch predictors");
    } catch (const InputError&) {
      std::cerr << "hwnas: note: no LibTorch here: the LibTorch predictors (mlp) are left out\n";
    }
  }
  return predictor_names();
}

void run_evaluate(const PredictOptions& o, const DataDir& data_dir) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::size_t> ks = parse_ks(o.ks);
  const EvaluationProtocol protocol = evaluation_protocols().get(o.protocol);
  OutputDir out(o.out);
  const auto bench = load_benchmark(data_dir, o.bench);
  const bool on_fbnet = !bench->space().cardinality();
  // FBNet's one method needs no LibTorch: no hand-over to find the MLP.
  const std::vector<std::string> methods = on_fbnet ? additive_table_methods().names() : evaluated_methods();
  const std::vector<PredictorScore> rows = protocol.evaluate(*bench, ks, o.seeds, methods);
  {
    AtomicFile csv(out.output("evaluation.csv"));
    csv.stream() << "method,target,k,seeds,spearman,kendall,within_10pct,spearman_se\n";
    for (const PredictorScore& r : rows) {
      csv.stream() << r.method << ',' << r.target << ',' << r.k << ',' << r.seeds << ',' << exact(r.spearman) << ','
                   << exact(r.kendall) << ',' << exact(r.within_10pct) << ','
                   << (std::isnan(r.spearman_se) ? std::string() : exact(r.spearman_se)) << '\n';
    }
    csv.commit();
  }
  // Means over targets, per method and k: the plot's data and the printed table.
  struct Mean {
    std::size_t targets = 0;
    double spearman = 0, kendall = 0, within_10pct = 0;
  };
  std::map<std::pair<std::string, std::size_t>, Mean> means;
  for (const PredictorScore& r : rows) {
    Mean& m = means[{r.method, r.k}];
    ++m.targets;
    m.spearman += r.spearman;
    m.kendall += r.kendall;
    m.within_10pct += r.within_10pct;
  }
  for (auto& [key, m] : means) {
    const auto n = static_cast<double>(m.targets);
    m.spearman /= n;
    m.kendall /= n;
    m.within_10pct /= n;
  }
  {
    AtomicFile csv(out.output("evaluation_mean.csv"));
    csv.stream() << "method,k,targets,spearman,kendall,within_10pct\n";
    for (const auto& [key, m] : means) {
      csv.stream() << key.first << ',' << key.second << ',' << m.targets << ',' << exact(m.spearman) << ','
                   << exact(m.kendall) << ',' << exact(m.within_10pct) << '\n';
    }
    csv.commit();
  }
  TextTable table({"method", "k", "spearman", "kendall", "within 10%"});
  for (const std::string& method : methods) {
    for (std::size_t k : ks) {
      const Mean& m = means[{method, k}];
      table.add({method, std::to_string(k), fixed(m.spearman, 3), fixed(m.kendall, 3),
                 fixed(100 * m.within_10pct, 1) + "%"});
    }
  }
  std::ostringstream gp;
  gp << "set datafile separator ','\nset key bottom right\nset logscale x\nset xlabel 'measured networks k'\n"
        "set ylabel 'Kendall tau, mean over the held-out devices'\nset grid\nplot ";
  for (std::size_t i = 0; i < methods.size(); ++i) {
    const std::string& name = methods[i];
    gp << (i ? ", " : "") << "'evaluation_mean.csv' skip 1 using 2:(strcol(1) eq '" << name
       << "' ? $5 : NaN) with linespoints lw 2 pt " << 5 + i << " title '" << name << "'";
  }
  render_plot(out, "evaluation", gp.str(), 800, 500);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << protocol.summary(*bench) << "; means over " << o.seeds << " seeds:\n";
  if (const std::optional<PublishedFigures> published = protocol.published(*bench)) {
    // Per device beside the published figure (k = 10), where there is one per device.
    TextTable per_device({"method", "k", "device", "spearman", "+- se", published->source + " (k = 10)"});
    std::set<std::string> devices;
    for (const PredictorScore& r : rows) {
      std::string figure = "-";
      for (const HelpPublished& p : published->devices) {
        if (r.k == 10 && r.target == CostKey::of(p.device, "latency").name()) figure = fixed(p.spearman, 3);
      }
      per_device.add({r.method, std::to_string(r.k), r.target, fixed(r.spearman, 3),
                      std::isnan(r.spearman_se) ? "-" : fixed(r.spearman_se, 3), figure});
      devices.insert(r.target);
    }
    std::cout << per_device.str() << "\nmeans over the " << devices.size() << " devices (" << published->source << ": "
              << fixed(published->mean, 3) << " at k = 10, as published):\n";
  }
  std::cout << table.str() << "wrote " << out.written_summary() << " in "
            << fixed(seconds, 1) << " s" << out.replaced_note() << "\n";
}

}  // namespace

void add_predict_command(CLI::App& command, const std::optional<std::string>& data_dir) {
  auto* cmd = &command;
  auto o = std::make_shared<PredictOptions>();
  // The space must be enumerable: checked when it runs. The known devices are the benchmark's own.
  add_benchmark_options(cmd, o->bench, {.cost_dataset = false, .cost_tables = false});
  cmd->add_option("--cost-table", o->measured, "FILE: the measured networks (index, arch_str, <device>_<metric>...)");
  cmd->add_option("--method", o->method, predictors().describe("; ") +
                                             (torch_commands().loaded ? "" : "; and with LibTorch (hwnas-torch): mlp") +
                                             ". On FBNet (an additive table): " + additive_table_methods().describe("; "))
      ->capture_default_str();
  cmd->add_option("--out", o->out, "the predicted table (FILE); with --evaluate a directory")->required();
  cmd->add_flag("--evaluate", o->evaluate, "measure every predictor by a held-out protocol (--protocol) on the benchmark's own columns");
  cmd->add_option("--seeds", o->seeds, "--evaluate: seeds per target and k")->capture_default_str()->check(whole_in(1, 1000));
  cmd->add_option("--ks", o->ks, "--evaluate: numbers of measured networks")->capture_default_str();
  cmd->add_option("--known", o->known,
                  "the cost columns a predictor may read, comma-separated (a device name means its latency); default: "
                  "every benchmark and zoo column not of the device predicted");
  cmd->add_option("--protocol", o->protocol, "--evaluate: " + evaluation_protocols().describe("; "))
      ->capture_default_str();
  cmd->callback([o, &data_dir] {
    const DataDir dir = resolve_data_dir(data_dir);
    if (o->evaluate) {
      if (o->measured) throw InputError("--evaluate uses HW-NAS-Bench's own columns: no --cost-table");
      if (o->known) throw InputError("--known is for a prediction: an --evaluate protocol fixes the known devices itself");
      run_evaluate(*o, dir);
    } else {
      run_predict(*o, dir);
    }
  });
}

}  // namespace hwnas
