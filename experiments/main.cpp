// The hwnas command line. Errors are reported once, here: InputError and
// option-parsing errors exit with 2, anything else with 1.
#include <CLI/CLI.hpp>
#include <iostream>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "experiments/query.hpp"

namespace {

void add_query(CLI::App& app, std::optional<std::string>& data_dir) {
  auto* cmd = app.add_subcommand("query", "Print every metric of one architecture (like HW-NAS-Bench's query_by_index)");
  auto o = std::make_shared<hwnas::QueryOptions>();
  cmd->add_option("--space", o->space, "nb201 | fbnet")->required();
  cmd->add_option("--dataset", o->dataset, "nb201: cifar10 | cifar100 | ImageNet16-120; fbnet: cifar100")->required();
  cmd->add_option("--index", o->index, "NB201 official index 0..15624");
  cmd->add_option("--arch", o->arch, "NB201 arch string, or 22 FBNet blocks (indices or names, comma-separated)");
  cmd->add_flag("--json", o->json, "print one JSON object");
  cmd->callback([o, &data_dir] {
    const auto result = hwnas::query(*o, hwnas::resolve_data_dir(data_dir));
    std::cout << (o->json ? result.dump(2) + "\n" : hwnas::format_query(result));
  });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hwnas: hardware-aware neural architecture search on HW-NAS-Bench"};
  app.require_subcommand(1);
  app.fallthrough();  // global options such as --data-dir may follow the subcommand
  std::optional<std::string> data_dir;
  app.add_option("--data-dir", data_dir, "benchmark data directory (default: $HWNAS_DATA_DIR, else ../shared/benchmark_data)")
      ->envname("HWNAS_DATA_DIR");
  add_query(app, data_dir);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "hwnas: " << e.what() << "\n";
    return 2;
  } catch (const hwnas::InputError& e) {
    std::cerr << "hwnas: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "hwnas: internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
