#pragma once
// The --out folder of a command, claimed before any work starts: created
// (with its parents), checked to be a writable directory and locked, so that
// a bad path is an error in the first milliseconds rather than after an hour
// of training, and two runs never write into one folder. The commands write
// their files there through AtomicFile (core/files.hpp).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/files.hpp"

namespace hwnas {

class OutputDir {
public:
  // The files already there are remembered (name and inode) for
  // replaced_note(): the old files stay until the new ones are complete.
  // InputError when `path` is empty, is not a directory, cannot be created or
  // written into, or another hwnas run holds its lock (DIR/.hwnas.lock,
  // released by the system when that run ends, even when it is killed).
  explicit OutputDir(const std::filesystem::path& path);
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;
  ~OutputDir();  // releases the lock

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }
  // After the outputs are written: "" or " (replacing the previous result.json, ...)",
  // the files that were there before and have since been replaced (every
  // output is written to a temporary and renamed over the old file, so a
  // replaced file has a new inode), by name. No command keeps a list of its
  // outputs for this: what it wrote is what is named.
  std::string replaced_note() const;

private:
  std::filesystem::path path_;
  std::map<std::string, std::uint64_t> existing_;  // name -> inode when claimed
  std::optional<FileLock> lock_;
};

}  // namespace hwnas
