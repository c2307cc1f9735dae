// Outputs that must not move: a fixed set of commands (tests/golden/commands.txt)
// is run with the real executable and every file it writes (images aside: they
// are gnuplot's) and its standard output are compared byte for byte with the
// copies in tests/golden/, made by the binary before a restructuring. The
// absolute path of the data directory (in result.json's "data") and elapsed
// times are replaced by placeholders before comparing. With
// HWNAS_UPDATE_GOLDEN=1 the copies are rewritten instead (for an intended change).
// A file over 256 KiB is kept as FILE.crc32 ("<bytes> <CRC-32>") instead of a copy.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <zlib.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/format.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

const std::filesystem::path kGolden = std::filesystem::path(HWNAS_SOURCE_DIR) / "tests" / "golden";

struct GoldenCommand {
  std::string name, args;
};

std::vector<GoldenCommand> golden_commands() {
  std::ifstream in(kGolden / "commands.txt");
  std::vector<GoldenCommand> commands;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t space = line.find(' ');
    commands.push_back({line.substr(0, space), line.substr(space + 1)});
  }
  return commands;
}

// The inputs a command names as @FILE, written the same way every time.
void write_inputs(const test::ScratchDir& dir) {
  const auto bench = test::benchmark("nb201", "cifar10");
  const SearchSpace& space = bench->space();
  std::string archs;
  for (std::uint64_t i = 0; i < 60; i += 3) archs += std::to_string(i) + "\n";
  archs += space.to_string(space.at(12345)) + "\n";
  dir.write("archs.txt", archs);
  std::string sample = "index,arch_str,laptop_latency\n";
  for (std::uint64_t i = 3; i < *space.cardinality(); i += 311) {
    sample += std::to_string(i) + "," + space.to_string(space.at(i)) + "," +
              exact(1.5 * *bench->cost().cost(space.at(i), CostKey::parse("pixel3_latency"))) + "\n";
  }
  dir.write("sample.csv", sample);
}

std::string normalised(std::string text) {
  const std::string data = test::data_dir().root().string();
  for (std::size_t at = 0; (at = text.find(data, at)) != std::string::npos;) text.replace(at, data.size(), "@DATA_DIR@");
  static const std::regex seconds(" in [0-9.]+ s");
  return std::regex_replace(text, seconds, " in @SECONDS@ s");
}

constexpr std::size_t kCopyAtMost = 256 * 1024;
const std::string kDigest = ".crc32";

// What the copy of `text` holds: the text itself, or its size and CRC-32 when it is large.
std::string digest(const std::string& text) {
  const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size()));
  std::ostringstream s;
  s << text.size() << ' ' << std::hex << crc << '\n';
  return s.str();
}

bool compared(const std::filesystem::path& file) {
  const std::string ext = file.extension().string(), name = file.filename().string();
  return ext != ".png" && ext != ".svg" && name != ".hwnas.lock" && name != "archs.txt" && name != "sample.csv";
}

TEST(Golden, OutputsAreByteIdenticalToTheCopies) {
  const bool update = std::getenv("HWNAS_UPDATE_GOLDEN") != nullptr;
  const auto commands = golden_commands();
  ASSERT_GE(commands.size(), 15u);
  for (const GoldenCommand& c : commands) {
    test::ScratchDir dir("golden_" + c.name);
    write_inputs(dir);
    std::string args = c.args;
    for (const std::string input : {"archs.txt", "sample.csv"}) {
      const std::string at = "@" + input;
      for (std::size_t p = 0; (p = args.find(at, p)) != std::string::npos;) args.replace(p, at.size(), input);
    }
    const std::string command = "cd " + dir.path().string() + " && " + HWNAS_BIN + " " + args + " > stdout.txt 2> stderr.txt";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << c.name << ": " << test::read_file(dir.path() / "stderr.txt");
    std::filesystem::remove(dir.path() / "stderr.txt");
    std::set<std::string> produced;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
      if (entry.is_regular_file() && compared(entry.path())) {
        produced.insert(std::filesystem::relative(entry.path(), dir.path()).generic_string());
      }
    }
    const auto golden_dir = kGolden / c.name;
    if (update) {
      std::filesystem::remove_all(golden_dir);
      for (const std::string& file : produced) {
        std::filesystem::create_directories((golden_dir / file).parent_path());
        const std::string text = normalised(test::read_file(dir.path() / file));
        if (text.size() > kCopyAtMost) {
          std::ofstream(golden_dir / (file + kDigest), std::ios::binary) << digest(text);
        } else {
          std::ofstream(golden_dir / file, std::ios::binary) << text;
        }
      }
      continue;
    }
    std::set<std::string> expected;
    if (std::filesystem::exists(golden_dir)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(golden_dir)) {
        if (!entry.is_regular_file()) continue;
        std::string file = std::filesystem::relative(entry.path(), golden_dir).generic_string();
        if (file.ends_with(kDigest)) file.resize(file.size() - kDigest.size());
        expected.insert(file);
      }
    }
    EXPECT_EQ(produced, expected) << c.name << ": other files than the copies";
    for (const std::string& file : expected) {
      if (!produced.count(file)) continue;
      const bool large = std::filesystem::exists(golden_dir / (file + kDigest));
      std::string now = normalised(test::read_file(dir.path() / file));
      if (large) now = digest(now);
      const std::string before = test::read_file(golden_dir / (large ? file + kDigest : file));
      if (now != before) {
        std::size_t at = 0;
        while (at < now.size() && at < before.size() && now[at] == before[at]) ++at;
        ADD_FAILURE() << c.name << "/" << file << " differs from its copy at byte " << at << ": now '"
                      << now.substr(at, 80) << "', before '" << before.substr(at, 80) << "'";
      }
    }
  }
}

}  // namespace
}  // namespace hwnas
