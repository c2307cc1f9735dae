#include "report/output_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "core/error.hpp"
#include "core/files.hpp"

namespace hwnas {

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
      existing_.insert(name);
    }
  }
}

std::filesystem::path OutputDir::output(std::string_view name) {
  if (name.empty() || name.find('/') != std::string_view::npos) {
    throw std::logic_error("OutputDir::output: not a plain file name: " + std::string(name));
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  if (std::find(written_.begin(), written_.end(), name) == written_.end()) written_.emplace_back(name);
  return path_ / name;
}

std::vector<std::string> OutputDir::written() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return written_;
}

std::string OutputDir::written_summary() const {
  // Stems in first-named order, each with its extensions in first-named order.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  for (const std::string& name : written()) {
    const std::size_t dot = name.find('.');
    const std::string stem = name.substr(0, dot), ext = dot == std::string::npos ? "" : name.substr(dot + 1);
    auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == stem; });
    if (group == groups.end()) {
      groups.push_back({stem, {ext}});
    } else {
      group->second.push_back(ext);
    }
  }
  std::string out = path_.string() + ":";
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& [stem, exts] = groups[g];
    out += (g ? ", " : " ") + stem;
    if (exts.size() == 1) {
      if (!exts[0].empty()) out += "." + exts[0];
      continue;
    }
    out += ".{";
    for (std::size_t e = 0; e < exts.size(); ++e) out += (e ? "," : "") + exts[e];
    out += "}";
  }
  return out;
}

std::string OutputDir::replaced_note() const {
  std::string list;
  for (const std::string& name : written()) {
    if (existing_.count(name)) list += (list.empty() ? "" : ", ") + name;
  }
  return list.empty() ? "" : " (replacing the previous " + list + ")";
}

OutputDir::~OutputDir() = default;

}  // namespace hwnas
