#include "core/files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <system_error>

#include "core/error.hpp"

namespace hwnas {

std::string output_failure(const std::filesystem::path& path, int error_number) {
  return "cannot write " + path.string() + ": " + std::strerror(error_number);
}

bool FdStreamBuf::drain() {
  const char* p = pbase();
  while (p < pptr() && error_ == 0) {
    const ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = n < 0 ? errno : EIO;
      break;
    }
    p += n;
  }
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return error_ == 0;
}

FdStreamBuf::int_type FdStreamBuf::overflow(int_type ch) {
  if (!drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

int FdStreamBuf::sync() { return drain() ? 0 : -1; }

std::streamsize FdStreamBuf::xsputn(const char* s, std::streamsize n) {
  std::streamsize done = 0;
  while (done < n) {
    if (pptr() == epptr() && !drain()) return done;
    const auto room = std::min<std::streamsize>(n - done, epptr() - pptr());
    std::copy(s + done, s + done + room, pptr());
    pbump(static_cast<int>(room));
    done += room;
  }
  return done;
}

AtomicFile::AtomicFile(std::filesystem::path target)
    : target_(std::move(target)),
      temp_(target_.parent_path() / ("." + target_.filename().string() + ".tmp-" + std::to_string(::getpid()))),
      fd_(::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)),
      buf_(fd_),
      out_(&buf_) {
  if (fd_ < 0) fail(errno);
  remove_stale_temporaries();
}

// A run killed while it wrote this file left its temporary ".<name>.tmp-<pid>":
// removed once no process of that pid exists (a live one may be writing it).
void AtomicFile::remove_stale_temporaries() const {
  const std::string prefix = "." + target_.filename().string() + ".tmp-";
  std::error_code ec;
  const std::filesystem::path dir = target_.parent_path().empty() ? std::filesystem::path(".") : target_.parent_path();
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.find_first_not_of("0123456789") != std::string::npos || pid_text.size() > 9) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH) std::filesystem::remove(entry.path(), ec);
  }
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (committed_) return;
  std::error_code ignored;
  std::filesystem::remove(temp_, ignored);
}

void AtomicFile::fail(int error_number) const { throw OutputError(output_failure(target_, error_number)); }

void AtomicFile::close_stream() {
  if (fd_ < 0) return;
  out_.flush();
  const int error = buf_.error();
  const int fd = fd_;
  fd_ = -1;
  if (error != 0) {
    ::close(fd);
    fail(error);
  }
  if (::close(fd) != 0) fail(errno);
}

void AtomicFile::commit() {
  close_stream();
  if (!out_) fail(buf_.error() ? buf_.error() : EIO);
  // A full disk may show only now, when the file system writes what it held
  // back; this also covers what an external writer wrote after close_stream().
  const int fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(errno);
  const bool synced = ::fsync(fd) == 0 || errno == EINVAL;
  const int sync_error = errno;
  ::close(fd);
  if (!synced) fail(sync_error);
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail(errno);
  committed_ = true;
}

void write_file_atomically(const std::filesystem::path& target, std::string_view content) {
  AtomicFile file(target);
  file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  file.commit();
}

FileLock::FileLock(const std::filesystem::path& path, const std::string& what) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw InputError(what + ": cannot create the lock " + path.string() + " (" + std::strerror(errno) + ")");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK) {
      throw InputError(what + " is in use by another hwnas run (it holds " + path.string() + "); wait for it or choose another");
    }
    throw InputError(what + ": cannot lock " + path.string() + " (" + std::strerror(error) + ")");
  }
  // Some file systems (/proc, /sys) accept the open but no real file: try one write.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::write(fd_, pid.data(), pid.size()) != static_cast<ssize_t>(pid.size())) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    throw InputError(what + ": cannot write the lock " + path.string() + " (" + std::strerror(error) + ")");
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace hwnas
