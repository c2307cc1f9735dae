// Seeded fuzzing of everything that reads user input: the architecture
// parsers, the number parsers behind every numeric option, and the whole
// command line in-process (run_cli). The rule checked: an input is either
// accepted (and then means what it says) or refused with one line
// "hwnas: ..." and exit code 2; never a crash, a hang or exit code 1.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "cli/cli.hpp"
#include "core/format.hpp"
#include "spaces/fbnet_space.hpp"
#include "spaces/nb201_space.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

using Clock = std::chrono::steady_clock;

// Mutations of a valid text: what typing, copying and corrupting do.
std::string mutate(std::string text, Rng& rng) {
  static const std::string alphabet = "|~+_-,.:0123456789abcdefghijklmnopqrstuvwxyz \t\n\"'\\\x01\xff\xc3";
  const int edits = 1 + static_cast<int>(rng.below(4));
  for (int e = 0; e < edits; ++e) {
    const std::size_t at = text.empty() ? 0 : rng.below(text.size() + 1);
    switch (rng.below(6)) {
      case 0:  // insert a character
        text.insert(at, 1, alphabet[rng.below(alphabet.size())]);
        break;
      case 1:  // delete one
        if (at < text.size()) text.erase(at, 1);
        break;
      case 2:  // replace one
        if (at < text.size()) text[at] = alphabet[rng.below(alphabet.size())];
        break;
      case 3:  // cut the text
        text = text.substr(0, at);
        break;
      case 4:  // repeat a piece
        text.insert(at, text.substr(0, rng.below(text.size() + 1)));
        break;
      default:  // swap two characters
        if (text.size() > 1) std::swap(text[rng.below(text.size())], text[rng.below(text.size())]);
    }
  }
  return text;
}

// Parses mutated texts: accepted ones must round-trip through to_string,
// refused ones throw InputError (and nothing else).
template <typename Space>
void fuzz_space_parser(const Space& space, const std::vector<std::string>& seeds_texts, int inputs) {
  Rng rng(42);
  int accepted = 0;
  for (int i = 0; i < inputs; ++i) {
    const std::string text = mutate(seeds_texts[rng.below(seeds_texts.size())], rng);
    try {
      const Arch arch = space.parse(text);
      ASSERT_TRUE(space.contains(arch)) << text;
      EXPECT_EQ(space.parse(space.to_string(arch)), arch) << text;
      ++accepted;
    } catch (const InputError& e) {
      // Any other exception fails the test. The message may echo the input's
      // newlines: the command line prints it escaped, on one line (tested below).
      EXPECT_NE(std::string(e.what()).find(space.name() == "nb201" ? "arch string" : "FBNet"), std::string::npos) << e.what();
    }
  }
  EXPECT_LT(accepted, inputs);  // the mutations do produce bad input
}

TEST(Fuzz, Nb201ArchStringsParseExactlyOrFailWithOneLine) {
  const Nb201Space& space = test::nb201().space();
  std::vector<std::string> valid;
  for (std::uint64_t i : {0ull, 1ull, 777ull, 15624ull}) valid.push_back(space.to_string(space.at(i)));
  fuzz_space_parser(space, valid, 20000);
}

TEST(Fuzz, FbnetBlockListsParseExactlyOrFailWithOneLine) {
  const FbnetSpace space(FbnetMacro::cifar100());
  Rng rng(7);
  std::vector<std::string> valid = {space.to_string(space.sample(rng))};
  std::string indices;
  for (int l = 0; l < 22; ++l) indices += (l ? "," : "") + std::to_string(rng.below(9));
  valid.push_back(indices);
  fuzz_space_parser(space, valid, 20000);
}

TEST(Fuzz, NumberParsersAcceptOnlyPlainNumbersInRange) {
  Rng rng(3);
  const std::vector<std::string> valid = {"0", "1", "12000", "4.0", "-0.07", "1e-3", "3.5e2", "15624"};
  for (int i = 0; i < 20000; ++i) {
    const std::string text = rng.below(4) == 0 ? valid[rng.below(valid.size())] : mutate(valid[rng.below(valid.size())], rng);
    try {
      const std::uint64_t v = parse_whole(text, 1, 1000000, "--seeds");
      EXPECT_EQ(text.find_first_not_of("0123456789"), std::string::npos) << text;  // digits only
      EXPECT_EQ(std::stoull(text), v);
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("--seeds: expected a whole number in [1, 1000000], found '", 0), 0u) << e.what();
    }
    try {
      const double v = parse_real(text, {0, 1e6, true}, "--limit");
      EXPECT_TRUE(std::isfinite(v) && v > 0 && v <= 1e6) << text;
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("--limit: expected a number in (0, 1e+06], found '", 0), 0u) << e.what();
    }
  }
  for (const char* bad : {"-1", "+3", "0x10", "1e9", " 5", "5 ", "", "nan", "inf", "1e999"}) {
    EXPECT_THROW(parse_whole(bad, 1, 1000000, "--seeds"), InputError) << bad;
  }
  for (const char* bad : {"nan", "inf", "-inf", "0", "-1", "1e7", "", "+3", "0x10", "4,0"}) {
    EXPECT_THROW(parse_real(bad, {0, 1e6, true}, "--limit"), InputError) << bad;
  }
}

