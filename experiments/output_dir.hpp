#pragma once
// The --out folder of a command, claimed before any work starts: created
// (with its parents), checked to be a writable directory and locked, so that
// a bad path is an error in the first milliseconds rather than after an hour
// of training, and two runs never write into one folder. The commands write
// their files there through AtomicFile (core/files.hpp).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/files.hpp"

namespace hwnas {

class OutputDir {
public:
  // `outputs` are the file names the command will write; those that already
  // exist are remembered for replaced_note() (the old files stay until the
  // new ones are complete). InputError when `path` is empty, is not
  // a directory, cannot be created or written into, or another hwnas run holds
  // its lock (DIR/.hwnas.lock, released by the system when that run ends, even
  // when it is killed).
  OutputDir(const std::filesystem::path& path, const std::vector<std::string>& outputs);
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;
  ~OutputDir();  // releases the lock

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }
  // After the outputs are written: "" or " (replacing the previous result.json, ...)".
  std::string replaced_note() const;

private:
  std::filesystem::path path_;
  std::vector<std::string> existing_;
  std::optional<FileLock> lock_;
};

}  // namespace hwnas
