#pragma once
// Starting a supernet search as a group of ranks, the way torchrun starts a
// PyTorch job: every rank reads torchrun's variables (WORLD_SIZE, RANK,
// LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT), so torchrun,
// SLURM's srun with those set, a hand-written script or `--nproc N` (which
// starts N local ranks itself) all launch the same command. Torch-free.
#include <optional>
#include <string>

#include "torch/distributed_settings.hpp"

namespace hwnas {

// The group this process belongs to according to its environment; nullopt
// when WORLD_SIZE is unset (a process alone). InputError naming the variable
// when one is missing or not a valid value (RANK outside 0..WORLD_SIZE-1, a
// port outside 1..65535). Backend, time-out and mode keep their defaults.
std::optional<DistributedSettings> distributed_from_environment();

// --nproc N: runs this command line as N ranks on this machine: hwnas-torch
// (beside this executable) with the same arguments less --nproc, torchrun's
// variables set (MASTER_ADDR 127.0.0.1 and a free MASTER_PORT unless the
// environment sets them), standard output of rank 0 only. Waits for all of
// them. Returns when every rank succeeded; when one fails (or dies), ends the
// others and throws ReportedFailure with that rank's own one-line message
// (from the error file each rank writes instead of printing, as torchrun's
// workers do) and its exit code. InputError when this build has no hwnas-torch.
void run_local_ranks(int nproc);

// Set in the environment of a rank that --nproc started: the file where the
// rank's one-line error goes instead of standard error (cli.cpp's edge).
inline constexpr const char* kRankErrorFileVariable = "HWNAS_RANK_ERROR_FILE";

}  // namespace hwnas
