#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/stats.hpp"
#include "report/analyze_report.hpp"
#include "report/compare_report.hpp"
#include "report/json_writer.hpp"
#include "study/arch_list.hpp"
#include "report/query_report.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

std::shared_ptr<const Benchmark> shared_nb201() { return test::benchmark("nb201", "cifar10"); }

// Rows of a CSV as name -> column maps (no quoted commas in the files read here).
std::vector<std::map<std::string, std::string>> read_csv(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string h; std::getline(hs, h, ',');) header.push_back(h);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> row;
    std::stringstream ls(line);
    std::string v;
    for (std::size_t c = 0; c < header.size() && std::getline(ls, v, ','); ++c) row[header[c]] = v;
    rows.push_back(row);
  }
  return rows;
}

void expect_png_and_svg(const std::filesystem::path& dir, const std::string& name) {
  const std::string png = test::read_file(dir / (name + ".png"));
  ASSERT_GT(png.size(), 1000u) << name;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << name;
  const std::string svg = test::read_file(dir / (name + ".svg"));
  EXPECT_NE(svg.find("<svg"), std::string::npos) << name;
  EXPECT_NE(svg.find("</svg>"), std::string::npos) << name;
}

// The streamed text is the same document nlohmann builds, laid out as its dump(2).
TEST(JsonWriter, WritesWhatNlohmannWritesWithNumbersThatReadBackExactly) {
  std::string text;
  JsonWriter w(text);
  const double third = 1.0 / 3.0;
  w.begin_object();
  w.key("a").value(third);
  w.key("whole").value(86.0);
  w.key("tiny").value(1e-300);
  w.key("nan").value(std::nan(""));
  w.key("missing").value(std::optional<double>());
  w.key("n").value(std::uint64_t{18446744073709551615ull});
  w.key("neg").value(-3);
  w.key("flag").value(true);
  w.key("text").value("quote \" backslash \\ newline \n tab \t |nor_conv_3x3~0|");
  w.key("empty_array").begin_array().end_array();
  w.key("empty_object").begin_object().end_object();
  w.key("list").begin_array().value(1.5).null().begin_object().key("x").value("y").end_object().end_array();
  nlohmann::ordered_json embedded = {{"k", {1, 2}}, {"s", "t"}};
  w.key("embedded").embed(embedded);
  w.end_object();

  nlohmann::ordered_json expected;
  expected["a"] = third;
  expected["whole"] = 86.0;
  expected["tiny"] = 1e-300;
  expected["nan"] = nullptr;
  expected["missing"] = nullptr;
  expected["n"] = std::uint64_t{18446744073709551615ull};
  expected["neg"] = -3;
  expected["flag"] = true;
  expected["text"] = "quote \" backslash \\ newline \n tab \t |nor_conv_3x3~0|";
  expected["empty_array"] = nlohmann::ordered_json::array();
  expected["empty_object"] = nlohmann::ordered_json::object();
  expected["list"] = {1.5, nullptr, {{"x", "y"}}};
  expected["embedded"] = embedded;
  const auto parsed = nlohmann::ordered_json::parse(text);
  EXPECT_EQ(parsed, expected);
  EXPECT_EQ(parsed["a"].get<double>(), third);  // bit for bit
  EXPECT_TRUE(parsed["whole"].is_number_float());
  EXPECT_EQ(text, expected.dump(2));  // the same layout, so embedded parts blend in
}

TEST(Compare, AutoLimitsArePerDeviceQuartiles) {
  const auto& bench = test::nb201();
  const auto limits = parse_limits("auto", "edgegpu,fpga", "latency", bench.space(), bench.cost("cifar10"));
  ASSERT_EQ(limits.size(), 6u);
  const auto& fpga = *bench.cost("cifar10").index_column(CostKey::parse("fpga_latency"));
  EXPECT_DOUBLE_EQ(limits[4].limit, quantile(fpga, 0.5));
  EXPECT_EQ(limits[4].label(), "fpga@q50");
  const auto all = parse_limits("auto", "all", "latency", bench.space(), bench.cost("cifar10"));
  EXPECT_EQ(all.size(), 3u * (6 + 23));  // HW-NAS-Bench's six devices and HELP's 23, three quartiles each
  const auto explicit_limits = parse_limits("edgegpu:4.0,fpga:3.0", "all", "latency", bench.space(), bench.cost("cifar10"));
  ASSERT_EQ(explicit_limits.size(), 2u);
  EXPECT_EQ(explicit_limits[1].limit, 3.0);
  EXPECT_THROW(parse_limits("edgegpu=4", "all", "latency", bench.space(), bench.cost("cifar10")), InputError);
  EXPECT_THROW(parse_limits("fpga:x", "all", "latency", bench.space(), bench.cost("cifar10")), InputError);
  EXPECT_THROW(parse_limits("auto", "raspi4", "energy", bench.space(), bench.cost("cifar10")), InputError);
  // A percentile by name, beside a plain limit: the same value auto picks.
  const auto mixed = parse_limits("fpga@q50,edgegpu:4.0,fpga@q10", "all", "latency", bench.space(), bench.cost("cifar10"));
  ASSERT_EQ(mixed.size(), 3u);
  EXPECT_EQ(mixed[0].limit, limits[4].limit);
  EXPECT_EQ(mixed[0].label(), "fpga@q50");
  EXPECT_DOUBLE_EQ(mixed[2].limit, quantile(fpga, 0.1));
  for (const char* bad : {"fpga@q0", "fpga@q100", "fpga@q", "fpga@q50,fpga@q50"}) {
    EXPECT_THROW(parse_limits(bad, "all", "latency", bench.space(), bench.cost("cifar10")), InputError) << bad;
  }
}

