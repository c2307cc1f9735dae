#pragma once
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "core/arch.hpp"

namespace hwnas {

// How good an architecture is. Search sees only `signal` (NB201: 12-epoch
// validation accuracy, as NAS-Bench-201's protocol prescribes); a found
// architecture is judged by `final_accuracy` (NB201: 200-epoch test accuracy),
// which a source may not know (a supernet's estimate has no final accuracy).
class AccuracySource {
public:
  virtual ~AccuracySource() = default;
  virtual double signal(const Arch& arch) const = 0;
  virtual std::optional<double> final_accuracy(const Arch& arch) const = 0;
  // Simulated seconds that obtaining `signal` costs (NB201 cifar10: the 12-epoch
  // training time). Sources without training times keep these defaults.
  virtual bool has_query_seconds() const { return false; }
  virtual std::optional<double> query_seconds(const Arch&) const { return std::nullopt; }
  // False for a source that gives no signal at all (NoAccuracy).
  virtual bool has_signal() const { return true; }
  virtual std::string signal_name() const = 0;  // e.g. cifar10_valid12
  virtual std::string final_name() const = 0;   // e.g. cifar10_test200
};

// No accuracy at all: what a Pareto search of costs alone searches with on a
// space without accuracies (FBNet). The signal is NaN: no query becomes an
// incumbent, and SearchProblem refuses an "error" objective with it.
class NoAccuracy final : public AccuracySource {
public:
  double signal(const Arch&) const override { return std::numeric_limits<double>::quiet_NaN(); }
  std::optional<double> final_accuracy(const Arch&) const override { return std::nullopt; }
  bool has_signal() const override { return false; }
  std::string signal_name() const override { return "none"; }
  std::string final_name() const override { return "none"; }
};

}  // namespace hwnas
