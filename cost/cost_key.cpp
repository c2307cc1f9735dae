#include "cost/cost_key.hpp"

#include "core/error.hpp"

namespace hwnas {

std::string_view device_name(Device device) {
  constexpr std::array<std::string_view, 6> names = {"edgegpu", "raspi4", "edgetpu", "pixel3", "eyeriss", "fpga"};
  return names[static_cast<int>(device)];
}

std::string_view device_description(Device device) {
  constexpr std::array<std::string_view, 6> text = {
      "NVIDIA Jetson TX2 Edge GPU, TensorRT (measured)", "Raspberry Pi 4, TF Lite (measured)",
      "Google Edge TPU (measured)",                      "Google Pixel 3, TF Lite (measured)",
      "Eyeriss ASIC (estimated)",                        "FPGA (estimated)"};
  return text[static_cast<int>(device)];
}

std::string_view metric_name(Metric metric) {
  constexpr std::array<std::string_view, 3> names = {"latency", "energy", "arithmetic_intensity"};
  return names[static_cast<int>(metric)];
}

std::string_view metric_unit(Metric metric) {
  constexpr std::array<std::string_view, 3> units = {"ms", "mJ", "FLOPs/byte"};
  return units[static_cast<int>(metric)];
}

Device parse_device(std::string_view name) {
  for (Device d : kAllDevices) {
    if (device_name(d) == name) return d;
  }
  throw InputError("unknown device '" + std::string(name) +
                   "' (known: edgegpu, raspi4, edgetpu, pixel3, eyeriss, fpga)");
}

Metric parse_metric(std::string_view name) {
  for (Metric m : {Metric::latency, Metric::energy, Metric::arithmetic_intensity}) {
    if (metric_name(m) == name) return m;
  }
  throw InputError("unknown metric '" + std::string(name) + "' (known: latency, energy, arithmetic_intensity)");
}

std::string CostKey::name() const { return std::string(device_name(device)) + "_" + std::string(metric_name(metric)); }

CostKey CostKey::parse(std::string_view name) {
  const std::size_t underscore = name.find('_');
  if (underscore == std::string_view::npos) {
    throw InputError("'" + std::string(name) + "' is not a cost name like edgegpu_latency");
  }
  return {parse_device(name.substr(0, underscore)), parse_metric(name.substr(underscore + 1))};
}

}  // namespace hwnas
