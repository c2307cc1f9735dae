// Data-parallel supernet search on c10d, run as a user would: --nproc, and
// ranks started by hand with torchrun's variables. Every command is bounded by
// `timeout`, so a hang fails the test instead of the suite.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace hwnas {
namespace {

struct Output {
  int code;
  std::string out;
  double seconds;
};

// A bash command line, standard error merged into the output.
Output bash(const std::string& script) {
  const auto start = std::chrono::steady_clock::now();
  std::string quoted = "'";
  for (const char c : script) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  FILE* pipe = popen(("bash -c " + quoted + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = pclose(pipe);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out, seconds};
}

const std::string& hwnas() {
  static const std::string path = HWNAS_BIN;
  return path;
}
std::string hwnas_torch() { return (std::filesystem::path(HWNAS_BIN).parent_path() / "hwnas-torch").string(); }

// A port nobody listens on (the kernel's pick), or, kept open, one that is taken.
struct Port {
  Port(bool keep_listening) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t n = sizeof a;
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
    number = ntohs(a.sin_port);
    if (keep_listening) {
      ::listen(fd, 1);
    } else {
      ::close(fd);
      fd = -1;
    }
  }
  ~Port() {
    if (fd >= 0) ::close(fd);
  }
  int fd = -1;
  int number = 0;
};

// A tiny GDAS search under an FPGA limit: 2 epochs of 4 steps of 32 images.
const std::string kSearch =
    " search --space nb201 --dataset cifar10 --device fpga --metric latency --limit 3 --searcher gdas --epochs 2 "
    "--channels 4 --cells 1 --train-images 256 --batch-size 32 --eval-images 128 --threads 1 --json";
// One seed, unless a test asks for more.
const std::string kOneSeed = " --seeds 1";

nlohmann::json parse(const Output& r) {
  EXPECT_EQ(r.code, 0) << r.out;
  return nlohmann::json::parse(r.out);
}

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

TEST(Distributed, TwoRanksTrainAsOneOnTheWholeBatch) {
  if (!HWNAS_HAS_TORCH) GTEST_SKIP() << "built without LibTorch";
  const auto alone = parse(bash("timeout 120 " + hwnas() + kSearch + kOneSeed));
  const auto pair = parse(bash("timeout 120 " + hwnas() + kSearch + kOneSeed + " --nproc 2"));
  const auto& a = alone["runs"][0]["supernet"];
  const auto& p = pair["runs"][0]["supernet"];
  EXPECT_EQ(a["settings"]["world-size"], "1");
  EXPECT_EQ(p["settings"]["world-size"], "2");
  // Two ranks x 16 images are one rank x 32: batch norm over the whole batch,
  // the same Gumbel noise and augmentation, averaged gradients. Only the order
  // of float sums differs.
  EXPECT_EQ(a["arch"], p["arch"]);
  EXPECT_EQ(a["argmax_arch"], p["argmax_arch"]);
  ASSERT_EQ(a["epochs"].size(), p["epochs"].size());
  for (std::size_t e = 0; e < a["epochs"].size(); ++e) {
    EXPECT_NEAR(a["epochs"][e]["loss"].get<double>(), p["epochs"][e]["loss"].get<double>(), 1e-4) << e;
    EXPECT_EQ(a["epochs"][e]["train_acc"], p["epochs"][e]["train_acc"]) << e;
    EXPECT_EQ(a["epochs"][e]["valid_acc"], p["epochs"][e]["valid_acc"]) << e;
  }
  double largest = 0;
  for (std::size_t d = 0; d < a["alpha"].size(); ++d) {
    for (std::size_t k = 0; k < a["alpha"][d].size(); ++k) {
      largest = std::max(largest, std::abs(a["alpha"][d][k].get<double>() - p["alpha"][d][k].get<double>()));
    }
  }
  // Adam divides each gradient by its running magnitude, so the float noise of a
  // near-zero gradient can move alpha by a fraction of a step (3e-4): allow a third.
  EXPECT_LT(largest, 1e-4);
  EXPECT_GT(std::abs(a["alpha"][0][0].get<double>()), 1e-4);  // alpha did move: the comparison means something
  EXPECT_NEAR(a["valid_acc"].get<double>(), p["valid_acc"].get<double>(), 1e-9);
  // Ghost batch norm over groups of 8 images needs no communication, and is the
  // same for 1 rank and 2 (each taking two whole groups of every batch of 32).
  const auto ghost_alone = parse(bash("timeout 120 " + hwnas() + kSearch + kOneSeed + " --bn-images 8"));
  const auto ghost_pair = parse(bash("timeout 120 " + hwnas() + kSearch + kOneSeed + " --bn-images 8 --nproc 2"));
  const auto& ga = ghost_alone["runs"][0]["supernet"];
  const auto& gp = ghost_pair["runs"][0]["supernet"];
  EXPECT_EQ(gp["settings"]["bn-images"], "8");
  EXPECT_EQ(ga["arch"], gp["arch"]);
  for (std::size_t e = 0; e < ga["epochs"].size(); ++e) {
    EXPECT_NEAR(ga["epochs"][e]["loss"].get<double>(), gp["epochs"][e]["loss"].get<double>(), 1e-5) << e;
  }
  // Ghost batch norm is another computation than the whole batch's: the losses differ.
  EXPECT_NE(ga["epochs"][0]["loss"], a["epochs"][0]["loss"]);
  // Groups must not span two ranks' shares (16 images each here).
  const Output spans = bash("timeout 120 " + hwnas() + kSearch + kOneSeed + " --bn-images 32 --nproc 2");
  EXPECT_EQ(spans.code, 0) << spans.out;  // 32 is the whole batch: synchronised
  const Output bad = bash("timeout 120 " + hwnas() + kSearch + kOneSeed + " --bn-images 12");
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("--bn-images 12 must divide --batch-size 32"), std::string::npos) << bad.out;
}

