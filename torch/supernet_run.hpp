#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "study/problem.hpp"
#include "study/search_run.hpp"
#include "torch/distributed_settings.hpp"
#include "torch/supernet_search.hpp"

namespace hwnas {


struct SupernetSearchOptions {
  ProblemSpec spec;
  SupernetConfig config;  // mode is set from the searcher name
  std::vector<std::uint64_t> seeds;
  std::optional<std::filesystem::path> checkpoint_dir;  // one subfolder seed<k> per seed
  bool resume = false;
  // This process is one rank of a group (torchrun's variables, or --nproc):
  // with mode "data" every seed is trained by all ranks together, with
  // "seeds" each rank trains seeds i with i mod world size == rank alone and
  // sends its results to rank 0. Only rank 0's output is the search's.
  std::optional<DistributedSettings> distributed;
};

struct SupernetSearchOutput {
  std::string result;   // result.json: the search schema plus "cost_model" and per-run "supernet"
  std::string summary;  // readable summary
  std::unique_ptr<SearchProblem> problem;
  std::vector<RunResult> runs;
  // False on the ranks other than 0 of a group: they trained, rank 0 reports
  // (their result, summary and runs are empty).
  bool reports = true;
};

// Trains one supernet per seed, derives its architecture and reports it through
// the same schema as the other searchers: NB201 with the benchmark's accuracy
// and costs of the derived cell, FBNet with the supernet's accuracy and the
// cost model's costs.
// Needs LibTorch: defined in hwnas_experiments_torch (hwnas-torch), reached from
// `hwnas` through torch_commands().
SupernetSearchOutput run_supernet_search(const SupernetSearchOptions& options, const std::string& searcher,
                                         const DataDir& data_dir);

}  // namespace hwnas
