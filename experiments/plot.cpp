#include "experiments/plot.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "core/files.hpp"

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
  // gnuplot draws into the images' temporary files; they replace the images only when it succeeded.
  AtomicFile png(dir / (name + ".png")), svg(dir / (name + ".svg"));
  png.close_stream();
  svg.close_stream();
  std::ostringstream text;
  // The body is written once per terminal: `replot` cannot repeat a multiplot.
  for (const AtomicFile* image : {&png, &svg}) {
    const std::string terminal = image == &svg ? "svg" : "pngcairo";
    // noenhanced: labels such as edgegpu@q25 or edgegpu_latency are plain text.
    text << "reset\nset datafile separator ','\n"
         << "set terminal " << terminal << " noenhanced size " << width << "," << height << " font 'Sans,10'\n"
         << "set output " << gnuplot_quote(image->temp_path().filename().string()) << "\n"
         << body << "\nunset multiplot\nunset output\n";
  }
  write_file_atomically(dir / script, text.str());
  const std::string log = name + ".gnuplot.log";
  std::string quoted_dir = "'";  // for the shell: a ' inside becomes '\''
  for (char c : dir.string()) quoted_dir += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted_dir += "'";
  const std::string cmd = "cd " + quoted_dir + " && gnuplot " + script + " 2> " + log;
  if (std::system(cmd.c_str()) != 0) {
    throw std::runtime_error("gnuplot failed on " + (dir / script).string() + " (see " + (dir / log).string() + ")");
  }
  for (AtomicFile* image : {&png, &svg}) {
    std::error_code ec;
    if (std::filesystem::file_size(image->temp_path(), ec) == 0 || ec) {
      throw OutputError("cannot write " + image->target().string() + ": gnuplot wrote nothing (disk full?)");
    }
    image->commit();
  }
  std::filesystem::remove(dir / log);
}

}  // namespace hwnas
