#include "experiments/output_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/error.hpp"
#include "core/files.hpp"

namespace hwnas {

OutputDir::OutputDir(const std::filesystem::path& path, const std::vector<std::string>& outputs) : path_(path) {
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
    if (name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos) std::filesystem::remove(entry.path(), ec);
  }
  for (const std::string& name : outputs) {
    if (std::filesystem::exists(path_ / name, ec)) existing_.push_back(name);
  }
}

std::string OutputDir::replaced_note() const {
  if (existing_.empty()) return "";
  std::string list;
  for (const auto& name : existing_) list += (list.empty() ? "" : ", ") + name;
  return " (replacing the previous " + list + ")";
}

OutputDir::~OutputDir() = default;

}  // namespace hwnas
