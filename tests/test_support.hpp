#pragma once
// Shared by the test suites: the benchmark data (found like the CLI finds it,
// with no option) loaded once per test program, and scratch files.
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "benchmark_data/benchmark_data.hpp"
#include "cost/fbnet_benchmark.hpp"
#include "cost/nb201_benchmark.hpp"

namespace hwnas::test {

inline const std::filesystem::path& data_dir() {
  static const std::filesystem::path dir = resolve_data_dir(std::nullopt);
  return dir;
}
inline const Nb201Benchmark& nb201() {
  static const auto bench = Nb201Benchmark::load(data_dir());
  return *bench;
}
inline const FbnetBenchmark& fbnet() {
  static const auto bench = FbnetBenchmark::load(data_dir(), "cifar100");
  return *bench;
}

// A fresh directory under the system temp folder, removed at destruction.
class ScratchDir {
public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("hwnas_test_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& relative, const std::string& content) const {
    const auto file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace hwnas::test
