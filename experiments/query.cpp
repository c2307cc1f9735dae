#include "experiments/query.hpp"

#include <charconv>
#include <cmath>
#include <iostream>
#include <sstream>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "experiments/commands.hpp"
#include "experiments/format.hpp"
#include "experiments/json_values.hpp"
#include "experiments/options.hpp"
#include "experiments/options.hpp"

namespace hwnas {
namespace {

// The table's columns and one row's cells: line, index, every cost, the final accuracy, FLOPs, params, arch.
std::vector<std::string> query_table_header(const Benchmark& bench) {
  std::vector<std::string> head = {"line"};
  if (bench.space().cardinality()) head.push_back("index");
  for (const CostKey& k : bench.cost().keys()) head.push_back(k.name());
  if (const auto acc = bench.accuracy()) head.push_back(acc->final_name());
  head.insert(head.end(), {"flops_m", "params_m", "arch"});
  return head;
}

std::vector<std::string> query_table_row(const Benchmark& bench, std::size_t line, const Arch& arch) {
  std::vector<std::string> row = {std::to_string(line)};
  if (bench.space().cardinality()) row.push_back(std::to_string(bench.space().index(arch)));
  for (const CostKey& k : bench.cost().keys()) {
    const auto c = bench.cost().cost(arch, k);
    row.push_back(c ? exact(*c) : "missing");
  }
  if (const auto acc = bench.accuracy()) row.push_back(exact(acc->final_accuracy(arch).value_or(std::nan(""))));
  const Complexity c = bench.complexity(arch);
  row.insert(row.end(), {exact(c.flops_m), exact(c.params_m), bench.space().to_string(arch)});
  return row;
}

void query_many(const QueryOptions& o, const Benchmark& bench) {
  ArchLines lines(bench, read_arch_list(*o.archs_file), *o.archs_file == "-" ? std::string("<stdin>") : *o.archs_file);
  // Every line is checked before anything is printed: a bad line prints nothing but its error.
  Arch arch;
  std::size_t line = 0, count = 0;
  while (lines.next(arch, line)) ++count;
  lines.rewind();
  if (o.json) {
    std::string out;
    while (lines.next(arch, line)) {
      out += query(bench, arch).dump();
      out += '\n';
      if (out.size() >= (1u << 16)) write_checked(std::cout, out, "standard output");
    }
    write_checked(std::cout, out, "standard output");
    return;
  }
  // write_table asks for the rows in order, twice over (widths, then text): the lines are read again each time.
  write_table(std::cout, query_table_header(bench), count, [&](std::size_t i) {
    if (i == 0) lines.rewind();
    lines.next(arch, line);
    return query_table_row(bench, line, arch);
  });
}

}  // namespace

ArchLines::ArchLines(const Benchmark& bench, std::string text, std::string name)
    : bench_(bench), text_(std::move(text)), name_(std::move(name)) {}

bool ArchLines::next(Arch& arch, std::size_t& line) {
  while (at_ < text_.size()) {
    const std::size_t end = std::min(text_.find('\n', at_), text_.size());
    std::string_view view(text_.data() + at_, end - at_);
    at_ = end + 1;
    ++line_;
    if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
    if (view.empty() || view.front() == '#') continue;  // blank lines and comments are skipped
    try {
      arch = parse_arch_or_index(bench_, std::string(view));
    } catch (const InputError& e) {
      throw InputError(name_ + ":" + std::to_string(line_) + ": " + e.what());
    }
    line = line_;
    return true;
  }
  return false;
}

std::string read_arch_list(const std::string& path) {
  // A file is read through the same checks as data files (regular file, bounded size).
  if (path != "-") return read_data_file(path);
  std::string text;
  char buffer[1 << 16];
  while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > kMaxDataFileBytes) {
      throw InputError("<stdin> holds more than " + std::to_string(kMaxDataFileBytes >> 20) + " MiB: give a file, or split it");
    }
  }
  return text;
}

Arch parse_arch_or_index(const Benchmark& bench, const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos && bench.space().cardinality()) {
    std::int64_t index = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
    if (ec != std::errc() || end != text.data() + text.size()) throw InputError("index " + text + " is out of range");
    return bench.space().at_user_index(index);
  }
  return bench.space().parse(text);
}

nlohmann::ordered_json query(const Benchmark& bench, const Arch& arch) {
  const SearchSpace& space = bench.space();
  nlohmann::ordered_json out;
  out["space"] = space.name();
  out["dataset"] = bench.dataset();
  out["index"] = space.cardinality() ? nlohmann::ordered_json(space.index(arch)) : nlohmann::ordered_json(nullptr);
  out["arch"] = space.to_string(arch);
  out["metrics"] = costs_json(bench.cost(), arch);
  auto& acc = out["accuracy"] = nlohmann::ordered_json::object();
  for (const auto& [name, value] : bench.accuracy_columns(arch)) acc[name] = value;
  const Complexity c = bench.complexity(arch);
  out["flops_m"] = c.flops_m;
  out["params_m"] = c.params_m;
  return out;
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
      line(name, "missing", key.device() == "edgetpu" ? "(upstream -1: rejected by the Edge TPU compiler)" : "");
    } else {
      line(name, exact(value.get<double>()), std::string(key.unit()));
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

void add_query_command(CLI::App& command, const std::optional<std::string>& data_dir) {
  auto* cmd = &command;
  auto o = std::make_shared<QueryOptions>();
  cmd->add_option("--space", o->space, space_help())->required();
  cmd->add_option("--dataset", o->dataset, dataset_help())->required();
  cmd->add_option("--index", o->index, "the official index of an enumerable space (NB201: 0..15624)");
  cmd->add_option("--arch", o->arch, "NB201 arch string, or 22 FBNet blocks (indices or names, comma-separated)");
  cmd->add_option("--archs", o->archs_file, "FILE with one architecture (index or arch) per line, - for standard input");
  cmd->add_flag("--json", o->json, "print JSON (with --archs: one object per line)");
  add_cost_table_option(cmd, o->cost_tables);
  cmd->callback([o, &data_dir] {
    const int given = o->index.has_value() + o->arch.has_value() + o->archs_file.has_value();
    if (given != 1) throw InputError("give exactly one of --index, --arch and --archs");
    const auto bench = load_benchmark(resolve_data_dir(data_dir), o->space, o->dataset, "", o->cost_tables);
    if (o->archs_file) return query_many(*o, *bench);
    const Arch arch = o->index ? bench->space().at_user_index(*o->index) : bench->space().parse(*o->arch);
    const auto result = query(*bench, arch);
    std::cout << (o->json ? result.dump(2) + "\n" : format_query(result));
  });
}

}  // namespace hwnas
