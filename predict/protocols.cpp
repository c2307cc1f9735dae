// The evaluation protocols `predict --evaluate --protocol` names (predict.hpp): one entry each.
#include <span>

#include "predict/predict.hpp"

namespace hwnas {
namespace {

bool on_fbnet(const Benchmark& bench) { return !bench.space().cardinality(); }

std::vector<HelpPublished> listed(std::span<const HelpPublished> figures) { return {figures.begin(), figures.end()}; }

PublishedFigures mean_of(std::string source, std::vector<HelpPublished> devices) {
  PublishedFigures f{std::move(source), std::move(devices), 0};
  for (const HelpPublished& d : f.devices) f.mean += d.spearman / static_cast<double>(f.devices.size());
  return f;
}

EvaluationProtocol leave_one_device_out() {
  return {"leave-one-device-out",
          "every latency and energy column of the benchmark in turn is the new device, every other device's columns "
          "known; scored on every network",
          evaluate_predictors,
          [](const Benchmark& bench) {
            return "Each latency and energy column in turn is the new device (" + bench.space().name() + ", " +
                   bench.cost_dataset() + "), every other device's columns known";
          },
          [](const Benchmark&) { return std::optional<PublishedFigures>(); }};
}

EvaluationProtocol help() {
  return {"help",
          "HELP's own (NB201: its 6 test devices, rows 0..899 drawn from, 900..1899 scored; FBNet --dataset "
          "cifar100: its 3, rows 0..3999 and 4000..4999; each less the device's 10% fastest and slowest), its 9 "
          "meta-training devices known",
          [](const Benchmark& bench, const std::vector<std::size_t>& ks, std::size_t seeds,
             const std::vector<std::string>& methods) {
            return on_fbnet(bench) ? evaluate_help_protocol_fbnet(bench, ks, seeds)
                                   : evaluate_help_protocol(bench, ks, seeds, methods);
          },
          [](const Benchmark& bench) -> std::string {
            if (on_fbnet(bench)) {
              return "HELP's protocol (FBNet, CIFAR-100 setting, its 5000 networks): known = HELP's 9 meta-training "
                     "devices; k networks from rows 0..3999, Spearman over rows 4000..4999 (each without the device's "
                     "10% fastest and slowest)";
            }
            return "HELP's protocol (NB201, CIFAR-10 inputs): known = HELP's 9 meta-training devices; k networks from "
                   "rows 0..899, Spearman over rows 900..1899 (each without the device's 10% fastest and slowest)";
          },
          [](const Benchmark& bench) {
            return std::optional(mean_of("HELP", on_fbnet(bench) ? listed(kHelpFbnetPublished) : listed(kHelpNb201Published)));
          }};
}

EvaluationProtocol nasflat() {
  return {"nasflat",
          "NASFLAT's scoring of HELP's NB201 task: HELP's 9 meta-training devices known, its 6 test devices new, k "
          "networks drawn from all 15625 cells, Spearman over all 15625 (none dropped)",
          evaluate_nasflat_protocol,
          [](const Benchmark&) -> std::string {
            return "NASFLAT's scoring of HELP's task (NB201, CIFAR-10 inputs): known = HELP's 9 meta-training devices; "
                   "k networks drawn at random from all 15625 cells, Spearman over all 15625 (none dropped)";
          },
          [](const Benchmark&) {
            return std::optional(PublishedFigures{"NASFLAT", {}, kNasflatNb201PublishedMean});
          }};
}

}  // namespace

const Registry<EvaluationProtocol>& evaluation_protocols() {
  static const Registry<EvaluationProtocol> registry("evaluation protocol", {leave_one_device_out(), help(), nasflat()});
  return registry;
}

}  // namespace hwnas
