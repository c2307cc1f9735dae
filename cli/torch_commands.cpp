#include "cli/torch_commands.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <vector>

#include "core/error.hpp"

namespace hwnas {
namespace {

std::vector<std::string>& command_line() {
  static std::vector<std::string> args;
  return args;
}

}  // namespace

void set_command_line(int argc, char** argv) { command_line().assign(argv, argv + argc); }

const std::vector<std::string>& saved_command_line() { return command_line(); }

std::filesystem::path torch_executable(const std::string& why) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const auto torch_exe = (ec ? std::filesystem::path("hwnas") : self).parent_path() / "hwnas-torch";
  if (command_line().empty()) {  // called in-process (the Python module): there is no command line to hand over
    throw InputError(why + " needs LibTorch, which this process does not load: run it with the hwnas command line");
  }
  if (ec || !std::filesystem::exists(torch_exe)) {
    throw InputError(why + " needs LibTorch, and this hwnas was built without it (no " + torch_exe.string() +
                     "): install libtorch-dev and rebuild (scripts/setup.sh)");
  }
  return torch_exe;
}

void set_openmp_wait_policy() {
  // OpenMP threads that wait spin for a bounded time (about 10000 iterations),
  // then sleep: near the speed of spinning on an idle machine, and far from
  // its collapse when other jobs hold the cores (README, "Threads").
  if (!std::getenv("OMP_WAIT_POLICY") && !std::getenv("GOMP_SPINCOUNT")) ::setenv("GOMP_SPINCOUNT", "10000", 1);
}

void hand_off_to_torch(const std::string& why) {
  const auto torch_exe = torch_executable(why);
  set_openmp_wait_policy();
  std::vector<char*> argv;
  for (std::string& a : command_line()) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  ::execv(torch_exe.c_str(), argv.data());
  throw std::runtime_error("cannot run " + torch_exe.string() + ": " + std::strerror(errno));
}

TorchCommands& torch_commands() {
  static TorchCommands table{
      [](const SupernetSearchOptions&, const std::string& searcher, const DataDir&) -> SupernetSearchOutput {
        hand_off_to_torch("--searcher " + searcher);
      },
      [](const std::filesystem::path&, const SearchSpace&, std::shared_ptr<const AccuracySource>) -> std::shared_ptr<AccuracySource> {
        hand_off_to_torch("--accuracy-from");
      },
      [](const SearchSpace&, const LatencyMeterConfig&) -> std::unique_ptr<LatencyMeter> { hand_off_to_torch("hwnas measure"); },
      [](const SearchSpace&, const ProxyConfig&) -> std::unique_ptr<ProxyScorer> { hand_off_to_torch("a zero-cost proxy"); },
      [](const SearchSpace&, const ProxyConfig&, const Arch&, const std::filesystem::path&) { hand_off_to_torch("--dump-inputs"); },
      [](const DistributedSettings&) -> std::unique_ptr<RankGroup> { hand_off_to_torch("a group of ranks"); }};
  return table;
}

}  // namespace hwnas
