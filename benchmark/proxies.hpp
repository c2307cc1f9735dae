#pragma once
// Zero-cost proxies as data: which proxies exist (the `proxies()` registry,
// free of LibTorch so that the torch-free `hwnas` lists and checks them), the
// table `hwnas proxy` writes (ProxyTable), and a proxy as an accuracy source
// (`--accuracy-from proxy:...`). The proxies that run a network are computed
// by torch/proxy_scorer.hpp; `flops` and `params` are the benchmark's own
// analytic counts (Benchmark::complexity).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "benchmark/accuracy_source.hpp"
#include "core/registry.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

class Benchmark;

struct ProxyKind {
  std::string name;
  std::string description;
  bool runs_network = true;   // false: flops and params, counted without LibTorch
  bool reads_images = true;   // false: synflow (an all-ones input), flops, params
  int default_batch = 64;     // the reference code's minibatch (NASWOT: 128)
  std::string reference;      // where the definition comes from
};
// Every proxy, in the order tables list them. Safe from any thread.
const Registry<ProxyKind>& proxies();

// "synflow,jacov" -> the entries, in the order given; InputError for an
// unknown or repeated name, or an empty list.
std::vector<ProxyKind> parse_proxy_list(const std::string& list);

// A table written by `hwnas proxy`: the architecture columns of a cost table
// of the space (user_cost.hpp: `index,arch_str` or `layer0..layer21`), then one
// column per proxy (a name of proxies()). Values are finite numbers or `nan`
// (a proxy undefined for that network: jacov of a network whose output does not
// depend on its input). Immutable once read; safe to share across threads.
class ProxyTable {
public:
  // InputError naming the file and line: not a proxy table of `space` (bad
  // header, an unknown proxy column), a network listed twice or not of the
  // space, a value that is not a number, a row of the wrong width.
  ProxyTable(const std::filesystem::path& path, const SearchSpace& space);
  const std::filesystem::path& path() const { return path_; }
  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<Arch>& archs() const { return archs_; }
  // The column's values in row order (InputError naming the columns there are).
  const std::vector<double>& values(const std::string& column) const;
  std::optional<std::size_t> row_of(const Arch& arch) const;

private:
  std::filesystem::path path_;
  std::vector<std::string> columns_;
  std::vector<Arch> archs_;
  std::vector<std::vector<double>> values_;  // [column][row]
  std::unordered_map<Arch, std::size_t> rows_;
};

// What `--accuracy-from proxy:SPEC` names (SPEC after "proxy:"):
//   NAME             one proxy, computed on demand for each queried network;
//   FILE             the only proxy column of FILE (a table of `hwnas proxy`);
//   NAME:FILE        FILE's column NAME;
//   A+B+...:FILE     the vote of several columns: the sum of each network's
//                    ranks among FILE's networks (Abdelfattah et al.'s vote,
//                    made a score: higher is better);
//   vote:FILE        the vote of all of FILE's columns but flops and params.
// InputError for a malformed SPEC (an empty part, an unknown proxy before the
// colon).
struct ProxySourceSpec {
  std::vector<std::string> proxies;      // one for a single proxy, several for a vote; empty: all (vote:FILE)
  std::optional<std::filesystem::path> file;  // absent: computed on demand
  bool vote = false;
};
// nullopt when `accuracy_from` does not start with "proxy:".
std::optional<ProxySourceSpec> parse_proxy_source(const std::string& accuracy_from);

// A proxy table as an accuracy source: signal = the column's value (or the
// vote), final accuracy from `final_source` (NB201's table) when given. A
// queried network not in the table is an InputError naming the file and the
// network (such a table covers only the networks it lists: use proxy:NAME to
// compute the rest on demand). NaN values score lowest. Thread-safe.
std::shared_ptr<AccuracySource> make_proxy_table_accuracy(const ProxySourceSpec& spec, const SearchSpace& space,
                                                          std::shared_ptr<const AccuracySource> final_source);

// A proxy's value as search sees it: higher is better for every proxy here,
// and an undefined value (NaN) below any number.
double proxy_signal(double value);

}  // namespace hwnas
