// `hwnas query`: every metric of one architecture, or of every architecture of a list.
#include <iostream>
#include <sstream>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "cli/commands.hpp"
#include "core/format.hpp"
#include "cli/options.hpp"
#include "study/arch_list.hpp"
#include "report/query_report.hpp"

namespace hwnas {
namespace {

struct QueryOptions {
  BenchmarkSpec bench;  // --space and --dataset required
  std::optional<std::int64_t> index;
  std::optional<std::string> arch;
  std::optional<std::string> archs_file;  // one architecture per line; "-": standard input
  bool json = false;
};


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
  ArchLines lines = read_arch_list(bench, *o.archs_file);
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

void add_query_command(CLI::App& command, const std::optional<std::string>& data_dir) {
  auto* cmd = &command;
  auto o = std::make_shared<QueryOptions>();
  add_benchmark_options(cmd, o->bench, {.required = true});
  cmd->add_option("--index", o->index, "the official index of an enumerable space (NB201: 0..15624)");
  cmd->add_option("--arch", o->arch, "NB201 arch string, or 22 FBNet blocks (indices or names, comma-separated)");
  cmd->add_option("--archs", o->archs_file, "FILE with one architecture (index or arch) per line, - for standard input");
  cmd->add_flag("--json", o->json, "print JSON (with --archs: one object per line)");
  cmd->callback([o, &data_dir] {
    const int given = o->index.has_value() + o->arch.has_value() + o->archs_file.has_value();
    if (given != 1) throw InputError("give exactly one of --index, --arch and --archs");
    const auto bench = load_benchmark(resolve_data_dir(data_dir), o->bench);
    if (o->archs_file) return query_many(*o, *bench);
    const Arch arch = o->index ? bench->space().at_user_index(*o->index) : bench->space().parse(*o->arch);
    const auto result = query(*bench, arch);
    std::cout << (o->json ? result.dump(2) + "\n" : format_query(result));
  });
}

}  // namespace hwnas
