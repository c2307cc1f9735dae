#include "report/plot.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "core/files.hpp"

namespace hwnas {
namespace {

// gnuplot's absolute path from $PATH, found once; empty when it is not installed.
const std::string& gnuplot_path() {
  static const std::string path = [] {
    const char* env = std::getenv("PATH");
    std::stringstream dirs(env ? env : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
      const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/gnuplot";
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::string();
  }();
  return path;
}

// The script for both terminals, writing to `png` and `svg` (file names in the
// figure's directory).
std::string script_text(const std::string& body, int width, int height, const std::string& png, const std::string& svg) {
  std::ostringstream text;
  // The body is written once per terminal: `replot` cannot repeat a multiplot.
  for (const auto& [terminal, output] : {std::pair{"pngcairo", png}, std::pair{"svg", svg}}) {
    // noenhanced: labels such as edgegpu@q25 or edgegpu_latency are plain text.
    text << "reset\nset datafile separator ','\n"
         << "set terminal " << terminal << " noenhanced size " << width << "," << height << " font 'Sans,10'\n"
         << "set output " << gnuplot_quote(output) << "\n"
         << body << "\nunset multiplot\nunset output\n";
  }
  return text.str();
}

// Runs gnuplot on `script` (a file name in `dir`) with `dir` as its working
// directory and its standard error in `log`, without a shell (a directory
// named "-x" or holding quotes is just a path). The child is killed with the
// parent (PR_SET_PDEATHSIG): a killed run leaves no gnuplot behind to write
// into the next run's files. Returns gnuplot's exit status, -1 if it could not start.
int run_gnuplot(const std::filesystem::path& dir, const std::string& script, const std::filesystem::path& log) {
  // Everything the child needs is made before fork: after it, only async-signal-safe calls.
  // `log` is opened after the chdir: by its file name.
  const std::string program = gnuplot_path(), dir_text = dir.string(), script_arg = "./" + script,
                    log_text = "./" + log.filename().string();
  char* const argv[] = {const_cast<char*>("gnuplot"), const_cast<char*>(script_arg.c_str()), nullptr};
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child < 0) return -1;
  if (child == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before the line above
    ::signal(SIGXFSZ, SIG_DFL);  // hwnas ignores it; gnuplot past a file-size limit must stop, not write half a file
    if (::chdir(dir_text.c_str()) != 0) ::_exit(126);
    const int err = ::open(log_text.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null = ::open("/dev/null", O_RDWR);
    if (err < 0 || null < 0) ::_exit(126);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(err, 2);
    ::execv(program.c_str(), argv);
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

std::string gnuplot_quote(const std::string& text) {
  std::string q = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

const char* series_color(std::size_t s) {
  static constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  return kPalette[s % std::size(kPalette)];
}

std::string mean_band_plot(const std::string& csv, int x, int mean, int std, const std::string& selection,
                           std::size_t s, const std::string& title) {
  const std::string using_x = "'" + csv + "' skip 1 using " + std::to_string(x) + ":" + selection;
  const std::string m = "$" + std::to_string(mean), sd = "$" + std::to_string(std);
  return using_x + " ? " + m + "-" + sd + " : NaN):" + selection + " ? " + m + "+" + sd +
         " : NaN) with filledcurves lc rgb '" + series_color(s) + "' notitle, " + using_x + " ? " + m +
         " : NaN) with lines lw 2 lc rgb '" + series_color(s) + "' title '" + title + "'";
}

std::string empty_panel(const std::string& note) {
  return "set label 1 " + gnuplot_quote(note) + " at graph 0.5,0.5 center\nset xrange [0:1]\nset yrange [0:1]\n"
         "plot NaN notitle\nunset label 1\nset autoscale x\nset autoscale y\n";
}

void name_plot_files(OutputDir& out, const std::string& name) {
  for (const char* extension : {".gp", ".png", ".svg"}) out.output(name + extension);
}

void render_plot(OutputDir& out, const std::string& name, const std::string& body, int width, int height) {
  if (gnuplot_path().empty()) throw InputError("gnuplot is not installed (scripts/setup.sh installs gnuplot-nox)");
  const std::filesystem::path& dir = out.path();
  // gnuplot draws into the images' temporary files; they replace the images only when it succeeded.
  name_plot_files(out, name);
  const std::filesystem::path script = out.output(name + ".gp");
  AtomicFile png(out.output(name + ".png")), svg(out.output(name + ".svg"));
  png.close_stream();
  svg.close_stream();
  // The kept script names the final images, so running it again (gnuplot NAME.gp in DIR) redraws them,
  // and identical runs keep identical scripts. gnuplot itself runs a copy that names the temporaries.
  write_file_atomically(script, script_text(body, width, height, name + ".png", name + ".svg"));
  AtomicFile run_script(dir / (name + ".run.gp"));
  run_script.stream() << script_text(body, width, height, png.temp_path().filename().string(),
                                     svg.temp_path().filename().string());
  run_script.close_stream();
  const std::filesystem::path log = dir / (name + ".gnuplot.log");
  const int status = run_gnuplot(dir, run_script.temp_path().filename().string(), log);
  if (status == 128 + SIGXFSZ) {
    throw OutputError("cannot write " + (dir / (name + ".png")).string() + ": " + std::strerror(EFBIG));
  }
  if (status != 0) {
    throw std::runtime_error("gnuplot failed on " + (dir / (name + ".gp")).string() + " (exit " + std::to_string(status) +
                             ", see " + log.string() + ")");
  }
  for (AtomicFile* image : {&png, &svg}) {
    std::error_code ec;
    if (std::filesystem::file_size(image->temp_path(), ec) == 0 || ec) {
      throw OutputError("cannot write " + image->target().string() + ": gnuplot wrote nothing (disk full?)");
    }
    image->commit();
  }
  std::error_code ec;
  std::filesystem::remove(log, ec);
  // run_script is never committed: its destructor removes the temporary.
}

}  // namespace hwnas
