#include "report/analyze_report.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/files.hpp"
#include "core/error.hpp"
#include "core/stats.hpp"
#include "core/format.hpp"
#include "report/plot.hpp"

namespace hwnas {

namespace {

std::string cell(double v) { return std::isnan(v) ? "" : exact(v); }

void write_networks_csv(const std::filesystem::path& path, const NetworkTable& t, const std::vector<std::size_t>* only) {
  AtomicFile file(path);
  std::ostream& out = file.stream();
  out << "index,arch,flops_m,params_m" << (t.test_acc ? ",test_acc" : "");
  for (const auto& name : t.metric_names) out << ',' << name;
  out << '\n';
  const auto row = [&](std::size_t n) {
    out << (t.indices[n] ? std::to_string(*t.indices[n]) : "") << ",\"" << t.archs[n] << "\"," << exact(t.flops_m[n])
        << ',' << exact(t.params_m[n]);
    if (t.test_acc) out << ',' << exact((*t.test_acc)[n]);
    for (const auto& v : t.metrics) out << ',' << cell(v[n]);
    out << '\n';
  };
  if (only) {
    for (std::size_t n : *only) row(n);
  } else {
    for (std::size_t n = 0; n < t.archs.size(); ++n) row(n);
  }
  file.commit();
}

std::string describe_extremes(const std::vector<std::string>& names, const std::vector<Correlation>& c) {
  std::size_t lo = 0, hi = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c[i].kendall_tau < c[lo].kendall_tau) lo = i;
    if (c[i].kendall_tau > c[hi].kendall_tau) hi = i;
  }
  return "from " + fixed(c[lo].kendall_tau, 3) + " (" + names[lo] + ") to " + fixed(c[hi].kendall_tau, 3) + " (" +
         names[hi] + ")";
}

}  // namespace

namespace {

void write_flops_params_csv(const std::filesystem::path& path, const Analysis& a) {
  const NetworkTable& t = a.networks;
  const std::size_t m = t.metric_names.size();
  AtomicFile file(path);
  std::ostream& out = file.stream();
  out << "metric,n,kendall_tau_flops,spearman_flops,kendall_tau_params,spearman_params\n";
  for (std::size_t d = 0; d < m; ++d) {
    out << t.metric_names[d] << ',' << a.flops_vs[d].n << ',' << cell(a.flops_vs[d].kendall_tau) << ','
        << cell(a.flops_vs[d].spearman_rho) << ',' << cell(a.params_vs[d].kendall_tau) << ','
        << cell(a.params_vs[d].spearman_rho) << '\n';
  }
  file.commit();
}

void write_kendall_csv(const std::filesystem::path& path, const Analysis& a) {
  AtomicFile file(path);
  std::ostream& out = file.stream();
  out << "kendall_tau";
  for (const auto& n : a.matrix_names) out << ',' << n;
  out << '\n';
  for (std::size_t i = 0; i < a.matrix_names.size(); ++i) {
    out << a.matrix_names[i];
    for (double v : a.kendall[i]) out << ',' << cell(v);
    out << '\n';
  }
  file.commit();
}

// The scatter plots' grey background: every 8th network, in a file of its own so that each of the
// many panels does not parse the whole table (that was most of the analysis's time).
// Only the plotted columns: gnuplot's parsing of the arch strings cost more than drawing.
void write_one_in_eight_csv(const std::filesystem::path& path, const NetworkTable& t) {
  AtomicFile file(path);
  std::ostream& out = file.stream();
  out << "test_acc";
  for (const auto& name : t.metric_names) out << ',' << name;
  out << '\n';
  for (std::size_t n = 0; t.test_acc && n < t.archs.size(); n += 8) {
    out << exact((*t.test_acc)[n]);
    for (const auto& v : t.metrics) out << ',' << cell(v[n]);
    out << '\n';
  }
  file.commit();
}

std::string kendall_heatmap_script(const Analysis& a) {
  const NetworkTable& t = a.networks;
  const std::size_t k = a.matrix_names.size();
  std::ostringstream heat;
  heat << "set title 'Kendall tau between FLOPs, #params and device costs (" << t.space << ", " << t.dataset << ", "
       << t.archs.size() << " networks)'\n"
       << "set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')\nset cbrange [-1:1]\n"
       << "set xtics rotate by -45\nset size ratio -1\nunset key\nset yrange [" << k - 0.5 << ":-0.5]\n"
       << "set xrange [-0.5:" << k - 0.5 << "]\n"
       << "plot 'cross_device_kendall.csv' matrix rowheaders columnheaders using 1:2:3 with image, "
       << "'' matrix rowheaders columnheaders using 1:2:(sprintf('%.2f', $3)) with labels font ',9'\n";
  return heat.str();
}

// One figure per source metric `s`: a panel per target with every network (every 8th, grey), the
// target's own front (black) and where the source's front lands (red).
std::string pareto_transfer_script(const NetworkTable& t, std::size_t s, double y_min, std::size_t rows, std::size_t cols) {
  const std::size_t m = t.metric_names.size();
  std::ostringstream gp;
  gp << "set multiplot layout " << rows << "," << cols << " title 'Where the Pareto-optimal networks of "
     << t.metric_names[s] << " land on other devices'\nset grid\nset key bottom right\nset ylabel 'test accuracy (%)'\n"
     << "set yrange [" << y_min << ":*]\n";
  for (std::size_t g = 0; g < m; ++g) {
    if (g == s) continue;
    const std::size_t col = 6 + g;  // networks.csv: index, arch, flops, params, test_acc, metrics...
    gp << "set title '" << t.metric_names[g] << "'\nset xlabel '" << t.metric_names[g] << "'\n"
       << "plot 'networks_1in8.csv' skip 1 using " << g + 2 << ":1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', "
       << "'pareto_" << t.metric_names[g] << ".csv' skip 1 using " << col << ":5 with steps lw 2 lc rgb 'black' title 'own front', "
       << "'pareto_" << t.metric_names[s] << ".csv' skip 1 using " << col << ":5 with points pt 7 ps 0.6 lc rgb '#d62728' title '"
       << t.metric_names[s] << " front'\n";
  }
  return gp.str();
}

}  // namespace

