#include "benchmark/device_zoo.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/format.hpp"
#include "cost/table_cost.hpp"

namespace hwnas {
namespace {

template <std::size_t N>
std::vector<CostKey> zoo_keys(const char* const (&devices)[N]) {
  std::vector<CostKey> keys;
  for (const char* d : devices) {
    const bool copied = std::find_if(std::begin(kHelpCopiedDevices), std::end(kHelpCopiedDevices),
                                     [&](const char* c) { return std::string_view(c) == d; }) != std::end(kHelpCopiedDevices);
    if (!copied) keys.push_back(CostKey::of(d, "latency"));
  }
  return keys;
}

bool listed(std::string_view device, auto const& devices) {
  return std::any_of(std::begin(devices), std::end(devices), [&](const char* d) { return device == d; });
}

}  // namespace

std::shared_ptr<const CostModel> nb201_device_zoo(const DataDir& data_dir, const SearchSpace& space,
                                                  const std::string& cost_dataset, const BenchmarkTable& hw_cifar10) {
  // HELP measured CIFAR-10 inputs (its copies of HW-NAS-Bench's columns are hw_cifar10.csv's).
  if (cost_dataset != "cifar10" || !data_dir.has(kHelpNb201File)) return nullptr;
  return std::make_shared<LazyCost>(zoo_keys(kHelpNb201Devices), true, [data_dir, &space, &hw_cifar10] {
    return std::make_unique<TableCost>(space, load_help_nb201(data_dir, hw_cifar10));
  });
}

std::shared_ptr<const CostModel> fbnet_device_zoo(const DataDir& data_dir, const SearchSpace& space,
                                                  const std::string& dataset) {
  // HELP's FBNet networks are of the CIFAR-100 setting.
  if (dataset != "cifar100" || !data_dir.has(kHelpFbnetFile) || !data_dir.has(kFbnetSamplesFile)) return nullptr;
  return std::make_shared<LazyCost>(zoo_keys(kHelpFbnetDevices), false, [data_dir, &space] {
    const BenchmarkTable table = load_help_fbnet(data_dir, load_fbnet_cifar100_samples(data_dir));
    ListedCost::Columns columns;
    for (const auto& choices : table.choices) {
      const std::vector<std::int64_t> blocks(choices.begin(), choices.end());
      columns.archs.push_back(space.from_choices(blocks));
    }
    for (const NamedColumn& c : table.columns) {
      columns.keys.push_back(CostKey::parse(c.name));
      columns.values.push_back(c.values);
    }
    return std::make_unique<ListedCost>(space, std::move(columns));
  });
}

bool is_zoo_device(std::string_view device) {
  const DeviceInfo* info = find_device(device);
  return info && info->source == DeviceSource::help;
}

bool is_device_group(const std::string& selection) {
  return selection == "all" || selection == "hw-nas-bench" || selection == "help";
}

std::vector<std::string> select_devices(const CostModel& cost, const std::string& selection) {
  std::vector<std::string> have;
  for (const CostKey& key : cost.keys()) {
    const std::string device(key.device());
    if (std::find(have.begin(), have.end(), device) == have.end()) have.push_back(device);
  }
  if (selection.empty()) throw InputError(std::string("--devices is empty: name devices, or a group (") + kDeviceGroups + ")");
  std::vector<std::string> chosen;
  if (is_device_group(selection)) {
    for (const std::string& d : have) {
      if (selection == "all" || (selection == "help") == is_zoo_device(d)) chosen.push_back(d);
    }
    if (chosen.empty()) throw InputError("--devices " + selection + ": no such device in this benchmark's data");
    return chosen;
  }
  for (const std::string& name : split_list(selection)) {
    if (std::find(have.begin(), have.end(), name) == have.end()) {
      const auto hint = device_zoo_hint(name);
      std::string known;
      for (const std::string& d : have) known += (known.empty() ? "" : ", ") + d;
      throw InputError("--devices: no data for device '" + name + "' here" + (hint ? ": " + *hint : " (known: " + known + "; or " + kDeviceGroups + ")"));
    }
    chosen.push_back(name);
  }
  return chosen;
}

std::optional<std::string> device_zoo_hint(std::string_view device) {
  const DeviceInfo* info = find_device(device);
  if (!info || info->source != DeviceSource::help) return std::nullopt;
  std::string where;
  if (listed(device, kHelpNb201Devices)) where = "on NB201 with CIFAR-10 inputs (add --cost-dataset cifar10 for another dataset's accuracies)";
  if (listed(device, kHelpFbnetDevices)) {
    where += std::string(where.empty() ? "" : "; ") +
             "on 5000 FBNet networks of the CIFAR-100 setting (a sample: hwnas predict makes a whole table)";
  }
  return "HELP measured " + std::string(device) + " " + where;
}

}  // namespace hwnas
