#pragma once
// Output files written whole or not at all. Every file hwnas writes (results,
// CSVs, plots, checkpoints) goes through AtomicFile: the content goes to a
// temporary file beside the target, is checked, flushed to disk and renamed
// over the target. A reader (or a later run) sees the old file or the new one,
// never a part of one, even when hwnas is killed or the disk fills up; and a
// failed write is an OutputError naming the file and the reason, never a
// "wrote ..." over an empty file.
#include <filesystem>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace hwnas {

// A buffered stream onto a file descriptor that keeps the first write error
// (errno), so a full disk is reported as "No space left on device".
class FdStreamBuf final : public std::streambuf {
public:
  explicit FdStreamBuf(int fd) : fd_(fd), buffer_(1 << 16) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  int error() const { return error_; }  // 0: none so far

protected:
  int_type overflow(int_type ch) override;
  int sync() override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;

private:
  bool drain();
  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

class AtomicFile {
public:
  // Opens the temporary file ".<name>.tmp-<pid>" beside `target`, and removes
  // the temporaries of `target` that killed runs left (their pid no longer
  // runs). OutputError when it cannot be created.
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  // Not committed (an exception on the way): the temporary is removed, the
  // target is left as it was.
  ~AtomicFile();

  // Where to write the content.
  std::ostream& stream() { return out_; }
  // For a writer that writes the file itself (gnuplot, torch::save): the
  // temporary's path, to be written after close_stream().
  const std::filesystem::path& temp_path() const { return temp_; }
  void close_stream();

  // Checks the stream, flushes the file to disk and renames it over the
  // target. OutputError (with the target's path and the system's reason) on
  // any failure, the target untouched.
  void commit();

  const std::filesystem::path& target() const { return target_; }

private:
  void fail(int error_number) const;
  void remove_stale_temporaries() const;
  std::filesystem::path target_, temp_;
  int fd_ = -1;
  FdStreamBuf buf_;
  std::ostream out_;
  bool committed_ = false;
};

// An exclusive advisory lock (flock) on `path`, created if needed, held for
// the object's life and released by the system when the process ends, even
// when it is killed. Two hwnas runs that would write the same files take the
// same lock: the second is refused at once. Not copyable; one per holder.
class FileLock {
public:
  // Throws InputError: "<what> is in use by another hwnas run (it holds PATH)"
  // when another process holds the lock, or naming the reason when `path`
  // cannot be created. Writes the holder's pid into the file.
  FileLock(const std::filesystem::path& path, const std::string& what);
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

private:
  int fd_ = -1;
};

// Writes `content` to `target` through an AtomicFile.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

// "PATH: reason" for an OutputError, with the reason from errno.
std::string output_failure(const std::filesystem::path& path, int error_number);

}  // namespace hwnas
