#include "cli/launch.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include "cli/torch_commands.hpp"
#include "core/error.hpp"
#include "core/format.hpp"

namespace hwnas {
namespace {

std::optional<std::string> variable(const char* name) {
  const char* value = std::getenv(name);
  if (!value) return std::nullopt;
  return std::string(value);
}

int whole_variable(const char* name, std::uint64_t lo, std::uint64_t hi, const std::optional<int>& fallback) {
  const auto value = variable(name);
  if (!value) {
    if (fallback) return *fallback;
    throw InputError(std::string("WORLD_SIZE is set, so this process is one rank of a group, but ") + name +
                     " is not (torchrun sets WORLD_SIZE, RANK, LOCAL_RANK, MASTER_ADDR and MASTER_PORT)");
  }
  return static_cast<int>(parse_whole(*value, lo, hi, std::string("the environment variable ") + name));
}

// A port nobody listens on now (the kernel's choice for port 0). Another
// process could take it before rank 0 binds it: rank 0 then says so.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    throw std::runtime_error("cannot find a free port: " + reason);
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

// The command line less --nproc N (or --nproc=N): what each rank runs.
std::vector<std::string> rank_arguments() {
  std::vector<std::string> out;
  const auto& args = saved_command_line();
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--nproc") {
      ++i;
      continue;
    }
    if (args[i].rfind("--nproc=", 0) == 0) continue;
    out.push_back(args[i]);
  }
  return out;
}

std::string signal_name(int sig) {
  const char* name = ::strsignal(sig);
  return std::to_string(sig) + (name ? std::string(" (") + name + ")" : "");
}

}  // namespace

std::optional<DistributedSettings> distributed_from_environment() {
  if (!variable("WORLD_SIZE")) return std::nullopt;
  DistributedSettings s;
  s.world_size = whole_variable("WORLD_SIZE", 1, 65536, std::nullopt);
  s.rank = whole_variable("RANK", 0, static_cast<std::uint64_t>(s.world_size - 1), std::nullopt);
  s.local_rank = whole_variable("LOCAL_RANK", 0, 65535, s.rank);
  s.local_world_size = whole_variable("LOCAL_WORLD_SIZE", 1, 65536, 1);
  s.master_port = whole_variable("MASTER_PORT", 1, 65535, std::nullopt);
  const auto addr = variable("MASTER_ADDR");
  if (!addr || addr->empty()) {
    throw InputError("WORLD_SIZE is set, so this process is one rank of a group, but MASTER_ADDR (the host of rank 0) is not");
  }
  s.master_addr = *addr;
  return s;
}

void run_local_ranks(int nproc) {
  const auto torch_exe = torch_executable("--nproc");
  if (variable("WORLD_SIZE")) {
    throw InputError("--nproc starts its own ranks, but WORLD_SIZE is set (this process is already one rank of a group, "
                     "started by torchrun or the like): leave out --nproc");
  }
  const std::string master_addr = variable("MASTER_ADDR").value_or("127.0.0.1");
  const std::string master_port = variable("MASTER_PORT").value_or(std::to_string(free_port()));
  char dir_template[] = "/tmp/hwnas-ranks-XXXXXX";
  if (!::mkdtemp(dir_template)) throw std::runtime_error(std::string("cannot create a folder for the ranks' errors: ") + std::strerror(errno));
  const std::filesystem::path error_dir = dir_template;
  const std::vector<std::string> args = rank_arguments();
  set_openmp_wait_policy();
  std::cout.flush();
  std::vector<pid_t> children(static_cast<std::size_t>(nproc), -1);
  for (int r = 0; r < nproc; ++r) {
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("cannot start rank ") + std::to_string(r) + ": " + std::strerror(errno));
    if (pid == 0) {
      ::setenv("WORLD_SIZE", std::to_string(nproc).c_str(), 1);
      ::setenv("RANK", std::to_string(r).c_str(), 1);
      ::setenv("LOCAL_RANK", std::to_string(r).c_str(), 1);
      ::setenv("LOCAL_WORLD_SIZE", std::to_string(nproc).c_str(), 1);
      ::setenv("MASTER_ADDR", master_addr.c_str(), 1);
      ::setenv("MASTER_PORT", master_port.c_str(), 1);
      ::setenv(kRankErrorFileVariable, (error_dir / ("rank" + std::to_string(r))).c_str(), 1);
      if (r != 0) {  // only rank 0 reports
        const int null = ::open("/dev/null", O_WRONLY);
        if (null >= 0) ::dup2(null, STDOUT_FILENO);
      }
      std::vector<char*> argv;
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(torch_exe.c_str(), argv.data());
      std::_Exit(127);
    }
    children[static_cast<std::size_t>(r)] = pid;
  }
  // The first rank to fail is the cause; the others are ended (SIGTERM, then
  // SIGKILL after 10 s), since a group that lost a rank cannot go on.
  int failed_rank = -1, failed_status = 0, running = nproc;
  const auto end_others = [&] {
    for (pid_t pid : children) {
      if (pid > 0) ::kill(pid, SIGTERM);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (running > 0) {
      int status = 0;
      const pid_t pid = ::waitpid(-1, &status, WNOHANG);
      if (pid > 0) {
        for (pid_t& c : children) {
          if (c == pid) c = -1;
        }
        --running;
      } else if (pid < 0 && errno != EINTR) {
        break;
      } else if (std::chrono::steady_clock::now() > deadline) {
        for (pid_t c : children) {
          if (c > 0) ::kill(c, SIGKILL);
        }
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
  };
  while (running > 0) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;
    }
    --running;
    for (int r = 0; r < nproc; ++r) {
      if (children[static_cast<std::size_t>(r)] != pid) continue;
      children[static_cast<std::size_t>(r)] = -1;
      const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      if (!ok && failed_rank < 0) {
        failed_rank = r;
        failed_status = status;
      }
    }
    if (failed_rank >= 0) {
      end_others();
      break;
    }
  }
  std::string message;
  if (failed_rank >= 0) {
    std::ifstream in(error_dir / ("rank" + std::to_string(failed_rank)));
    std::getline(in, message);
    if (message.rfind("hwnas: ", 0) == 0) message = message.substr(7);
  }
  std::error_code ec;
  std::filesystem::remove_all(error_dir, ec);
  if (failed_rank < 0) return;
  const std::string who = "rank " + std::to_string(failed_rank) + " of " + std::to_string(nproc);
  if (WIFSIGNALED(failed_status)) {
    throw ReportedFailure(1, who + " was killed by signal " + signal_name(WTERMSIG(failed_status)));
  }
  const int code = WEXITSTATUS(failed_status);
  if (message.empty()) message = who + " exited with code " + std::to_string(code);
  if (message.rfind("rank ", 0) != 0) message = who + ": " + message;
  throw ReportedFailure(code, message);
}

}  // namespace hwnas
