#pragma once
// hwnas cli: the `hwnas` command line. A command binds its options
// (options.hpp: one spelling of --space, --dataset, --cost-table, the budget
// and --out for every command), calls the study and writes its reports; one
// file per command (*_command.cpp), found through commands() (commands.hpp).
// main.cpp is both executables: `hwnas`, without LibTorch, and `hwnas-torch`,
// which fills the table of torch_commands.hpp with torch/'s entries.
//
// The command line, callable in-process (main, and the fuzz test).
// Errors are reported once, here, as one line "hwnas: ..." on stderr:
// InputError and option-parsing errors return 2, OutputError (a file or
// standard output that could not be written) and anything else return 1.
// Output goes to std::cout and std::cerr.
namespace hwnas {

int run_cli(int argc, char** argv);

// The same command without the reporting: returns 0 when it ran (or printed
// its help); throws InputError for bad input (an option CLI11 refuses
// included, with its message), OutputError for a file that could not be
// written, anything else for an internal failure. For callers that raise the
// error in their own terms (the Python module) instead of parsing the line.
int run_command_line(int argc, char** argv);

}  // namespace hwnas
