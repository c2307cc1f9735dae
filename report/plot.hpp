#pragma once
#include <filesystem>
#include <string>

#include "report/output_dir.hpp"

namespace hwnas {

// Renders a figure with gnuplot, as DIR/NAME.png and DIR/NAME.svg in `out`. `body` is
// the gnuplot commands after the terminal and output are set; it reads its
// data from CSV files in DIR (gnuplot runs there), which stay beside the
// images so a user can replot. The full script is kept as DIR/NAME.gp.
// Throws std::runtime_error naming the script when gnuplot fails, and
// InputError when gnuplot is not installed.
// The three files are named through `out` (OutputDir::output) as they are
// made. Safe to call from several threads for different names.
void render_plot(OutputDir& out, const std::string& name, const std::string& body, int width, int height);
// Names NAME.gp, NAME.png and NAME.svg in `out` (what render_plot writes),
// for a caller that renders several figures at once and wants the order fixed.
void name_plot_files(OutputDir& out, const std::string& name);

// gnuplot commands for a panel with nothing to draw: `note` in its middle,
// unit axes (gnuplot refuses a plot whose every point is undefined); the
// ranges are reset after it.
std::string empty_panel(const std::string& note);

// The colour of the s-th series (searchers in the order given), the same in every figure.
const char* series_color(std::size_t s);

// A mean line with a +-1 std band for one series of a CSV (header skipped):
// columns `x`, `mean` and `std` of the rows where `selection` (an opening
// gnuplot condition such as "(strcol(1) eq 'rea'") holds, in series_color(s),
// titled `title`. What compare's and the Pareto comparison's anytime figures draw.
std::string mean_band_plot(const std::string& csv, int x, int mean, int std, const std::string& selection,
                           std::size_t s, const std::string& title);

// Quotes a string for a gnuplot script.
std::string gnuplot_quote(const std::string& text);

}  // namespace hwnas
