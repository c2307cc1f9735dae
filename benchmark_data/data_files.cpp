#include "benchmark_data/data_files.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <system_error>

#include "benchmark_data/csv.hpp"
#include "core/error.hpp"

namespace hwnas {
namespace {

// The file's status with symlinks followed, or an InputError saying why there is none.
std::filesystem::file_status checked_status(const std::filesystem::path& file) {
  std::error_code ec;
  const auto st = std::filesystem::status(file, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw InputError(file.string() + ": cannot open file (" + ec.message() + ")");
  }
  return st;
}

// An open file descriptor, closed at scope exit.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// `file` mapped read-only (or read, when it cannot be mapped), after checking
// that it is a regular file of a plausible size.
FileBytes read_plain(const std::filesystem::path& file) {
  const auto st = checked_status(file);
  if (!std::filesystem::exists(st)) throw InputError(file.string() + ": cannot open file (no such file)");
  if (std::filesystem::is_directory(st)) throw InputError(file.string() + ": is a directory, not a data file");
  if (!std::filesystem::is_regular_file(st)) {
    throw InputError(file.string() + ": is not a regular file (a FIFO, socket or device?); hwnas reads only regular files");
  }
  // O_NONBLOCK: should the file be swapped for a FIFO after the check, open does not block on it.
  const Fd in{::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (in.fd < 0) throw InputError(file.string() + ": cannot open file (" + std::strerror(errno) + ")");
  struct stat info {};
  if (::fstat(in.fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    throw InputError(file.string() + ": is not a regular file; hwnas reads only regular files");
  }
  const auto size = static_cast<std::uintmax_t>(info.st_size);
  if (size > kMaxDataFileBytes) {
    throw InputError(file.string() + ": " + std::to_string(size) + " bytes, more than any benchmark file (limit " +
                     std::to_string(kMaxDataFileBytes) + "): wrong file?");
  }
  if (size == 0) return FileBytes(std::string());
  if (auto mapped = FileBytes::map(in.fd, static_cast<std::size_t>(size))) return std::move(*mapped);
  std::string bytes(static_cast<std::size_t>(size), '\0');  // file systems that cannot map: read
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(in.fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw InputError(file.string() + ": cannot read file (" + (n < 0 ? std::strerror(errno) : "it shrank while it was read") + ")");
    got += static_cast<std::size_t>(n);
  }
  return FileBytes(std::move(bytes));
}

std::string gunzip(std::string_view compressed, const std::string& source) {
  z_stream zs{};
  // 16 + MAX_WBITS: a gzip header and trailer (whose CRC-32 and length zlib checks).
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
  const std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&zs, inflateEnd);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  zs.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  out.resize(std::max<std::size_t>(compressed.size() * 5, 1 << 16));
  std::size_t produced = 0;
  while (true) {
    if (produced == out.size()) {
      if (out.size() >= kMaxDataFileBytes) {
        throw InputError(source + ": decompresses to more than " + std::to_string(kMaxDataFileBytes) + " bytes: not a benchmark file");
      }
      out.resize(std::min(out.size() * 2, kMaxDataFileBytes));
    }
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(out.size() - produced);
    const int rc = inflate(&zs, Z_NO_FLUSH);
    produced = out.size() - zs.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      throw InputError(source + ": the gzip stream ends early (file truncated)");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      throw InputError(source + ": damaged gzip data (" + std::string(zs.msg ? zs.msg : "zlib error " + std::to_string(rc)) + ")");
    }
  }
  if (zs.avail_in != 0) throw InputError(source + ": unexpected bytes after the gzip stream");
  out.resize(produced);
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

FileBytes::FileBytes(std::string bytes) : owned_(std::make_unique<std::string>(std::move(bytes))) {
  data_ = owned_->data();
  size_ = owned_->size();
}

FileBytes::FileBytes(FileBytes&& other) noexcept
    : data_(other.data_), size_(other.size_), mapped_(other.mapped_), owned_(std::move(other.owned_)) {
  other.data_ = "";
  other.size_ = 0;
  other.mapped_ = false;
}

FileBytes& FileBytes::operator=(FileBytes&& other) noexcept {
  if (this != &other) {
    release();
    data_ = other.data_;
    size_ = other.size_;
    mapped_ = other.mapped_;
    owned_ = std::move(other.owned_);
    other.data_ = "";
    other.size_ = 0;
    other.mapped_ = false;
  }
  return *this;
}

FileBytes::~FileBytes() { release(); }

void FileBytes::release() noexcept {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
  mapped_ = false;
  owned_.reset();
}

std::optional<FileBytes> FileBytes::map(int fd, std::size_t size) {
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (p == MAP_FAILED) return std::nullopt;
  FileBytes mapped;
  mapped.data_ = static_cast<const char*>(p);
  mapped.size_ = size;
  mapped.mapped_ = true;
  return mapped;
}

FileBytes map_data_file(const std::filesystem::path& file) {
  FileBytes bytes = read_plain(file);
  if (ends_with(file.string(), ".gz")) return FileBytes(gunzip(bytes.view(), file.string()));
  return bytes;
}

std::string read_data_file(const std::filesystem::path& file) { return std::string(map_data_file(file).view()); }

std::string crc32_hex(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths: feed large inputs in pieces.
  for (std::size_t pos = 0; pos < bytes.size(); pos += 1u << 30) {
    const std::size_t n = std::min<std::size_t>(bytes.size() - pos, 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + pos), static_cast<uInt>(n));
  }
  char text[9];
  std::snprintf(text, sizeof text, "%08lx", static_cast<unsigned long>(crc));
  return text;
}

struct DataDir::ReadLog {
  std::mutex mutex;
  std::map<std::string, DataFileRead> reads;
};

std::vector<DataFileRead> DataDir::files_read() const {
  std::lock_guard<std::mutex> lock(log_->mutex);
  std::vector<DataFileRead> out;
  for (const auto& [name, read] : log_->reads) out.push_back(read);
  return out;
}

DataDir::DataDir(std::filesystem::path root) : root_(std::move(root)), log_(std::make_shared<ReadLog>()) {
  const auto file = root_ / "MANIFEST.csv";
  if (!std::filesystem::exists(checked_status(file))) return;
  const CsvFile csv(file);
  csv.expect_header({"file", "bytes", "crc32"});
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    const long bytes = csv.integer(r, 1);
    const std::string_view crc = csv.text(r, 2);
    if (csv.text(r, 0).empty()) throw InputError(csv.where(r, 0) + ": empty file name");
    if (bytes < 0) throw InputError(csv.where(r, 1) + ": expected a size in bytes, found '" + std::string(csv.text(r, 1)) + "'");
    if (crc.size() != 8 || crc.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
      throw InputError(csv.where(r, 2) + ": expected 8 lowercase hex digits, found '" + std::string(crc) + "'");
    }
    manifest_[std::string(csv.text(r, 0))] = {static_cast<std::size_t>(bytes), std::string(crc)};
  }
  if (manifest_.empty()) throw InputError(file.string() + ": lists no files");
}

std::filesystem::path DataDir::locate(std::string_view relative) const {
  const auto plain = root_ / relative;
  if (std::filesystem::exists(checked_status(plain))) return plain;
  auto gz = plain;
  gz += ".gz";
  if (std::filesystem::exists(checked_status(gz))) return gz;
  return plain;
}

bool DataDir::has(std::string_view relative) const { return std::filesystem::exists(checked_status(locate(relative))); }

FileBytes DataDir::read(std::string_view relative) const {
  const auto file = locate(relative);
  FileBytes bytes = map_data_file(file);
  const std::string crc = crc32_hex(bytes.view());
  if (has_manifest()) {
    const auto it = manifest_.find(relative);
    if (it == manifest_.end()) {
      throw InputError(file.string() + ": not listed in " + (root_ / "MANIFEST.csv").string() + ", so it cannot be verified");
    }
    if (bytes.size() != it->second.bytes || crc != it->second.crc32) {
      throw InputError(file.string() + ": corrupted: " + std::to_string(bytes.size()) + " bytes with CRC-32 " + crc +
                       ", but MANIFEST.csv lists " + std::to_string(it->second.bytes) + " bytes with CRC-32 " +
                       it->second.crc32 + " (restore it with git checkout)");
    }
  }
  {
    std::lock_guard<std::mutex> lock(log_->mutex);
    log_->reads[std::string(relative)] = {std::string(relative), file, bytes.size(), crc};
  }
  return bytes;
}

}  // namespace hwnas
