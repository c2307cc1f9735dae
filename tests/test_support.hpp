#pragma once
// Shared by the test suites: the benchmark data (found like the CLI finds it,
// with no option) loaded once per test program, and scratch files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <unistd.h>
#include <zlib.h>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "benchmark/benchmark.hpp"
#include "benchmark/fbnet_benchmark.hpp"
#include "benchmark/nb201_benchmark.hpp"
#include "study/problem.hpp"

namespace hwnas::test {

// Expects `f` to throw InputError whose message contains every one of `parts`.
template <class F>
void expect_input_error(F f, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "no error thrown";
  } catch (const InputError& e) {
    for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what() << "\nlacks: " << p;
  }
}

// Searcher settings sized for tests: the defaults, but BANANAS's networks small
// and briefly trained (its defaults, NASLib's 3 x 20 layers x 500 epochs, are
// for real searches: about 5 s per 150-query run).
inline SearcherSettings quick_searcher_settings() {
  SearcherSettings s;
  s.bananas_ensemble = 2;
  s.bananas_layers = 2;
  s.bananas_width = 16;
  s.bananas_epochs = 30;
  return s;
}

inline const DataDir& data_dir() {
  static const DataDir dir = resolve_data_dir(std::nullopt);
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
// A space on a dataset through the registry, loaded once per test program.
inline std::shared_ptr<const Benchmark> benchmark(const std::string& space, const std::string& dataset) {
  static std::map<std::pair<std::string, std::string>, std::shared_ptr<const Benchmark>> cache;
  auto& b = cache[{space, dataset}];
  if (!b) b = load_benchmark(data_dir(), space, dataset);
  return b;
}

// A search problem on the spec's space and dataset (costs of spec.cost_dataset when given).
inline std::unique_ptr<SearchProblem> problem(const ProblemSpec& spec, std::shared_ptr<const AccuracySource> signal = nullptr) {
  const auto bench = spec.cost_dataset && *spec.cost_dataset != spec.dataset
                         ? load_benchmark(data_dir(), spec.space, spec.dataset, *spec.cost_dataset)
                         : benchmark(spec.space, spec.dataset);
  return std::make_unique<SearchProblem>(spec, bench, std::move(signal));
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

// `bytes` as a gzip file's content (what `gzip` writes), for tests of gzip input.
// The fields of one CSV line without quoted commas, empty ones kept.
inline std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  for (const char c : line) {
    if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

inline std::string gzip(const std::string& bytes) {
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, bytes.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace hwnas::test
