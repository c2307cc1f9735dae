#pragma once
// HELP's device zoo (Lee et al., NeurIPS 2021): latency of every NB201 cell
// and of 5000 FBNet networks on 23 hardware settings HW-NAS-Bench lacks
// (desktop GPUs at three batch sizes, server CPUs, phones), as cost columns
// <HELP device>_latency beside HW-NAS-Bench's (the catalogue, cost_key.hpp,
// describes each). The one place that knows which files hold them and which
// of a space's settings they were measured on.
//
// The columns are read on first use (LazyCost): listing them reads nothing,
// so a command that does not ask for a zoo device does not pay for loading it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "benchmark_data/benchmark_data.hpp"
#include "cost/composed_cost.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

// NB201's zoo columns for the costs of `cost_dataset`'s inputs: HELP measured
// CIFAR-10 inputs, so nullptr for another dataset, or when the data directory
// has no help/ file. `hw_cifar10` (HW-NAS-Bench's CIFAR-10 costs, which the
// copied devices are checked against) and `space` must outlive it.
std::shared_ptr<const CostModel> nb201_device_zoo(const DataDir& data_dir, const SearchSpace& space,
                                                  const std::string& cost_dataset, const BenchmarkTable& hw_cifar10);
// FBNet's zoo columns on HELP's 5000 networks (a sample: covers_space is
// false) for FBNet's `dataset` setting: nullptr but for cifar100 (HELP's), or
// without the file. `space` must outlive it.
std::shared_ptr<const CostModel> fbnet_device_zoo(const DataDir& data_dir, const SearchSpace& space,
                                                  const std::string& dataset);

// Where a zoo device's data is, for a message when a command asks for it
// elsewhere ("HELP measured titan_rtx_256 on NB201 with CIFAR-10 inputs: add
// --cost-dataset cifar10"); nullopt for a device that is not HELP's.
std::optional<std::string> device_zoo_hint(std::string_view device);

// The device groups a --devices option accepts beside a list of names.
inline constexpr const char* kDeviceGroups = "all | hw-nas-bench | help";
// True for one of kDeviceGroups' names.
bool is_device_group(const std::string& selection);
// The devices `selection` names among `cost`'s columns, in column order:
// "all" (every device), "hw-nas-bench" (HW-NAS-Bench's and the user's
// tables'), "help" (HELP's zoo), or a comma-separated list of device names,
// each with some column in `cost` (InputError with where its data is
// otherwise). A group that selects nothing is an error too.
std::vector<std::string> select_devices(const CostModel& cost, const std::string& selection);
// True for a device of HELP's zoo (catalogue source help).
bool is_zoo_device(std::string_view device);

}  // namespace hwnas