// Runs the command line in this process with standard output and error
// captured; a watchdog aborts (with the input) any run that hangs.
struct CliResult {
  int code;
  std::string out, err;
};

CliResult run_in_process(const std::vector<std::string>& args) {
  std::vector<std::string> storage = {"hwnas"};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : storage) argv.push_back(a.data());
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  std::atomic<bool> done{false};
  std::thread watchdog([&] {
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (!done && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!done) {
      std::string line;
      for (const auto& a : args) line += a + " ";
      std::fprintf(stderr, "hung for 20 s on: %s\n", line.c_str());
      std::abort();
    }
  });
  const int code = run_cli(static_cast<int>(argv.size()), argv.data());
  done = true;
  watchdog.join();
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  std::cout.clear();
  return {code, out.str(), err.str()};
}

TEST(Fuzz, CommandLineAcceptsOrRefusesWithOneLineAndExitTwo) {
  test::ScratchDir dir("fuzz_cli");
  // Relative paths a mutation might produce stay in the scratch folder.
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  // Valid command lines whose runs are quick; the fuzzer mutates one value or
  // drops, duplicates or swaps arguments.
  const std::string out = (dir.path() / "out").string();
  const std::vector<std::vector<std::string>> bases = {
      {"query", "--space", "nb201", "--dataset", "cifar10", "--index", "17"},
      {"query", "--space", "fbnet", "--dataset", "ImageNet", "--arch", "k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,"
       "k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1"},
      {"search", "--device", "edgegpu", "--metric", "latency", "--limit", "4.0", "--searcher", "rea", "--seeds", "2",
       "--budget-queries", "20", "--population", "5", "--sample-size", "3", "--json"},
      {"search", "--space", "nb201", "--dataset", "cifar100", "--searcher", "reinforce", "--lr", "0.01", "--seeds", "1",
       "--budget-queries", "10", "--objective", "soft", "--device", "pixel3", "--limit", "8", "--alpha", "-0.07"},
      {"search", "--searcher", "random", "--seeds", "1", "--first-seed", "5", "--budget-seconds", "2000", "--threads",
       "1", "--out", out},
      {"search", "--objectives", "error,edgegpu_latency,params", "--searcher", "nsga2", "--nsga2-population", "8",
       "--budget-queries", "40", "--seeds", "1", "--signal", "valid200"},
      {"compare", "--searchers", "random,rea", "--devices", "edgegpu", "--limits", "edgegpu:5", "--seeds", "2",
       "--budget-queries", "10", "--out", out},
  };
  Rng rng(2024);
  const auto stop = Clock::now() + std::chrono::seconds(8);  // a time cap keeps the suite short on a slow machine
  int runs = 0, accepted = 0, refused = 0;
  while (Clock::now() < stop && runs < 2000) {
    std::vector<std::string> args = bases[rng.below(bases.size())];
    switch (rng.below(5)) {
      case 0:
        args.erase(args.begin() + static_cast<std::ptrdiff_t>(1 + rng.below(args.size() - 1)));
        break;
      case 1: {
        const std::size_t i = 1 + rng.below(args.size() - 1);
        args.insert(args.begin() + static_cast<std::ptrdiff_t>(i), args[i]);
        break;
      }
      default: {
        const std::size_t i = 1 + rng.below(args.size() - 1);
        if (args[i] != out) args[i] = mutate(args[i], rng);  // never write outside the scratch folder
      }
    }
    const CliResult r = run_in_process(args);
    ++runs;
    std::string line;
    for (const auto& a : args) line += "[" + a + "] ";
    ASSERT_TRUE(r.code == 0 || r.code == 2) << line << "\n" << r.err;
    if (r.code == 2) {
      ++refused;
      EXPECT_EQ(r.err.rfind("hwnas: ", 0), 0u) << line << "\n" << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << line << "\n" << r.err;
    } else {
      ++accepted;
    }
  }
  std::filesystem::current_path(cwd);
  EXPECT_GE(runs, 300);
  EXPECT_GT(refused, runs / 2);
  EXPECT_GT(accepted, 0);
  std::cout << runs << " command lines: " << accepted << " accepted, " << refused << " refused\n";
}

}  // namespace
}  // namespace hwnas
