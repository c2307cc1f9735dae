#pragma once
// Cost columns are data, not code: a column is named "<device>_<metric>" as
// upstream names it (edgegpu_latency, eyeriss_arithmetic_intensity), and any
// device name a data file brings (a user's laptop_latency) works like the six
// of HW-NAS-Bench. The catalogue below is the one place that knows what the
// names mean: each known device's description and each metric's unit.
#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hwnas {

struct MetricInfo {
  std::string_view name;
  std::string_view unit;
  bool is_cost;  // latency and energy are costs to limit; arithmetic intensity is a property
};
inline constexpr MetricInfo kMetrics[] = {
    {"latency", "ms", true}, {"energy", "mJ", true}, {"arithmetic_intensity", "FLOPs/byte", false}};

struct DeviceInfo {
  std::string_view name;
  std::string_view description;
};
// The devices of HW-NAS-Bench, in its column order.
inline constexpr DeviceInfo kBenchmarkDevices[] = {
    {"edgegpu", "NVIDIA Jetson TX2 Edge GPU, TensorRT (measured)"},
    {"raspi4", "Raspberry Pi 4, TF Lite (measured)"},
    {"edgetpu", "Google Edge TPU (measured)"},
    {"pixel3", "Google Pixel 3, TF Lite (measured)"},
    {"eyeriss", "Eyeriss ASIC (estimated)"},
    {"fpga", "FPGA (estimated)"},
};

// Throws InputError listing the known metrics.
const MetricInfo& metric_info(std::string_view metric);
// The catalogue's description of a device, or "<name> (user-supplied cost table)".
std::string device_description(std::string_view device);

// One column of cost data. Cheap to copy and compare (by name).
class CostKey {
public:
  // "<device>_<metric>": the metric is one of kMetrics and ends the name; the
  // device is the rest, lowercase letters, digits, '-' and '_', starting with a
  // letter. InputError otherwise.
  static CostKey parse(std::string_view name);
  static CostKey of(std::string_view device, std::string_view metric);

  const std::string& name() const { return name_; }
  std::string_view device() const { return std::string_view(name_).substr(0, device_length_); }
  std::string_view metric() const { return kMetrics[metric_].name; }
  std::string_view unit() const { return kMetrics[metric_].unit; }
  bool is_cost() const { return kMetrics[metric_].is_cost; }
  std::string device_description() const { return hwnas::device_description(device()); }

  friend bool operator==(const CostKey& a, const CostKey& b) { return a.name_ == b.name_; }
  friend std::strong_ordering operator<=>(const CostKey& a, const CostKey& b) { return a.name_ <=> b.name_; }

private:
  CostKey(std::string name, std::size_t device_length, std::uint8_t metric)
      : name_(std::move(name)), device_length_(device_length), metric_(metric) {}
  std::string name_;
  std::size_t device_length_;
  std::uint8_t metric_;
};

}  // namespace hwnas
