// The hwnas executable (and hwnas-torch, the same program with the LibTorch
// commands registered): see experiments/cli.hpp.
#include "experiments/cli.hpp"
#include "experiments/torch_commands.hpp"

#ifdef HWNAS_WITH_TORCH
namespace hwnas {
void register_torch_commands();
}
#endif

int main(int argc, char** argv) {
  hwnas::set_command_line(argc, argv);
#ifdef HWNAS_WITH_TORCH
  hwnas::register_torch_commands();
#endif
  return hwnas::run_cli(argc, argv);
}
