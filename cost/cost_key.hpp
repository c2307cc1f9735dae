#pragma once
#include <array>
#include <string>
#include <string_view>

namespace hwnas {

// The six HW-NAS-Bench devices and the quantities measured on them.
enum class Device { edgegpu, raspi4, edgetpu, pixel3, eyeriss, fpga };
enum class Metric { latency, energy, arithmetic_intensity };

inline constexpr std::array<Device, 6> kAllDevices = {Device::edgegpu, Device::raspi4, Device::edgetpu,
                                                      Device::pixel3,  Device::eyeriss, Device::fpga};

std::string_view device_name(Device device);
std::string_view device_description(Device device);
std::string_view metric_name(Metric metric);
std::string_view metric_unit(Metric metric);  // "ms", "mJ", "FLOPs/byte"
// Throw InputError listing the known names.
Device parse_device(std::string_view name);
Metric parse_metric(std::string_view name);

// One column of cost data, named as upstream names it: "edgegpu_latency".
struct CostKey {
  Device device;
  Metric metric;
  std::string name() const;
  // Parses "edgegpu_latency"; InputError otherwise.
  static CostKey parse(std::string_view name);
  friend bool operator==(const CostKey&, const CostKey&) = default;
  friend auto operator<=>(const CostKey&, const CostKey&) = default;
};

}  // namespace hwnas
