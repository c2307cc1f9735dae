#include "experiments/plot.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "core/error.hpp"

namespace hwnas {

std::string gnuplot_quote(const std::string& text) {
  std::string q = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

void render_plot(const std::filesystem::path& dir, const std::string& name, const std::string& body, int width,
                 int height) {
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) {
    throw InputError("gnuplot is not installed (scripts/setup.sh installs gnuplot-nox)");
  }
  const std::string script = name + ".gp";
  {
    // The body is written once per terminal: `replot` cannot repeat a multiplot.
    std::ofstream out(dir / script);
    for (const char* terminal : {"pngcairo", "svg"}) {
      const std::string ext = terminal == std::string("svg") ? "svg" : "png";
      // noenhanced: labels such as edgegpu@q25 or edgegpu_latency are plain text.
      out << "reset\nset datafile separator ','\n"
          << "set terminal " << terminal << " noenhanced size " << width << "," << height << " font 'Sans,10'\n"
          << "set output '" << name << "." << ext << "'\n"
          << body << "\nunset multiplot\nunset output\n";
    }
  }
  const std::string cmd = "cd '" + dir.string() + "' && gnuplot " + script + " 2> " + name + ".gnuplot.log";
  if (std::system(cmd.c_str()) != 0) {
    throw std::runtime_error("gnuplot failed on " + (dir / script).string() + " (see " + (dir / (name + ".gnuplot.log")).string() + ")");
  }
  std::filesystem::remove(dir / (name + ".gnuplot.log"));
}

}  // namespace hwnas
