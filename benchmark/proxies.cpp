#include "benchmark/proxies.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

#include "benchmark/user_cost.hpp"
#include "benchmark_data/csv.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/stats.hpp"

namespace hwnas {

const Registry<ProxyKind>& proxies() {
  static const Registry<ProxyKind> registry(
      "proxy",
      {
          {"synflow", "sum of |theta * dR/dtheta| for R = the summed output on an all-ones input, |weights|, no batch norm, double precision",
           true, false, 64, "Tanaka et al. 2020; Zero-Cost-NAS measures/synflow.py"},
          {"jacov", "-sum(log(v + 1e-5) + 1/(v + 1e-5)) over the eigenvalues v of the correlation of the input Jacobians of one minibatch",
           true, true, 64, "Mellor et al. 2020 (v1); Zero-Cost-NAS measures/jacob_cov.py"},
          {"naswot", "log |det K|, K[i,j] = ReLU units on which images i and j agree (both active or both inactive)", true, true, 128,
           "Mellor et al. ICML 2021; nas-without-training score_networks.py (hook_logdet)"},
          {"snip", "sum of |theta * dL/dtheta| (cross-entropy L on one minibatch)", true, true, 64,
           "Lee et al. 2019; Zero-Cost-NAS measures/snip.py"},
          {"grad_norm", "sum over layers of the L2 norm of dL/dtheta", true, true, 64, "Zero-Cost-NAS measures/grad_norm.py"},
          {"grasp", "sum of -theta * (H dL/dtheta), the Hessian-gradient product", true, true, 64,
           "Wang et al. 2020; Zero-Cost-NAS measures/grasp.py"},
          {"fisher", "sum over output channels of 0.5 * mean over images of (sum_hw a * dL/da)^2, per weight of the channel", true, true, 64,
           "Theis et al. 2018; Zero-Cost-NAS measures/fisher.py"},
          {"flops", "the benchmark's analytic FLOPs (M) of the network", false, false, 0, "Benchmark::complexity"},
          {"params", "the benchmark's analytic parameter count (M)", false, false, 0, "Benchmark::complexity"},
      });
  return registry;
}

std::vector<ProxyKind> parse_proxy_list(const std::string& list) {
  std::vector<ProxyKind> out;
  std::set<std::string> seen;
  for (const std::string& name : split_list(list)) {
    if (!seen.insert(name).second) throw InputError("proxy '" + name + "' is listed twice");
    out.push_back(proxies().get(name));
  }
  if (out.empty()) throw InputError("no proxy given (known: " + proxies().join(", ") + ")");
  return out;
}

ProxyTable::ProxyTable(const std::filesystem::path& path, const SearchSpace& space) : path_(path) {
  const CsvFile csv(path);
  const std::vector<std::string> id = user_table_arch_columns(space);
  const auto& header = csv.header();
  if (header.size() <= id.size() || !std::equal(id.begin(), id.end(), header.begin())) {
    std::string expected;
    for (const auto& c : id) expected += c + ", ";
    throw InputError(path.string() + ": a proxy table for " + space.name() + " starts with the columns " + expected +
                     "then one column per proxy (" + proxies().join(", ") + ")");
  }
  for (std::size_t c = id.size(); c < header.size(); ++c) {
    const std::string name(header[c]);
    if (!proxies().contains(name)) {
      throw InputError(path.string() + ": column '" + name + "' is not a proxy (known: " + proxies().join(", ") + ")");
    }
    if (std::find(columns_.begin(), columns_.end(), name) != columns_.end()) {
      throw InputError(path.string() + ": column '" + name + "' appears twice");
    }
    columns_.push_back(name);
  }
  if (csv.rows() == 0) throw InputError(path.string() + ": no rows");
  values_.assign(columns_.size(), std::vector<double>(csv.rows()));
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    const Arch arch = user_table_arch(csv, r, space);
    if (!rows_.emplace(arch, r).second) {
      throw InputError(path.string() + ":" + std::to_string(r + 2) + ": " + space.to_string(arch) + " is listed twice");
    }
    archs_.push_back(arch);
    for (std::size_t k = 0; k < columns_.size(); ++k) {
      const std::size_t c = id.size() + k;
      values_[k][r] = csv.text(r, c) == "nan" ? std::numeric_limits<double>::quiet_NaN() : csv.number(r, c);
    }
  }
}

const std::vector<double>& ProxyTable::values(const std::string& column) const {
  const auto it = std::find(columns_.begin(), columns_.end(), column);
  if (it == columns_.end()) {
    std::string have;
    for (const auto& c : columns_) have += (have.empty() ? "" : ", ") + c;
    throw InputError(path_.string() + " has no column '" + column + "' (it has: " + have + ")");
  }
  return values_[static_cast<std::size_t>(it - columns_.begin())];
}

