#pragma once
// The --out folder of a command, claimed before any work starts: created
// (with its parents), checked to be a writable directory and locked, so that
// a bad path is an error in the first milliseconds rather than after an hour
// of training, and two runs never write into one folder. The commands write
// their files there through AtomicFile (core/files.hpp), each named through
// output(): that one list of what a command wrote is what its "wrote ..."
// line names (written_summary) and what the "replacing" note is made of, so
// neither can leave a file out. A report writer takes the OutputDir, never a
// bare path.
#include <filesystem>
#include <mutex>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/files.hpp"

namespace hwnas {

class OutputDir {
public:
  // The names of the files already there are remembered for replaced_note():
  // the old files stay until the new ones are complete.
  // InputError when `path` is empty, is not a directory, cannot be created or
  // written into, or another hwnas run holds its lock (DIR/.hwnas.lock,
  // released by the system when that run ends, even when it is killed).
  explicit OutputDir(const std::filesystem::path& path);
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;
  ~OutputDir();  // releases the lock

  const std::filesystem::path& path() const { return path_; }
  // The path of the output file `name` (a plain file name), recorded as one
  // of this command's outputs; the caller writes it through an AtomicFile (or
  // has gnuplot write its temporary). Safe to call from several threads (the
  // figures of a report are rendered in parallel); the order of written() is
  // then the order the calls were made, so a caller that renders in parallel
  // names its files first (name_plot_files).
  std::filesystem::path output(std::string_view name);
  // Every output named so far, in the order first named.
  std::vector<std::string> written() const;
  // "DIR: summary.csv, anytime.{csv,gp,png,svg}": written(), files sharing a
  // name before the extension grouped, for the "wrote ..." line.
  std::string written_summary() const;
  // After the outputs are written: "" or " (replacing the previous result.json, ...)",
  // the outputs that were there when the folder was claimed.
  std::string replaced_note() const;

private:
  std::filesystem::path path_;
  std::set<std::string> existing_;   // files there when claimed
  mutable std::mutex mutex_;          // guards written_
  std::vector<std::string> written_;  // output() names, first-named order
  std::optional<FileLock> lock_;
};

}  // namespace hwnas
