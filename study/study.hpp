#pragma once
// hwnas study: the experiments, as typed results. Nothing here writes a file
// or prints: report/ turns these results into files and text, cli/ binds the
// options, calls the study and writes its reports.
//
// - SearchProblem (problem.hpp): a space, its accuracy source, its cost model,
//   the objective and both ground truths (the constrained optimum and the exact
//   Pareto fronts), loaded once and shared read-only by all runs.
// - run_seeds (search_run.hpp): one run per seed over TBB, reproducible for any
//   thread count; RunResult, RunSummary.
// - run_comparison (compare.hpp): searchers x devices x limits on one budget,
//   with the anytime curves (AnytimeGrid); run_pareto_comparison
//   (pareto_compare.hpp): Pareto searchers judged by hypervolume and IGD.
// - analyze (analyze.hpp): FLOPs/params vs cost, the cross-device correlation
//   matrix and Pareto transfer.
// - ArchLines (arch_list.hpp): the one reader of architecture lists.
#include "study/analyze.hpp"
#include "study/arch_list.hpp"
#include "study/compare.hpp"
#include "study/pareto_compare.hpp"
#include "study/problem.hpp"
#include "study/search_run.hpp"