TEST(Compare, OutputsMatchTheRunsAndPlotsAreRealImages) {
  test::ScratchDir dir("compare");
  const auto& bench = test::nb201();
  const auto limits = parse_limits("edgegpu:4.0,fpga:3.0", "edgegpu,fpga", "latency", bench.space(), bench.cost("cifar10"));
  RunSettings settings;
  settings.budget.seconds = 12000;
  for (std::uint64_t s = 0; s < 20; ++s) settings.seeds.push_back(s);
  const auto results = run_comparison(ProblemSpec{}, shared_nb201(), {"random", "rea"}, limits, settings);
  ASSERT_EQ(results.size(), 4u);
  OutputDir out(dir.path());
  write_comparison(out, bench.space(), results, settings.budget);

  // summary.csv holds what a direct search with the same settings gives.
  ProblemSpec spec;
  spec.device = "fpga";
  spec.limit = 3.0;
  const auto problem = test::problem(spec);
  settings.searcher = "rea";
  const RunSummary direct = summarize(*problem, run_seeds(*problem, settings));
  const auto summary = read_csv(dir.path() / "summary.csv");
  ASSERT_EQ(summary.size(), 4u);
  const auto& row = summary[3];
  EXPECT_EQ(row.at("searcher"), "rea");
  EXPECT_EQ(row.at("device"), "fpga");
  EXPECT_DOUBLE_EQ(std::stod(row.at("mean_test_acc")), direct.mean_test_acc);
  EXPECT_DOUBLE_EQ(std::stod(row.at("mean_regret")), *direct.mean_regret);
  EXPECT_EQ(read_csv(dir.path() / "runs.csv").size(), 80u);
  // The anytime curve ends at the runs' final incumbents.
  const auto anytime = read_csv(dir.path() / "anytime.csv");
  std::vector<std::map<std::string, std::string>> rea_fpga;
  for (const auto& r : anytime) {
    if (r.at("searcher") == "rea" && r.at("device") == "fpga") rea_fpga.push_back(r);
  }
  ASSERT_EQ(rea_fpga.size(), 50u);
  EXPECT_DOUBLE_EQ(std::stod(rea_fpga.back().at("budget")), 12000.0);
  EXPECT_DOUBLE_EQ(std::stod(rea_fpga.back().at("mean_test_acc")), direct.mean_test_acc);
  for (std::size_t i = 1; i < rea_fpga.size(); ++i) {
    EXPECT_GE(std::stod(rea_fpga[i].at("runs")), std::stod(rea_fpga[i - 1].at("runs")));
  }
  const auto regret = read_csv(dir.path() / "regret.csv");
  ASSERT_EQ(regret.size(), 2u);
  EXPECT_DOUBLE_EQ(std::stod(regret[1].at("rea_mean_regret")), *direct.mean_regret);
  expect_png_and_svg(dir.path(), "anytime");
  expect_png_and_svg(dir.path(), "regret");
}