TEST(Distributed, SeedsModeSpreadsSeedsAndReportsThemAll) {
  if (!HWNAS_HAS_TORCH) GTEST_SKIP() << "built without LibTorch";
  const auto alone = parse(bash("timeout 120 " + hwnas() + kSearch + " --seeds 3"));
  const auto spread = parse(bash("timeout 120 " + hwnas() + kSearch + " --seeds 3 --nproc 2 --dist-mode seeds"));
  ASSERT_EQ(spread["runs"].size(), 3u);
  // Each seed is trained alone (by rank seed mod 2) with the same settings: the same bits.
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(alone["runs"][i]["supernet"], spread["runs"][i]["supernet"]) << i;
    EXPECT_EQ(alone["runs"][i]["best"], spread["runs"][i]["best"]) << i;
  }
}

TEST(Distributed, OnlyRankZeroWritesAndAResumeNeedsTheSameWorldSize) {
  if (!HWNAS_HAS_TORCH) GTEST_SKIP() << "built without LibTorch";
  test::ScratchDir dir("distributed_resume");
  const std::string ck = (dir.path() / "ck").string(), out = (dir.path() / "out").string();
  const std::string base = "timeout 120 " + hwnas() + " search --space nb201 --dataset cifar10 --device fpga --metric latency "
                           "--limit 3 --searcher gdas --epochs 2 --channels 4 --cells 1 --train-images 256 --batch-size 32 "
                           "--eval-images 128 --threads 1 --seeds 1";
  const Output first = bash(base + " --nproc 2 --stop-after-epoch 1 --checkpoint " + ck + " --out " + out);
  ASSERT_EQ(first.code, 0) << first.out;
  EXPECT_EQ(lines(first.out.substr(first.out.find("wrote "))), 1u) << first.out;  // one report, from rank 0
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "out" / "result.json"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "ck" / "seed0" / "checkpoint.pt"));
  // Resumed by the same group: it finishes. By one process: refused, naming the difference.
  const Output alone = bash(base + " --resume " + ck);
  EXPECT_EQ(alone.code, 2) << alone.out;
  EXPECT_NE(alone.out.find("world-size 2 (this run: 1)"), std::string::npos) << alone.out;
  const Output resumed = bash(base + " --nproc 2 --json --resume " + ck);
  ASSERT_EQ(resumed.code, 0) << resumed.out;
  const auto j = nlohmann::json::parse(resumed.out);
  EXPECT_TRUE(j["runs"][0]["supernet"]["finished"].get<bool>());
  EXPECT_EQ(j["runs"][0]["supernet"]["epochs"].size(), 2u);
}

TEST(Distributed, ProxyRanksSplitTheNetworksIntoTheSameTable) {
  if (!HWNAS_HAS_TORCH) GTEST_SKIP() << "built without LibTorch";
  test::ScratchDir dir("distributed_proxy");
  const std::string base = "timeout 120 " + hwnas() + " proxy --space nb201 --dataset cifar10 --proxies synflow,flops,params "
                           "--sample 5 --seed 2 --threads 1 --out ";
  const Output alone = bash(base + (dir.path() / "alone.csv").string());
  ASSERT_EQ(alone.code, 0) << alone.out;
  const Output pair = bash(base + (dir.path() / "pair.csv").string() + " --nproc 2");
  ASSERT_EQ(pair.code, 0) << pair.out;
  EXPECT_NE(pair.out.find("on each of 2 ranks"), std::string::npos) << pair.out;
  // Rank 1 scored networks 2 and 4 of 5: the table is byte for byte the one process's.
  const std::string table = test::read_file(dir.path() / "alone.csv");
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 6);
  EXPECT_EQ(test::read_file(dir.path() / "pair.csv"), table);
  EXPECT_EQ(test::read_file(dir.path() / "pair.csv.settings"), test::read_file(dir.path() / "alone.csv.settings"));
  // Latency is measured alone: a rank of a group refuses.
  const Output measure = bash("WORLD_SIZE=2 RANK=0 MASTER_ADDR=127.0.0.1 MASTER_PORT=1 timeout 60 " + hwnas() +
                              " measure --space nb201 --dataset cifar10 --device-name mine --sample 2 --out " +
                              (dir.path() / "m.csv").string());
  EXPECT_EQ(measure.code, 2) << measure.out;
  EXPECT_NE(measure.out.find("times networks on this machine alone"), std::string::npos) << measure.out;
}

