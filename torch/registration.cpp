// Linked into hwnas-torch only: the real entries of the torch command table.
#include "cli/torch_commands.hpp"

namespace hwnas {

void register_torch_commands() {
  torch_commands() = TorchCommands{run_supernet_search, load_supernet_accuracy, make_latency_meter, true};
  install_torch_predictors();
}

}  // namespace hwnas
