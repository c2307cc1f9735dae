#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "cost/cost.hpp"
#include "benchmark/benchmark.hpp"
#include "benchmark/fbnet_benchmark.hpp"
#include "benchmark/nb201_benchmark.hpp"
#include "benchmark/user_cost.hpp"
#include "objective/objective.hpp"
#include "predict/predict.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

// A user's cost table: its columns join the benchmark's; a sample covers only
// its rows; every malformed file is an InputError naming the file and line.
TEST(UserCostTable, JoinsTheBenchmarkAndRefusesMalformedFiles) {
  test::ScratchDir dir("user_cost");
  const auto base = test::benchmark("nb201", "cifar10");
  const SearchSpace& space = base->space();
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir.path() / name) << text;
    return (dir.path() / name).string();
  };
  const std::string a0 = space.to_string(space.at(0)), a7 = space.to_string(space.at(7));
  const std::string sample = write("sample.csv", "index,arch_str,laptop_latency,laptop_energy\n0," + a0 + ",2.5,\n7," + a7 + ",3.5,9\n");
  const auto bench = with_cost_tables(base, {sample});
  const CostKey latency = CostKey::parse("laptop_latency"), energy = CostKey::parse("laptop_energy");
  EXPECT_EQ(bench->cost().cost(space.at(0), latency), 2.5);
  EXPECT_EQ(bench->cost().cost(space.at(7), energy), 9.0);
  EXPECT_FALSE(bench->cost().cost(space.at(0), energy));  // empty cell: missing
  EXPECT_FALSE(bench->cost().cost(space.at(1), latency));  // not in the sample
  EXPECT_EQ(bench->cost().cost(space.at(0), CostKey::parse("fpga_latency")), base->cost().cost(space.at(0), CostKey::parse("fpga_latency")));
  EXPECT_FALSE(bench->cost().covers_space(latency));
  EXPECT_TRUE(bench->cost().covers_space(CostKey::parse("fpga_latency")));
  EXPECT_EQ(bench->cost().keys().size(), base->cost().keys().size() + 2);
  // A table of every cell covers the space.
  std::string full = "index,arch_str,laptop_latency\n";
  for (std::uint64_t i = 0; i < *space.cardinality(); ++i) full += std::to_string(i) + "," + space.to_string(space.at(i)) + "," + std::to_string(1.0 + static_cast<double>(i % 97)) + "\n";
  const auto whole = with_cost_tables(base, {write("full.csv", full)});
  EXPECT_TRUE(whole->cost().covers_space(latency));
  EXPECT_EQ(whole->cost().min_cost(space, latency), 1.0);
  const auto refused = [&](const std::string& text, const std::string& says) {
    try {
      with_cost_tables(base, {write("bad.csv", text)});
      ADD_FAILURE() << "accepted: " << text;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("bad.csv"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
  };
  refused("arch_str,laptop_latency\n" + a0 + ",1\n", "starts with the columns index, arch_str");
  refused("index,arch_str\n0," + a0 + "\n", "starts with the columns");
  refused("index,arch_str,laptop_speed\n0," + a0 + ",1\n", "laptop_speed");
  refused("index,arch_str,laptop_latency\n1," + a0 + ",1\n", "is not the index of");
  refused("index,arch_str,laptop_latency\n0," + a0 + ",1\n0," + a0 + ",2\n", "listed twice");
  refused("index,arch_str,laptop_latency\n0," + a0 + ",-1\n", "not a cost in [1e-09, 1e+09)");
  // The same range both ways: far too small is refused like far too large.
  refused("index,arch_str,laptop_latency\n0," + a0 + ",1e-300\n", "1e-300 is not a cost in [1e-09, 1e+09)");
  refused("index,arch_str,laptop_latency\n0," + a0 + ",1e300\n", "1e300 is not a cost in [1e-09, 1e+09)");
  refused("index,arch_str,laptop_latency\n0," + a0 + ",fast\n", "expected a finite number");
  refused("index,arch_str,laptop_latency\n0,|conv~0|,1\n", "bad.csv:2");
  refused("index,arch_str,fpga_latency\n0," + a0 + ",1\n", "exists already");
  refused("index,arch_str,laptop_latency\n", "no rows");
  EXPECT_THROW(with_cost_tables(base, {sample, sample}), InputError);  // the same columns twice
  // FBNet tables name networks by their 22 block indices, as the benchmark's sample file does.
  const auto fbnet = test::benchmark("fbnet", "cifar100");
  std::string header = "", row = "", bad_row = "";
  for (int d = 0; d < 22; ++d) {
    header += "layer" + std::to_string(d) + ",";
    row += std::to_string(d % 9) + ",";
    bad_row += std::string(d == 5 ? "9" : "0") + ",";
  }
  const auto fb = with_cost_tables(fbnet, {write("fb.csv", header + "laptop_latency\n" + row + "7.5\n")});
  Arch fb_arch(22);
  for (int d = 0; d < 22; ++d) fb_arch.set(static_cast<std::size_t>(d), d % 9);
  EXPECT_EQ(fb->cost().cost(fb_arch, latency), 7.5);
  EXPECT_FALSE(fb->cost().covers_space(latency));
  EXPECT_THROW(with_cost_tables(fbnet, {write("fb_bad.csv", header + "laptop_latency\n" + bad_row + "7.5\n")}), InputError);
  EXPECT_THROW(with_cost_tables(base, {(dir.path() / "absent.csv").string()}), InputError);
}

// HELP's zoo is a device like HW-NAS-Bench's: its columns are listed beside
// them (on NB201 with CIFAR-10 inputs; on FBNet as a 5000-network sample), read
// from the file only when a command asks for one, and never duplicated.
TEST(DeviceZoo, ColumnsAreListedAtOnceAndReadOnFirstUse) {
  const DataDir dir(shipped_data_dir());  // a fresh DataDir: its read log starts empty
  const auto reads_zoo = [](const DataDir& d) {
    const auto files = d.files_read();
    return std::any_of(files.begin(), files.end(), [](const DataFileRead& f) { return f.file.rfind("help/", 0) == 0; });
  };
  const auto bench = load_benchmark(dir, "nb201", "cifar10");
  const CostKey titan = CostKey::parse("titan_rtx_256_latency"), gpu = CostKey::parse("edgegpu_latency");
  EXPECT_TRUE(bench->cost().has(titan));
  EXPECT_TRUE(bench->cost().covers_space(titan));
  const Arch a0 = bench->space().at(0);
  EXPECT_EQ(bench->cost().cost(a0, gpu), 5.807418537139893);
  EXPECT_FALSE(reads_zoo(dir)) << "a HW-NAS-Bench column read the zoo";
  // A search asks its column's own model (no dispatch per query): HW-NAS-Bench's table, not the stack.
  const CostModel& owner = bench->cost().column_owner(gpu);
  EXPECT_NE(&owner, &bench->cost());
  EXPECT_EQ(owner.keys().size(), 10u);
  EXPECT_EQ(owner.cost(a0, gpu), bench->cost().cost(a0, gpu));
  EXPECT_FALSE(reads_zoo(dir));
  EXPECT_EQ(bench->cost().cost(a0, titan), 10.651860237121582);  // help/nb201_latency.csv, row 0
  EXPECT_TRUE(reads_zoo(dir));
  EXPECT_EQ(bench->cost().index_column(titan)->size(), 15625u);
  EXPECT_EQ(bench->cost().column_owner(titan).cost(a0, titan), 10.651860237121582);
  EXPECT_EQ(bench->cost().column_owner(titan).keys().size(), 23u);
  // Other input sizes have no zoo; the message says where it is.
  const auto c100 = load_benchmark(dir, "nb201", "cifar100");
  EXPECT_FALSE(c100->cost().has(titan));
  ProblemSpec spec;
  spec.device = "titan_rtx_256";
  test::expect_input_error([&] { problem_cost_key(spec, *c100); },
                     {"titan_rtx_256_latency", "CIFAR-10 inputs", "--cost-dataset cifar10"});
  EXPECT_TRUE(load_benchmark(dir, "nb201", "cifar100", "cifar10")->cost().has(titan));
  // A user's table may not bring a zoo column again.
  test::ScratchDir scratch("zoo_clash");
  const auto clash = scratch.write("clash.csv", "index,arch_str,titan_rtx_256_latency\n0," +
                                                   bench->space().to_string(a0) + ",1\n");
  test::expect_input_error([&] { with_cost_tables(bench, {clash.string()}); }, {"titan_rtx_256_latency", "exists already"});
  // FBNet (CIFAR-100 setting): a sample, so no whole-space search by it, but a value for HELP's networks.
  const auto fbnet = load_benchmark(dir, "fbnet", "cifar100");
  const CostKey titan64 = CostKey::parse("titan_rtx_64_latency");
  EXPECT_TRUE(fbnet->cost().has(titan64));
  EXPECT_FALSE(fbnet->cost().covers_space(titan64));
  const auto listed = fbnet->cost().listed_archs();
  ASSERT_EQ(listed.size(), 5000u);
  EXPECT_EQ(fbnet->cost().cost(listed[0], titan64), 9.651960953697563);  // help/fbnet_cifar100_latency.csv, row 0
  EXPECT_FALSE(fbnet->cost().cost(fbnet->space().from_choices(std::vector<std::int64_t>(22, 0)), titan64).has_value());
  EXPECT_FALSE(load_benchmark(dir, "fbnet", "ImageNet")->cost().has(titan64));
}

}  // namespace
}  // namespace hwnas