TEST(Distributed, BrokenGroupsEndWithOneLineInBoundedTime) {
  if (!HWNAS_HAS_TORCH) GTEST_SKIP() << "built without LibTorch";
  test::ScratchDir dir("distributed_faults");
  const std::string rank_search = " search --space nb201 --dataset cifar10 --device fpga --metric latency --limit 3 "
                                  "--searcher gdas --channels 4 --cells 1 --train-images 256 --batch-size 32 "
                                  "--eval-images 128 --threads 1 --dist-timeout 4 --seeds 1";
  const auto expect_one_line = [](const Output& r, int code, const std::string& says, double within) {
    EXPECT_EQ(r.code, code) << r.out;
    EXPECT_EQ(lines(r.out), 1u) << r.out;
    EXPECT_EQ(r.out.rfind("hwnas: ", 0), 0u) << r.out;
    EXPECT_NE(r.out.find(says), std::string::npos) << r.out;
    EXPECT_LT(r.seconds, within) << r.out;
  };
  {  // A peer that never arrives: rank 0 of 2 alone.
    const Port port(false);
    expect_one_line(bash("WORLD_SIZE=2 RANK=0 MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(port.number) +
                         " timeout 60 " + hwnas_torch() + rank_search + " --epochs 1"),
                    1, "rank 0 of 2: the group did not form at 127.0.0.1:" + std::to_string(port.number), 30);
  }
  {  // The wrong address: rank 1 finds nobody serving the rendezvous.
    const Port port(false);
    expect_one_line(bash("WORLD_SIZE=2 RANK=1 MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(port.number) +
                         " timeout 60 " + hwnas_torch() + rank_search + " --epochs 1"),
                    1, "rank 1 of 2: the group did not form", 30);
  }
  {  // The port is taken by another program.
    const Port taken(true);
    expect_one_line(bash("WORLD_SIZE=2 RANK=0 MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(taken.number) +
                         " timeout 60 " + hwnas_torch() + rank_search + " --epochs 1"),
                    1, "the port is in use", 30);
  }
  {  // A peer killed during training: the survivor stops with one line instead of waiting.
    const Port port(false);
    const std::string env = "WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(port.number);
    const std::string ck = (dir.path() / "ck").string();
    const Output r = bash(env + " RANK=0 timeout 120 " + hwnas_torch() + rank_search + " --epochs 200 --checkpoint " + ck +
                          " > " + (dir.path() / "rank0.txt").string() + " 2>&1 & p0=$!; (" + env + " RANK=1 exec " +
                          hwnas_torch() + rank_search + " --epochs 200 > /dev/null 2>&1) & p1=$!; " +
                          "for i in $(seq 1200); do [ -f " + ck + "/seed0/checkpoint.pt ] && break; sleep 0.05; done; " +
                          "kill -9 $p1; start=$SECONDS; wait $p0; code=$?; echo \"exit $code after $((SECONDS - start)) s\"");
    const std::string rank0 = test::read_file(dir.path() / "rank0.txt");
    EXPECT_NE(r.out.find("exit 1 after"), std::string::npos) << r.out << rank0;
    EXPECT_EQ(lines(rank0), 1u) << rank0;
    EXPECT_NE(rank0.find("hwnas: rank 0 of 2: "), std::string::npos) << rank0;
    const int after = std::stoi(r.out.substr(r.out.find("after ") + 6));
    EXPECT_LE(after, 10) << r.out;  // the closed connection is noticed at once, not at the time-out
  }
  {  // --nproc: a rank that refuses its settings is reported once, with its exit code.
    expect_one_line(bash("timeout 60 " + hwnas() + " search --space nb201 --dataset cifar10 --device fpga --limit 3 "
                         "--searcher gdas --epochs 1 --channels 4 --cells 1 --train-images 256 --batch-size 33 --nproc 2"),
                    2, " of 2: --batch-size 33 must split evenly over the 2 ranks", 60);
    // torchrun's variables and --nproc together are a contradiction.
    expect_one_line(bash("WORLD_SIZE=2 RANK=0 MASTER_ADDR=127.0.0.1 MASTER_PORT=1 timeout 60 " + hwnas() + rank_search +
                         " --epochs 1 --nproc 2"),
                    2, "leave out --nproc", 60);
    // A bad variable names itself.
    expect_one_line(bash("WORLD_SIZE=2 RANK=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=1 timeout 60 " + hwnas() + rank_search +
                         " --epochs 1"),
                    2, "RANK", 60);
    expect_one_line(bash("timeout 60 " + hwnas() + rank_search + " --epochs 1 --dist-backend nccl --nproc 2"), 2, "nccl",
                    60);
    expect_one_line(bash("timeout 60 " + hwnas() + " search --searcher rea --nproc 2"), 2,
                    "--nproc is read by darts, gdas, fbnet", 60);
  }
}

}  // namespace
}  // namespace hwnas
