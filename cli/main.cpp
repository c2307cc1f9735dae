// The hwnas executable (and hwnas-torch, the same program with the LibTorch
// commands registered): see cli/cli.hpp.
#include <csignal>

#include "cli/cli.hpp"
#include "cli/torch_commands.hpp"

#ifdef HWNAS_WITH_TORCH
#include "torch/distributed_settings.hpp"
#include "torch/supernet_run.hpp"
#include "torch/supernet_search.hpp"

namespace hwnas {
// hwnas-torch only: the real entries of the torch command table, and the
// LibTorch entries of the registries (the mlp predictor).
void register_torch_commands() {
  torch_commands() =
      TorchCommands{run_supernet_search, load_supernet_accuracy, make_latency_meter, make_proxy_scorer, dump_proxy_inputs,
                    join_rank_group, true};
  install_torch_predictors();
}
}  // namespace hwnas
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