TEST(Analyze, Nb201CsvsMatchTheComputedNumbersAndPlotsExist) {
  test::ScratchDir dir("analyze");
  const auto& bench = test::nb201();
  const Analysis a = analyze(benchmark_networks(*test::benchmark("nb201", "cifar10"), 0, 0));
  OutputDir out(dir.path());
  const std::string report = write_analysis(out, a);
  // Kendall tau in the CSV equals a fresh computation from the tables.
  const auto& flops = bench.data().flops.column("flops_m").values;
  const auto& gpu = *bench.cost("cifar10").index_column(CostKey::parse("edgegpu_latency"));
  const auto& fpga = *bench.cost("cifar10").index_column(CostKey::parse("fpga_latency"));
  const auto rows = read_csv(dir.path() / "flops_params_vs_cost.csv");
  ASSERT_EQ(rows.size(), 9u + 23);  // HW-NAS-Bench's 9 costs, then HELP's 23 latencies
  EXPECT_EQ(rows[0].at("metric"), "edgegpu_latency");
  EXPECT_EQ(rows[9].at("metric"), "1080ti_1_latency");
  EXPECT_NEAR(std::stod(rows[0].at("kendall_tau_flops")), kendall_tau(flops, gpu), 1e-12);
  EXPECT_EQ(rows[3].at("n"), "10926");  // Edge TPU: only cells with a latency
  const auto matrix = read_csv(dir.path() / "cross_device_kendall.csv");
  ASSERT_EQ(matrix.size(), 2u + 9 + 23);  // FLOPs, params and every cost column
  EXPECT_EQ(matrix[2].at("kendall_tau"), "edgegpu_latency");
  EXPECT_NEAR(std::stod(matrix[2].at("fpga_latency")), kendall_tau(gpu, fpga), 1e-12);
  // Pareto fronts equal brute force, and the transfer table counts them right.
  const auto& acc = bench.data().accuracy.column("cifar10_test200").values;
  const auto front = pareto_front_brute_force(gpu, acc);
  const auto pareto = read_csv(dir.path() / "pareto_edgegpu_latency.csv");
  ASSERT_EQ(pareto.size(), front.size());
  for (std::size_t i = 0; i < front.size(); ++i) EXPECT_EQ(std::stoul(pareto[i].at("index")), front[i]);
  const auto fpga_front = pareto_front_brute_force(fpga, acc);
  std::size_t kept = 0;
  for (std::size_t n : front) kept += std::find(fpga_front.begin(), fpga_front.end(), n) != fpga_front.end();
  for (const auto& r : read_csv(dir.path() / "pareto_transfer.csv")) {
    if (r.at("source") == "edgegpu_latency" && r.at("target") == "fpga_latency") {
      EXPECT_EQ(std::stoul(r.at("still_optimal")), kept);
      EXPECT_EQ(std::stoul(r.at("target_front")), fpga_front.size());
    }
  }
  EXPECT_NE(report.find("## 3. Is device-specific search necessary?"), std::string::npos);
  EXPECT_EQ(report, test::read_file(dir.path() / "report.md"));
  expect_png_and_svg(dir.path(), "cross_device_kendall");
  expect_png_and_svg(dir.path(), "pareto_transfer_edgegpu_latency");
}

TEST(Analyze, FbnetSampleIsSeededAndHasNoParetoPart) {
  test::ScratchDir dir("analyze_fbnet");
  const auto fbnet = test::benchmark("fbnet", "ImageNet");
  const NetworkTable a = benchmark_networks(*fbnet, 300, 7), b = benchmark_networks(*fbnet, 300, 7);
  EXPECT_EQ(a.archs, b.archs);
  EXPECT_NE(a.archs, benchmark_networks(*fbnet, 300, 8).archs);
  ASSERT_EQ(a.metric_names.size(), 8u);
  EXPECT_EQ(a.dataset, "ImageNet");
  const Analysis an = analyze(a);
  EXPECT_TRUE(an.fronts.empty());
  OutputDir out(dir.path());
  const std::string report = write_analysis(out, an);
  EXPECT_EQ(report.find("## 3."), std::string::npos);
  EXPECT_EQ(read_csv(dir.path() / "flops_params_vs_cost.csv").size(), 8u);
  expect_png_and_svg(dir.path(), "cross_device_kendall");
}

}  // namespace
}  // namespace hwnas

namespace hwnas {
namespace {

// The one reader of architecture lists (query --archs and measure --archs).
TEST(ArchLines, SkipsBlanksCommentsAndCarriageReturnsAndNamesABadLine) {
  const auto bench = shared_nb201();
  ArchLines lines(*bench, "# a search's results\r\n7\r\n\n|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|\n7\n", "F");
  std::vector<std::pair<std::uint64_t, std::size_t>> got;
  Arch arch;
  std::size_t line = 0;
  while (lines.next(arch, line)) got.emplace_back(bench->space().index(arch), line);
  const std::vector<std::pair<std::uint64_t, std::size_t>> want = {{7, 2}, {bench->space().index(bench->space().parse(
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|")), 4}, {7, 5}};
  EXPECT_EQ(got, want);  // duplicates are kept: the caller decides (query answers each, measure times one)
  lines.rewind();
  ASSERT_TRUE(lines.next(arch, line));
  EXPECT_EQ(line, 2u);
  ArchLines bad(*bench, "1\n\n15625\n", "F");
  ASSERT_TRUE(bad.next(arch, line));
  try {
    bad.next(arch, line);
    FAIL() << "index 15625 was accepted";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "F:3: index 15625 is out of range (0..15624)");
  }
}

}  // namespace
}  // namespace hwnas
