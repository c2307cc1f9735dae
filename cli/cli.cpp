#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "cli/commands.hpp"
#include "cli/launch.hpp"

namespace hwnas {
namespace {

// One line whatever the message holds: a newline or other control character
// typed into an option (and echoed by the message) is shown escaped.
int fail(int code, const std::string& message) {
  std::string line;
  for (const char c : message) {
    if (c == '\n') {
      line += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
      line += hex;
    } else {
      line += c;
    }
  }
  // A rank that --nproc started writes its line to the file its launcher reads
  // (which prints one line for the group) instead of its own standard error.
  if (const char* file = std::getenv(kRankErrorFileVariable); file && *file) {
    std::ofstream out(file);
    out << "hwnas: " << line << std::endl;
    if (out) return code;
  }
  std::cerr << "hwnas: " << line << std::endl;
  return code;
}

// Standard output may be a full disk or a closed pipe: what did not arrive is an error, not a success.
int checked_stdout(int code) {
  errno = 0;
  std::cout.flush();
  if (std::cout.fail() || std::fflush(stdout) != 0 || std::ferror(stdout)) {
    return fail(1, std::string("cannot write to standard output: ") + std::strerror(errno ? errno : EIO));
  }
  return code;
}

}  // namespace

int run_command_line(int argc, char** argv) {
  CLI::App app{"hwnas: hardware-aware neural architecture search on HW-NAS-Bench"};
  app.require_subcommand(1);
  app.fallthrough();  // global options such as --data-dir may follow the subcommand
  std::optional<std::string> data_dir;
  app.add_option("--data-dir", data_dir, "benchmark data directory (default: $HWNAS_DATA_DIR, else the copy shipped with hwnas)")
      ->envname("HWNAS_DATA_DIR");
  for (const CommandInfo& command : commands().entries()) {
    command.add(*app.add_subcommand(command.name, command.description), data_dir);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    throw InputError(e.what());
  }
  return 0;
}

int run_cli(int argc, char** argv) {
  try {
    return checked_stdout(run_command_line(argc, argv));
  } catch (const InputError& e) {
    return fail(2, e.what());
  } catch (const OutputError& e) {
    return fail(1, e.what());
  } catch (const DistributedError& e) {
    return fail(1, e.what());
  } catch (const ReportedFailure& e) {
    return fail(e.code(), e.what());
  } catch (const std::bad_alloc&) {
    return fail(1, "out of memory");
  } catch (const std::exception& e) {
    return fail(1, std::string("internal error: ") + e.what());
  }
}

}  // namespace hwnas
