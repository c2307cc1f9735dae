#pragma once
// The hwnas command line, callable in-process (main, and the fuzz test).
// Errors are reported once, here, as one line "hwnas: ..." on stderr:
// InputError and option-parsing errors return 2, OutputError (a file or
// standard output that could not be written) and anything else return 1.
// Output goes to std::cout and std::cerr.
namespace hwnas {

int run_cli(int argc, char** argv);

}  // namespace hwnas