std::string write_analysis(OutputDir& dir, const Analysis& a) {
  const NetworkTable& t = a.networks;
  const std::size_t m = t.metric_names.size();
  write_flops_params_csv(dir.output("flops_params_vs_cost.csv"), a);
  write_kendall_csv(dir.output("cross_device_kendall.csv"), a);
  write_networks_csv(dir.output("networks.csv"), t, nullptr);
  write_one_in_eight_csv(dir.output("networks_1in8.csv"), t);
  std::vector<std::pair<std::string, std::string>> plots = {{"cross_device_kendall", kendall_heatmap_script(a)}};

  std::ostringstream report;
  report << "# HW-NAS-Bench analysis: " << t.space << " on " << t.dataset << "\n\n"
         << t.archs.size() << " networks" << " (" << t.networks_from << ")"
         << "; device metrics: ";
  for (std::size_t d = 0; d < m; ++d) report << (d ? ", " : "") << t.metric_names[d];
  report << ".\n\n## 1. Do FLOPs and #params predict real cost?\n\n"
         << "Kendall tau between FLOPs and device cost ranges " << describe_extremes(t.metric_names, a.flops_vs)
         << "; between #params and device cost " << describe_extremes(t.metric_names, a.params_vs)
         << ". A tau of 1 would mean FLOPs order the networks exactly as the device does. FLOPs and #params "
         << "themselves agree with tau " << fixed(a.kendall[0][1], 3) << ".\n\n"
         << "| metric | n | tau FLOPs | rho FLOPs | tau params | rho params |\n|---|---|---|---|---|---|\n";
  for (std::size_t d = 0; d < m; ++d) {
    report << "| " << t.metric_names[d] << " | " << a.flops_vs[d].n << " | " << fixed(a.flops_vs[d].kendall_tau, 3)
           << " | " << fixed(a.flops_vs[d].spearman_rho, 3) << " | " << fixed(a.params_vs[d].kendall_tau, 3) << " | "
           << fixed(a.params_vs[d].spearman_rho, 3) << " |\n";
  }
  // Cross-device: metrics of two different devices (a device's energy tracks its own latency).
  std::vector<Correlation> cross;
  std::vector<std::string> cross_names;
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = i + 1; j < m; ++j) {
      if (CostKey::parse(t.metric_names[i]).device() == CostKey::parse(t.metric_names[j]).device()) continue;
      cross.push_back({a.kendall[i + 2][j + 2], 0, 0});
      cross_names.push_back(t.metric_names[i] + " vs " + t.metric_names[j]);
    }
  }
  double sum = 0;
  for (const auto& c : cross) sum += c.kendall_tau;
  report << "\n## 2. Does one device's cost predict another's?\n\n";
  if (cross.empty()) {
    report << "One device selected: no pair of devices to compare. Matrix: `cross_device_kendall.csv`.\n";
  } else {
    report << "Kendall tau between metrics of two different devices ranges " << describe_extremes(cross_names, cross)
           << " (mean " << fixed(sum / static_cast<double>(cross.size()), 3) << " over " << cross.size()
           << " pairs). Matrix: `cross_device_kendall.csv`, heatmap: `cross_device_kendall.png`.\n";
  }

  if (!a.fronts.empty()) {
    AtomicFile file(dir.output("pareto_transfer.csv"));
    std::ostream& out = file.stream();
    out << "source,target,source_front,target_front,without_target_cost,still_optimal,still_optimal_fraction,"
           "median_cost_percentile,max_cost_percentile\n";
    double kept = 0;
    std::size_t counted = 0;
    const ParetoTransfer* worst = nullptr;
    for (const ParetoTransfer& tr : a.transfers) {
      const std::size_t with_cost = tr.source_front - tr.without_target_cost;
      const double frac = with_cost ? static_cast<double>(tr.still_optimal) / static_cast<double>(with_cost) : std::nan("");
      out << tr.source << ',' << tr.target << ',' << tr.source_front << ',' << tr.target_front << ','
          << tr.without_target_cost << ',' << tr.still_optimal << ',' << cell(frac) << ','
          << cell(tr.median_cost_percentile) << ',' << cell(tr.max_cost_percentile) << '\n';
      if (!std::isnan(frac)) {
        kept += frac;
        ++counted;
        if (!worst || tr.max_cost_percentile > worst->max_cost_percentile) worst = &tr;
      }
    }
    file.commit();
    report << "\n## 3. Is device-specific search necessary?\n\n"
           << "Pareto fronts of test accuracy against each device metric (`pareto_<metric>.csv`) hold ";
    for (std::size_t d = 0; d < m; ++d) {
      report << (d ? ", " : "") << a.fronts[d].size() << " (" << t.metric_names[d] << ")";
      write_networks_csv(dir.output("pareto_" + t.metric_names[d] + ".csv"), t, &a.fronts[d]);
    }
    report << " networks. On average only " << fixed(100 * kept / static_cast<double>(counted), 1)
           << "% of one device's Pareto-optimal networks are Pareto-optimal on another device";
    if (worst) {
      report << "; the worst case is " << worst->source << " -> " << worst->target << ", where a network optimal for "
             << worst->source << " costs more than " << fixed(worst->max_cost_percentile, 1) << "% of all networks on "
             << worst->target;
    }
    report << ". Table: `pareto_transfer.csv`; scatter plots: `pareto_transfer_<source>.png`.\n\n"
           << "| source -> target | still Pareto-optimal | median cost percentile on target |\n|---|---|---|\n";
    for (const ParetoTransfer& tr : a.transfers) {
      report << "| " << tr.source << " -> " << tr.target << " | " << tr.still_optimal << " / "
             << tr.source_front - tr.without_target_cost << " | " << fixed(tr.median_cost_percentile, 1) << " |\n";
    }
    // The y axis starts at the lower quartile of accuracy: degenerate cells (10% on CIFAR-10) would flatten the fronts.
    const double y_min = std::floor(quantile(*t.test_acc, 0.25));
    const std::size_t cols = 3, rows = (m - 1 + cols - 1) / cols;
    for (std::size_t s = 0; s < m; ++s) {
      plots.emplace_back("pareto_transfer_" + t.metric_names[s], pareto_transfer_script(t, s, y_min, rows, cols));
    }
  }
  // Named in plot order first, so the "wrote" line's order does not depend on which gnuplot finishes first.
  for (const auto& plot : plots) name_plot_files(dir, plot.first);
  tbb::parallel_for(std::size_t{0}, plots.size(), [&](std::size_t p) {
    const bool heatmap = p == 0;
    const std::size_t rows = heatmap ? 1 : (m - 1 + 2) / 3;
    render_plot(dir, plots[p].first, plots[p].second, heatmap ? 900 : 1200, heatmap ? 850 : 330 * static_cast<int>(rows));
  });
  write_file_atomically(dir.output("report.md"), report.str());
  return report.str();
}

}  // namespace hwnas