std::optional<std::size_t> ProxyTable::row_of(const Arch& arch) const {
  const auto it = rows_.find(arch);
  if (it == rows_.end()) return std::nullopt;
  return it->second;
}

std::optional<ProxySourceSpec> parse_proxy_source(const std::string& accuracy_from) {
  const std::string prefix = "proxy:";
  if (accuracy_from.rfind(prefix, 0) != 0) return std::nullopt;
  const std::string rest = accuracy_from.substr(prefix.size());
  if (rest.empty()) {
    throw InputError("--accuracy-from proxy: needs a proxy or a table: proxy:NAME, proxy:FILE, proxy:NAME:FILE, "
                     "proxy:A+B:FILE or proxy:vote:FILE (proxies: " + proxies().join(", ") + ")");
  }
  ProxySourceSpec spec;
  const std::size_t colon = rest.find(':');
  const std::string head = rest.substr(0, colon);
  if (colon == std::string::npos) {
    if (proxies().contains(rest)) {
      spec.proxies = {rest};  // computed on demand
    } else {
      spec.file = rest;  // the file's only column
    }
    return spec;
  }
  spec.file = rest.substr(colon + 1);
  if (spec.file->empty()) throw InputError("--accuracy-from " + accuracy_from + ": no file after '" + head + ":'");
  if (head == "vote") {
    spec.vote = true;
    return spec;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t plus = head.find('+', start);
    const std::string name = head.substr(start, plus == std::string::npos ? std::string::npos : plus - start);
    if (name.empty()) throw InputError("--accuracy-from " + accuracy_from + ": an empty proxy name before the file");
    spec.proxies.push_back(proxies().get(name).name);
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  spec.vote = spec.proxies.size() > 1;
  return spec;
}

double proxy_signal(double value) { return std::isnan(value) ? -std::numeric_limits<double>::infinity() : value; }

namespace {

// Scores from a table: one column, or the rank-sum vote of several.
class ProxyTableAccuracy final : public AccuracySource {
public:
  ProxyTableAccuracy(const ProxySourceSpec& spec, const SearchSpace& space, std::shared_ptr<const AccuracySource> final_source)
      : table_(*spec.file, space), space_(space), final_(std::move(final_source)) {
    std::vector<std::string> used = spec.proxies;
    if (used.empty()) {
      for (const std::string& c : table_.columns()) {
        if (spec.vote ? proxies().get(c).runs_network : true) used.push_back(c);
      }
      if (!spec.vote && used.size() != 1) {
        throw InputError("--accuracy-from proxy:" + spec.file->string() + ": the table has " + std::to_string(used.size()) +
                         " proxy columns; name one (proxy:NAME:FILE) or vote (proxy:vote:FILE)");
      }
      if (used.empty()) throw InputError(spec.file->string() + ": no proxy column to vote with (flops and params do not vote)");
    }
    if (used.size() == 1) {
      scores_ = table_.values(used[0]);
      for (double& v : scores_) v = proxy_signal(v);
      name_ = "proxy_" + used[0];
    } else {
      // Each column's ranks (ties averaged; NaN lowest), summed: the vote as a score.
      scores_.assign(table_.archs().size(), 0.0);
      name_ = "proxy_vote";
      for (const std::string& c : used) {
        std::vector<double> v = table_.values(c);
        for (double& x : v) x = proxy_signal(x);
        const std::vector<double> r = average_ranks(v);
        for (std::size_t i = 0; i < r.size(); ++i) scores_[i] += r[i];
        name_ += "_" + c;
      }
    }
  }
  double signal(const Arch& arch) const override {
    const auto row = table_.row_of(arch);
    if (!row) {
      throw InputError(table_.path().string() + " has no row for " + space_.to_string(arch) +
                       ": it scores only the networks it lists (proxy:NAME computes any network on demand)");
    }
    return scores_[*row];
  }
  std::optional<double> final_accuracy(const Arch& arch) const override {
    return final_ ? final_->final_accuracy(arch) : std::nullopt;
  }
  std::string signal_name() const override { return name_; }
  std::string final_name() const override { return final_ ? final_->final_name() : "none"; }

private:
  ProxyTable table_;
  const SearchSpace& space_;
  std::shared_ptr<const AccuracySource> final_;
  std::vector<double> scores_;
  std::string name_;
};

}  // namespace

std::shared_ptr<AccuracySource> make_proxy_table_accuracy(const ProxySourceSpec& spec, const SearchSpace& space,
                                                          std::shared_ptr<const AccuracySource> final_source) {
  if (!spec.file) throw std::logic_error("make_proxy_table_accuracy without a file");
  return std::make_shared<ProxyTableAccuracy>(spec, space, std::move(final_source));
}

}  // namespace hwnas
