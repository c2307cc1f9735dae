#pragma once
// Reading benchmark files safely: only regular files, with bounded sizes,
// gzip-compressed or plain, and checked against a manifest of sizes and
// checksums where the directory has one (the copy shipped in
// benchmark_data/data/ has MANIFEST.csv).
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hwnas {

// Largest file hwnas reads (plain or decompressed). The largest benchmark file
// is 3.8 MB; anything far beyond is not one of them (a device file, a wrong path).
inline constexpr std::size_t kMaxDataFileBytes = std::size_t{256} << 20;

// The bytes of a data file. A plain file is memory-mapped read-only rather than
// copied (the big benchmark files load several milliseconds faster: no copy,
// no page faults for a buffer); a .gz file holds its decompressed content.
// Move-only; the bytes stay at the same address when moved.
class FileBytes {
public:
  FileBytes() = default;
  explicit FileBytes(std::string bytes);
  // The first `size` (> 0) bytes of the open file `fd`, mapped read-only;
  // nullopt where the file system cannot map it.
  static std::optional<FileBytes> map(int fd, std::size_t size);
  FileBytes(FileBytes&& other) noexcept;
  FileBytes& operator=(FileBytes&& other) noexcept;
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;
  ~FileBytes();

  std::string_view view() const { return {data_, size_}; }
  std::size_t size() const { return size_; }

private:
  void release() noexcept;
  const char* data_ = "";
  std::size_t size_ = 0;
  bool mapped_ = false;
  std::unique_ptr<std::string> owned_;
};

// The bytes of `file`, decompressed when the name ends in .gz. Throws InputError
// naming the file when it does not exist, is not a regular file (a directory, a
// FIFO, a device; symlinks are followed, loops reported), is larger than
// kMaxDataFileBytes, or is a damaged gzip stream.
FileBytes map_data_file(const std::filesystem::path& file);
// The same, copied into a string.
std::string read_data_file(const std::filesystem::path& file);

// CRC-32 (zlib's) of `bytes`, as the manifest writes it: 8 lowercase hex digits.
std::string crc32_hex(std::string_view bytes);

// One file a DataDir has read: which, its size and CRC-32 (of the uncompressed
// content), so a result can say exactly which data it came from.
struct DataFileRead {
  std::string file;  // relative name, e.g. nasbench201/hw_cifar10.csv
  std::filesystem::path path;
  std::size_t bytes;
  std::string crc32;
};

// A benchmark data directory. Files are named by their relative CSV path
// ("nasbench201/hw_cifar10.csv"); each may be stored as that file or as its
// .gz. When the directory has MANIFEST.csv (`file,bytes,crc32` of the
// uncompressed content), every file read must be listed there and match it.
// Safe to share across threads: reads only add to the log of files read
// (under a lock), which copies of a DataDir share.
class DataDir {
public:
  // Throws InputError when MANIFEST.csv exists but is malformed.
  explicit DataDir(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }
  bool has_manifest() const { return !manifest_.empty(); }
  // True when `relative` exists as a plain or a .gz file.
  bool has(std::string_view relative) const;
  // The path that holds `relative` (plain preferred, else .gz); the plain path when neither exists.
  std::filesystem::path locate(std::string_view relative) const;
  // The uncompressed bytes of `relative`, checked against the manifest. InputError naming the file otherwise.
  FileBytes read(std::string_view relative) const;

  struct ManifestEntry {
    std::size_t bytes;
    std::string crc32;
  };
  const std::map<std::string, ManifestEntry, std::less<>>& manifest() const { return manifest_; }

  // Every file read so far (by this DataDir and its copies), in name order, each once.
  std::vector<DataFileRead> files_read() const;

private:
  struct ReadLog;
  std::filesystem::path root_;
  std::map<std::string, ManifestEntry, std::less<>> manifest_;
  std::shared_ptr<ReadLog> log_;
};

}  // namespace hwnas
