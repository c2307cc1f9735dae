// hwnas's answers about architectures (query.hpp): one architecture's every
// metric, and the architecture-list reader; the `hwnas query` command is query_command.cpp.
#include "experiments/query.hpp"

#include <charconv>
#include <cmath>
#include <iostream>
#include <sstream>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "experiments/format.hpp"
#include "experiments/json_values.hpp"

namespace hwnas {

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

ArchLines read_arch_list(const Benchmark& bench, const std::string& path) {
  // A file is read through the same checks as data files (regular file, bounded size).
  if (path != "-") return ArchLines(bench, read_data_file(path), path);
  std::string text;
  char buffer[1 << 16];
  while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > kMaxDataFileBytes) {
      throw InputError("<stdin> holds more than " + std::to_string(kMaxDataFileBytes >> 20) + " MiB: give a file, or split it");
    }
  }
  return ArchLines(bench, std::move(text), "<stdin>");
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

}  // namespace hwnas
