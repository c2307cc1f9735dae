#pragma once
// hwnas core: what every other library shares, and nothing more.
//
// - Arch (arch.hpp): an architecture as a small value of op indices.
// - Rng (rng.hpp): the only source of randomness; seeded explicitly, with
//   streams derived from (seed, purpose) so results never depend on threads.
// - Pareto (pareto.hpp): dominance, non-dominated sorting, crowding
//   distance, exact hypervolume (WFG) and IGD, all for minimisation.
// - Statistics (stats.hpp): mean/std, quantiles, Kendall tau-b, Spearman rho,
//   Pareto fronts.
// - InputError, OutputError (error.hpp): the user's mistake (exit code 2), a
//   file that could not be written (exit code 1).
// - AtomicFile (files.hpp): every output file is written whole or not at all.
// - Progress (progress.hpp): a progress bar that only draws on a terminal.
//
// Core knows no device, no benchmark file format and no LibTorch: those live in
// cost/ and benchmark/, benchmark_data/ and torch/.
#include "core/arch.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/pareto.hpp"
#include "core/progress.hpp"
#include "core/rng.hpp"
#include "core/stats.hpp"
