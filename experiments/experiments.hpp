#pragma once
// hwnas experiments: the `hwnas` command line and the experiments it runs.
//
// - main.cpp, cli.hpp and commands.hpp: the CLI11 application, the commands()
//   registry and one file per subcommand (query_command.cpp,
//   search_command.cpp, compare_command.cpp, analyze_command.cpp,
//   predict_command.cpp, measure_command.cpp).
// - query (query.hpp): every metric of an architecture, and ArchLines, the one
//   reader of architecture lists.
//   Errors are reported once, in main: InputError exits with 2, others with 1.
// - SearchProblem (problem.hpp): a space, its accuracy source, its cost model,
//   the objective and the ground truth, loaded once and shared by all runs.
// - run_seeds (search_run.hpp): one run per seed over TBB, reproducible for any
//   thread count; result.json, trajectory.csv and the readable summary.
// - run_supernet_search (supernet_run.hpp): the supernet searchers through the
//   same result schema.
// - run_comparison (compare.hpp): searchers x devices x limits on one budget.
// - analyze (analyze.hpp): FLOPs/params vs cost, cross-device correlation and
//   Pareto transfer, with report.md.
// - render_plot (plot.hpp): figures through gnuplot, PNG and SVG, each beside
//   the CSV it reads and its script.
#include "experiments/analyze.hpp"
#include "experiments/compare.hpp"
#include "experiments/plot.hpp"
#include "experiments/problem.hpp"
#include "experiments/query.hpp"
#include "experiments/search_run.hpp"
#include "experiments/supernet_run.hpp"
