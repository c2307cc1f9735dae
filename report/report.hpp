#pragma once
// hwnas report: every file and text a command writes, from study/'s results.
//
// - OutputDir (output_dir.hpp): the --out folder, claimed before any work;
//   every writer names its files through OutputDir::output, so the "wrote"
//   line and the "replacing" note read the one list of what was written.
// - search_report.hpp: result.json (streamed by JsonWriter, json_writer.hpp),
//   trajectory.csv, front.csv and the readable summary of `hwnas search`.
// - compare_report.hpp, pareto_compare_report.hpp: `hwnas compare`'s CSVs,
//   figures and tables.
// - analyze_report.hpp: `hwnas analyze`'s CSVs, figures and report.md.
// - query_report.hpp: `hwnas query`'s JSON and text.
// - render_plot (plot.hpp): figures through gnuplot, PNG and SVG, each beside
//   the CSV it reads and its script.
// Schemas of every file: README.md ("Outputs and options").
#include "report/analyze_report.hpp"
#include "report/compare_report.hpp"
#include "report/json_values.hpp"
#include "report/output_dir.hpp"
#include "report/pareto_compare_report.hpp"
#include "report/plot.hpp"
#include "report/query_report.hpp"
#include "report/search_report.hpp"
