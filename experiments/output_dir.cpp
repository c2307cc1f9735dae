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
  const auto lock = path_ / ".hwnas.lock";
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) {
    throw InputError("--out " + path_.string() + ": cannot write into the directory (" + std::strerror(errno) + ")");
  }
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (error == EWOULDBLOCK) {
      throw InputError("--out " + path_.string() + " is in use by another hwnas run (it holds " + lock.string() +
                       "); wait for it or choose another directory");
    }
    throw InputError("--out " + path_.string() + ": cannot lock " + lock.string() + " (" + std::strerror(error) + ")");
  }
  // Some file systems (/proc, /sys) accept the open but no real file: try one write.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(lock_fd_, 0) != 0 || ::write(lock_fd_, pid.data(), pid.size()) != static_cast<ssize_t>(pid.size())) {
    throw InputError("--out " + path_.string() + ": cannot write into the directory (" + std::strerror(errno) + ")");
  }
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

OutputDir::~OutputDir() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // closing releases the flock
}

}  // namespace hwnas
