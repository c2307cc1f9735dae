#pragma once
// What the commands that write a table of networks row by row share (hwnas
// measure, hwnas proxy): which networks (--all, --sample N --seed S, --archs
// FILE), where the table may go, and how a resumed run's recorded settings are
// compared with this run's.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "benchmark/benchmark.hpp"

namespace hwnas {

struct NetworkSelection {
  bool all = false;
  std::optional<std::size_t> sample;
  std::uint64_t seed = 0;
  std::optional<std::string> archs_file;
};
// The networks, in order: all of an enumerable space, `sample` distinct ones
// drawn by `seed`, or a file's (each once, at its first line). InputError unless
// exactly one is given, for --all on a space too large, a sample larger than the
// space, an empty or bad file.
std::vector<Arch> select_networks(const NetworkSelection& selection, const Benchmark& bench);

// The first "name=value" line that differs between two settings texts, as
// "name 'A' recorded, 'B' in this run"; empty when they are equal.
std::string settings_difference(const std::string& recorded, const std::string& now);

// --out must name a file that is not a directory, in a directory that exists;
// InputError otherwise (a path the system cannot resolve, with its reason).
void check_table_path(const std::filesystem::path& table);

}  // namespace hwnas
