// The hwnas executable (and hwnas-torch, the same program with the LibTorch
// commands registered): see experiments/cli.hpp.
#include <csignal>

#include "cli/cli.hpp"
#include "cli/torch_commands.hpp"

#ifdef HWNAS_WITH_TORCH
namespace hwnas {
void register_torch_commands();
}
#endif

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) then fails the write with EFBIG, which the
  // output code reports as "cannot write PATH: File too large" (exit 1), instead
  // of the default action of SIGXFSZ: death with no message and a temporary left.
  std::signal(SIGXFSZ, SIG_IGN);
  hwnas::set_command_line(argc, argv);
#ifdef HWNAS_WITH_TORCH
  hwnas::register_torch_commands();
#endif
  return hwnas::run_cli(argc, argv);
}
