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

// Where a device's costs come from.
enum class DeviceSource : std::uint8_t {
  hw_nas_bench,  // HW-NAS-Bench's six devices (hw_<dataset>.csv, fbnet/op_lut.csv)
  help,          // HELP's device collection (help/*.csv): NB201 all cells, FBNet a 5000-network sample
};

struct DeviceInfo {
  std::string_view name;
  std::string_view description;
  DeviceSource source = DeviceSource::hw_nas_bench;
  // What kind of hardware, for grouping reports: "desktop GPU", "server CPU", "phone" ("" for HW-NAS-Bench's).
  std::string_view kind = "";
  int batch_size = 1;
  // The smallest step of its values: 0 where they are full-precision doubles,
  // 1 where the source ships whole milliseconds (HELP's phones: many ties).
  double resolution_ms = 0;
  // Why a value of it may be missing, for reports ("" where none is).
  std::string_view missing_means = "";
};
// The devices of HW-NAS-Bench, in its column order.
inline constexpr DeviceInfo kBenchmarkDevices[] = {
    {"edgegpu", "NVIDIA Jetson TX2 Edge GPU, TensorRT (measured)"},
    {"raspi4", "Raspberry Pi 4, TF Lite (measured)"},
    {"edgetpu", "Google Edge TPU (measured)", DeviceSource::hw_nas_bench, "", 1, 0,
     "upstream -1: rejected by the Edge TPU compiler"},
    {"pixel3", "Google Pixel 3, TF Lite (measured)"},
    {"eyeriss", "Eyeriss ASIC (estimated)"},
    {"fpga", "FPGA (estimated)"},
};
// HELP's hardware settings (Lee et al., NeurIPS 2021), in its file's column
// order, without the four it copied from HW-NAS-Bench (pixel3, raspi4,
// eyeriss, fpga: the same values, kept once, under HW-NAS-Bench's name).
// Desktop GPUs at batch sizes 1, 32 and 256 (NB201) or 64 (FBNet), server
// CPUs at batch size 1, phones in whole milliseconds. Column <name>_latency.
inline constexpr DeviceInfo kHelpDevices[] = {
    {"1080ti_1", "NVIDIA GTX 1080 Ti GPU, batch 1 (HELP)", DeviceSource::help, "desktop GPU", 1},
    {"1080ti_256", "NVIDIA GTX 1080 Ti GPU, batch 256 (HELP)", DeviceSource::help, "desktop GPU", 256},
    {"1080ti_32", "NVIDIA GTX 1080 Ti GPU, batch 32 (HELP)", DeviceSource::help, "desktop GPU", 32},
    {"1080ti_64", "NVIDIA GTX 1080 Ti GPU, batch 64 (HELP, FBNet only)", DeviceSource::help, "desktop GPU", 64},
    {"2080ti_1", "NVIDIA RTX 2080 Ti GPU, batch 1 (HELP)", DeviceSource::help, "desktop GPU", 1},
    {"2080ti_256", "NVIDIA RTX 2080 Ti GPU, batch 256 (HELP)", DeviceSource::help, "desktop GPU", 256},
    {"2080ti_32", "NVIDIA RTX 2080 Ti GPU, batch 32 (HELP)", DeviceSource::help, "desktop GPU", 32},
    {"2080ti_64", "NVIDIA RTX 2080 Ti GPU, batch 64 (HELP, FBNet only)", DeviceSource::help, "desktop GPU", 64},
    {"essential_ph_1", "Essential PH-1 phone, whole ms (HELP)", DeviceSource::help, "phone", 1, 1},
    {"gold_6226", "Intel Xeon Gold 6226 CPU (HELP)", DeviceSource::help, "server CPU", 1},
    {"gold_6240", "Intel Xeon Gold 6240 CPU (HELP)", DeviceSource::help, "server CPU", 1},
    {"pixel2", "Google Pixel 2 phone, whole ms (HELP)", DeviceSource::help, "phone", 1, 1},
    {"samsung_a50", "Samsung Galaxy A50 phone, whole ms (HELP)", DeviceSource::help, "phone", 1, 1},
    {"samsung_s7", "Samsung Galaxy S7 phone, whole ms (HELP)", DeviceSource::help, "phone", 1, 1},
    {"silver_4114", "Intel Xeon Silver 4114 CPU (HELP)", DeviceSource::help, "server CPU", 1},
    {"silver_4210r", "Intel Xeon Silver 4210R CPU (HELP)", DeviceSource::help, "server CPU", 1},
    {"titan_rtx_1", "NVIDIA Titan RTX GPU, batch 1 (HELP)", DeviceSource::help, "desktop GPU", 1},
    {"titan_rtx_256", "NVIDIA Titan RTX GPU, batch 256 (HELP)", DeviceSource::help, "desktop GPU", 256},
    {"titan_rtx_32", "NVIDIA Titan RTX GPU, batch 32 (HELP)", DeviceSource::help, "desktop GPU", 32},
    {"titan_rtx_64", "NVIDIA Titan RTX GPU, batch 64 (HELP, FBNet only)", DeviceSource::help, "desktop GPU", 64},
    {"titanx_1", "NVIDIA GTX Titan X GPU, batch 1 (HELP)", DeviceSource::help, "desktop GPU", 1},
    {"titanx_256", "NVIDIA GTX Titan X GPU, batch 256 (HELP)", DeviceSource::help, "desktop GPU", 256},
    {"titanx_32", "NVIDIA GTX Titan X GPU, batch 32 (HELP)", DeviceSource::help, "desktop GPU", 32},
    {"titanx_64", "NVIDIA GTX Titan X GPU, batch 64 (HELP, FBNet only)", DeviceSource::help, "desktop GPU", 64},
    {"titanxp_1", "NVIDIA Titan Xp GPU, batch 1 (HELP)", DeviceSource::help, "desktop GPU", 1},
    {"titanxp_256", "NVIDIA Titan Xp GPU, batch 256 (HELP)", DeviceSource::help, "desktop GPU", 256},
    {"titanxp_32", "NVIDIA Titan Xp GPU, batch 32 (HELP)", DeviceSource::help, "desktop GPU", 32},
    {"titanxp_64", "NVIDIA Titan Xp GPU, batch 64 (HELP, FBNet only)", DeviceSource::help, "desktop GPU", 64},
};

// The catalogue's entry for `device` (HW-NAS-Bench's or HELP's), nullptr for a
// device it does not know (a user's).
const DeviceInfo* find_device(std::string_view device);

// Throws InputError listing the known metrics.
const MetricInfo& metric_info(std::string_view metric);
// The catalogue's description of a device, or "<name> (user-supplied cost table)".
std::string device_description(std::string_view device);

// One column of cost data. Cheap to copy and compare (by name).
class CostKey {
public:
  // "<device>_<metric>": the metric is one of kMetrics and ends the name; the
  // device is the rest, lowercase letters, digits, '-' and '_', starting with a
  // letter or digit and not itself a number (HELP's 1080ti_1 is a device; 4
  // or 1e5 would read as a limit). InputError otherwise.
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
