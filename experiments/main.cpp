// The hwnas command line. Errors are reported once, here: InputError and
// option-parsing errors exit with 2, anything else with 1.
#include <CLI/CLI.hpp>
#include <iostream>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "experiments/commands.hpp"
#include "experiments/torch_commands.hpp"

#ifdef HWNAS_WITH_TORCH
namespace hwnas {
void register_torch_commands();
}
#endif


int main(int argc, char** argv) {
  hwnas::set_command_line(argc, argv);
#ifdef HWNAS_WITH_TORCH
  hwnas::register_torch_commands();
#endif
  CLI::App app{"hwnas: hardware-aware neural architecture search on HW-NAS-Bench"};
  app.require_subcommand(1);
  app.fallthrough();  // global options such as --data-dir may follow the subcommand
  std::optional<std::string> data_dir;
  app.add_option("--data-dir", data_dir, "benchmark data directory (default: $HWNAS_DATA_DIR, else the copy shipped with hwnas)")
      ->envname("HWNAS_DATA_DIR");
  hwnas::add_query_command(app, data_dir);
  hwnas::add_search_command(app, data_dir);
  hwnas::add_compare_command(app, data_dir);
  hwnas::add_analyze_command(app, data_dir);
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
