#include "cost/cost_key.hpp"

#include <charconv>

#include "core/error.hpp"

namespace hwnas {
namespace {

std::string known_metrics() {
  std::string s;
  for (const MetricInfo& m : kMetrics) s += (s.empty() ? "" : ", ") + std::string(m.name);
  return s;
}

bool valid_device_name(std::string_view d) {
  if (d.empty() || d.size() > 64 || !((d[0] >= 'a' && d[0] <= 'z') || (d[0] >= '0' && d[0] <= '9'))) return false;
  for (char c : d) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  // A name that reads as a number (4, 1e5) would be a limit where both are accepted (--limits device:limit).
  double number = 0;
  const auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), number);
  return !(ec == std::errc() && end == d.data() + d.size());
}

}  // namespace

const MetricInfo& metric_info(std::string_view metric) {
  for (const MetricInfo& m : kMetrics) {
    if (m.name == metric) return m;
  }
  throw InputError("unknown metric '" + std::string(metric) + "' (known: " + known_metrics() + ")");
}

const DeviceInfo* find_device(std::string_view device) {
  for (const std::span<const DeviceInfo> list : {std::span<const DeviceInfo>(kBenchmarkDevices), std::span<const DeviceInfo>(kHelpDevices)}) {
    for (const DeviceInfo& d : list) {
      if (d.name == device) return &d;
    }
  }
  return nullptr;
}

std::string device_description(std::string_view device) {
  if (const DeviceInfo* d = find_device(device)) return std::string(d->description);
  return std::string(device) + " (user-supplied cost table)";
}

CostKey CostKey::parse(std::string_view name) {
  for (std::uint8_t m = 0; m < std::size(kMetrics); ++m) {
    const std::string suffix = "_" + std::string(kMetrics[m].name);
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      const std::string_view device = name.substr(0, name.size() - suffix.size());
      // eyeriss_arithmetic_intensity also ends in no other metric; "x_energy" is not "x_en" + "ergy".
      if (!valid_device_name(device)) break;
      return CostKey(std::string(name), device.size(), m);
    }
  }
  throw InputError("'" + std::string(name) + "' is not a cost column name: expected <device>_<metric> with a device " +
                   "of lowercase letters, digits, '-' and '_' and a metric in " + known_metrics() +
                   " (e.g. edgegpu_latency)");
}

CostKey CostKey::of(std::string_view device, std::string_view metric) {
  metric_info(metric);
  if (!valid_device_name(device)) {
    throw InputError("'" + std::string(device) + "' is not a device name (lowercase letters, digits, '-' and '_', "
                     "starting with a letter or digit, not a number; e.g. edgegpu, titan_rtx_256)");
  }
  return parse(std::string(device) + "_" + std::string(metric));
}

}  // namespace hwnas
