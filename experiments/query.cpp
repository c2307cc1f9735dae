#include "experiments/query.hpp"

#include <iostream>
#include <sstream>

#include "core/error.hpp"
#include "cost/cost.hpp"
#include "benchmark_data/benchmark_data.hpp"
#include "experiments/commands.hpp"
#include "experiments/format.hpp"

namespace hwnas {
namespace {

nlohmann::ordered_json metrics_json(const CostModel& model, const Arch& arch) {
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  for (const CostKey& key : model.keys()) {
    const auto value = model.cost(arch, key);
    metrics[key.name()] = value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
  }
  return metrics;
}

nlohmann::ordered_json query_nb201(const QueryOptions& o, const std::filesystem::path& data_dir) {
  nb201_dataset_shape(o.dataset);  // a bad dataset is reported before loading anything
  const auto bench = Nb201Benchmark::load(data_dir);
  const Nb201Space& space = bench->space();
  const Arch arch = o.index ? space.at(*o.index) : space.parse(*o.arch);
  const std::uint64_t index = space.index(arch);
  nlohmann::ordered_json out;
  out["space"] = "nb201";
  out["dataset"] = o.dataset;
  out["index"] = index;
  out["arch"] = space.to_string(arch);
  out["metrics"] = bench->has_cost(o.dataset) ? metrics_json(bench->cost(o.dataset), arch) : nlohmann::ordered_json::object();
  auto& acc = out["accuracy"] = nlohmann::ordered_json::object();
  for (const NamedColumn& column : bench->data().accuracy.columns) {
    if (column.name.rfind(o.dataset + "_", 0) == 0) acc[column.name] = column.values[index];
  }
  const Complexity c = Nb201Benchmark::complexity(arch, o.dataset);
  out["flops_m"] = c.flops_m;
  out["params_m"] = c.params_m;
  return out;
}

nlohmann::ordered_json query_fbnet(const QueryOptions& o, const std::filesystem::path& data_dir) {
  if (o.index) throw InputError("the FBNet space has no index: give --arch with 22 blocks");
  const auto bench = FbnetBenchmark::load(data_dir, o.dataset);
  const Arch arch = bench->space().parse(*o.arch);
  nlohmann::ordered_json out;
  out["space"] = "fbnet";
  out["dataset"] = o.dataset;
  out["index"] = nullptr;
  out["arch"] = bench->space().to_string(arch);
  out["metrics"] = metrics_json(bench->cost(), arch);
  out["accuracy"] = nlohmann::ordered_json::object();  // HW-NAS-Bench's FBNet space has no accuracy table
  const Complexity c = fbnet_complexity(bench->space(), arch);
  out["flops_m"] = c.flops_m;
  out["params_m"] = c.params_m;
  return out;
}

}  // namespace

nlohmann::ordered_json query(const QueryOptions& options, const std::filesystem::path& data_dir) {
  if (options.index.has_value() == options.arch.has_value()) throw InputError("give exactly one of --index and --arch");
  if (options.space == "nb201") return query_nb201(options, data_dir);
  if (options.space == "fbnet") return query_fbnet(options, data_dir);
  throw InputError("unknown space '" + options.space + "' (known: nb201, fbnet)");
}

std::string format_query(const nlohmann::ordered_json& r) {
  std::ostringstream s;
  const auto line = [&](const std::string& name, const std::string& value, const std::string& unit) {
    s << "  " << name << std::string(name.size() < 30 ? 30 - name.size() : 1, ' ') << value
      << (unit.empty() ? "" : " " + unit) << "\n";
  };
  s << "space " << r["space"].get<std::string>() << ", dataset " << r["dataset"].get<std::string>();
  if (!r["index"].is_null()) s << ", index " << r["index"].get<std::uint64_t>();
  s << "\narch " << r["arch"].get<std::string>() << "\nhardware cost (HW-NAS-Bench, batch size 1):\n";
  if (r["metrics"].empty()) s << "  (no cost data for this dataset)\n";
  for (const auto& [name, value] : r["metrics"].items()) {
    const CostKey key = CostKey::parse(name);
    if (value.is_null()) {
      line(name, "missing", key.device == Device::edgetpu ? "(upstream -1: rejected by the Edge TPU compiler)" : "");
    } else {
      line(name, exact(value.get<double>()), std::string(metric_unit(key.metric)));
    }
  }
  if (!r["accuracy"].empty()) s << "accuracy (NAS-Bench-201, mean over seeds):\n";
  for (const auto& [name, value] : r["accuracy"].items()) {
    const bool seconds = name.find("seconds") != std::string::npos;
    line(name, exact(value.get<double>()), seconds ? "s" : "%");
  }
  s << "complexity:\n";
  line("flops_m", exact(r["flops_m"].get<double>()), "MFLOPs");
  line("params_m", exact(r["params_m"].get<double>()), "M");
  return s.str();
}

void add_query_command(CLI::App& app, const std::optional<std::string>& data_dir) {
  auto* cmd = app.add_subcommand("query", "Print every metric of one architecture (like HW-NAS-Bench's query_by_index)");
  auto o = std::make_shared<QueryOptions>();
  cmd->add_option("--space", o->space, "nb201 | fbnet")->required();
  cmd->add_option("--dataset", o->dataset, "nb201: cifar10 | cifar100 | ImageNet16-120; fbnet: cifar100")->required();
  cmd->add_option("--index", o->index, "NB201 official index 0..15624");
  cmd->add_option("--arch", o->arch, "NB201 arch string, or 22 FBNet blocks (indices or names, comma-separated)");
  cmd->add_flag("--json", o->json, "print one JSON object");
  cmd->callback([o, &data_dir] {
    const auto result = query(*o, resolve_data_dir(data_dir));
    std::cout << (o->json ? result.dump(2) + "\n" : format_query(result));
  });
}

}  // namespace hwnas
