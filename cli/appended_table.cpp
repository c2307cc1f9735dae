#include "cli/appended_table.hpp"

#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "study/arch_list.hpp"

namespace hwnas {

std::vector<Arch> select_networks(const NetworkSelection& o, const Benchmark& bench) {
  const SearchSpace& space = bench.space();
  const int given = o.all + o.sample.has_value() + o.archs_file.has_value();
  if (given != 1) throw InputError("give exactly one of --all, --sample N and --archs FILE");
  std::vector<Arch> archs;
  if (o.all) {
    if (!space.cardinality()) throw InputError("--all needs an enumerable space: " + space.name() + " has 9^22 networks, use --sample");
    for (std::uint64_t i = 0; i < *space.cardinality(); ++i) archs.push_back(space.at(i));
  } else if (o.sample) {
    // Distinct networks drawn by --seed (for NB201 without replacement over the indices).
    Rng rng(o.seed, 0x6d656173);
    std::set<Arch> seen;
    if (space.cardinality() && *o.sample > *space.cardinality()) throw InputError("--sample is larger than the space");
    while (archs.size() < *o.sample) {
      const Arch a = space.sample(rng);
      if (seen.insert(a).second) archs.push_back(a);
    }
  } else {
    ArchLines lines = read_arch_list(bench, *o.archs_file);
    std::set<Arch> seen;
    Arch a;
    std::size_t line = 0;
    while (lines.next(a, line)) {
      if (seen.insert(a).second) archs.push_back(a);  // a network is measured once, at its first line
    }
    if (archs.empty()) throw InputError(*o.archs_file + " lists no architecture");
  }
  return archs;
}

// The first "name=value" line that differs between two settings texts, as
// "name: A (recorded) against B (this run)".
std::string settings_difference(const std::string& recorded, const std::string& now) {
  std::istringstream a(recorded), b(now);
  std::string la, lb;
  while (true) {
    const bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
    if (!ga && !gb) return "";
    if (!ga) la.clear();
    if (!gb) lb.clear();
    if (la != lb) {
      const std::string name = (lb.empty() ? la : lb).substr(0, (lb.empty() ? la : lb).find('='));
      const auto value = [](const std::string& line) { return line.empty() ? "(none)" : "'" + line.substr(line.find('=') + 1) + "'"; };
      return name + " " + value(la) + " recorded, " + value(lb) + " in this run";
    }
  }
}

// --out must name a file that is not a directory, in a directory that exists;
// a path the system cannot resolve (a symlink loop) is refused with its reason.
void check_table_path(const std::filesystem::path& table) {
  std::error_code ec;
  const auto status = std::filesystem::status(table, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw InputError("--out " + table.string() + ": " + ec.message());
  }
  if (std::filesystem::is_directory(status)) throw InputError("--out " + table.string() + " is a directory: give the table's file name");
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    throw InputError("--out " + table.string() + " is not a regular file");
  }
  const std::filesystem::path parent = table.has_parent_path() ? table.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(parent, ec)) throw InputError("--out " + table.string() + ": no directory " + parent.string());
}

}  // namespace hwnas
