#include "experiments/output_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/error.hpp"
#include "core/files.hpp"

namespace hwnas {

namespace {

std::optional<std::uint64_t> regular_file_inode(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return static_cast<std::uint64_t>(st.st_ino);
}

}  // namespace

OutputDir::OutputDir(const std::filesystem::path& path) : path_(path) {
  if (path_.empty()) throw InputError("--out is empty: give a directory");
  std::error_code ec;
  const auto status = std::filesystem::status(path_, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_directory(status)) {
    throw InputError("--out " + path_.string() + " exists and is not a directory");
  }
  std::filesystem::create_directories(path_, ec);
  if (ec) throw InputError("--out " + path_.string() + ": cannot create the directory (" + ec.message() + ")");
  // Refused at once when another run holds it; a directory that cannot be written into fails here too.
  lock_.emplace(path_ / ".hwnas.lock", "--out " + path_.string());
  // A run killed while writing leaves its temporary files; no run holds them now.
  for (const auto& entry : std::filesystem::directory_iterator(path_, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos) {
      std::filesystem::remove(entry.path(), ec);
    } else if (!name.empty() && name[0] != '.') {
      if (const auto inode = regular_file_inode(entry.path())) existing_.emplace(name, *inode);
    }
  }
}

std::string OutputDir::replaced_note() const {
  if (existing_.empty()) return "";
  std::string list;
  for (const auto& [name, inode] : existing_) {
    const auto now = regular_file_inode(path_ / name);
    if (now && *now != inode) list += (list.empty() ? "" : ", ") + name;
  }
  return list.empty() ? "" : " (replacing the previous " + list + ")";
}

OutputDir::~OutputDir() = default;

}  // namespace hwnas
