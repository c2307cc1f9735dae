#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <sstream>
#include <sys/stat.h>

#include "core/error.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

using test::ScratchDir;

using test::expect_input_error;

TEST(Nb201Data, ArchZeroValuesToFullPrecision) {
  const Nb201Data& d = test::nb201().data();
  const BenchmarkTable& hw = d.hardware.at("cifar10");
  EXPECT_EQ(hw.column("edgegpu_latency").values[0], 5.807418537139893);
  EXPECT_EQ(hw.column("edgegpu_energy").values[0], 24.226614330768584);
  EXPECT_EQ(hw.column("raspi4_latency").values[0], 10.481976820010459);
  EXPECT_EQ(hw.column("edgetpu_latency").values[0], 0.9571811309997429);
  EXPECT_EQ(hw.column("pixel3_latency").values[0], 3.6058499999999998);
  EXPECT_EQ(hw.column("eyeriss_latency").values[0], 3.645620000000001);
  EXPECT_EQ(hw.column("eyeriss_energy").values[0], 0.6872827644999999);
  EXPECT_EQ(hw.column("fpga_latency").values[0], 2.57296);
  EXPECT_EQ(hw.column("fpga_energy").values[0], 18.01072);
  EXPECT_EQ(d.flops.column("flops_m").values[0], 15.64737);
}

TEST(Nb201Data, UpstreamMinusOneIsMissingNotACost) {
  const auto& tpu = test::nb201().data().hardware.at("cifar10").column("edgetpu_latency").values;
  std::size_t missing = 0;
  for (double v : tpu) {
    if (is_missing(v)) ++missing;
    else EXPECT_GT(v, 0.0);
  }
  EXPECT_EQ(missing, 4699u);  // the count the data README gives
}

TEST(Nb201Data, ReferenceOptimaOfTheReadme) {
  const auto& acc = test::nb201().data().accuracy;
  const auto best = [&](const std::string& column) {
    const auto& v = acc.column(column).values;
    return std::max_element(v.begin(), v.end()) - v.begin();
  };
  EXPECT_EQ(best("cifar10_test200"), 6111);
  EXPECT_EQ(best("cifar100_test200"), 9930);
  EXPECT_EQ(best("ImageNet16-120_test200"), 857);
}

std::string hw_header() {
  std::string h = "index,arch_str";
  for (const char* c : kNb201HardwareColumns) h += std::string(",") + c;
  return h + "\n";
}
std::string hw_row(int index, const std::string& tpu = "1.5") {
  return std::to_string(index) + ",|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1,2,3," + tpu + ",5,6,7,8,9,10\n";
}

TEST(Loaders, TruncatedFileNamesFileAndRowCount) {
  ScratchDir dir("truncated");
  const auto file = dir.write("hw.csv", hw_header() + hw_row(0) + hw_row(1));
  expect_input_error([&] { load_nb201_hardware(CsvFile(file)); }, {file.string(), "expected 15625 data rows, found 2"});
  const auto cut = dir.write("cut.csv", hw_header() + hw_row(0) + "1,|none~0|+|none~0|none~1|,1,2\n");
  expect_input_error([&] { load_nb201_hardware(CsvFile(cut)); }, {cut.string() + ":3", "4 fields", "truncated"});
}

TEST(Loaders, ReorderedRowsNameFileLineAndColumn) {
  ScratchDir dir("reordered");
  std::string content = hw_header();
  for (int i = 0; i < 15625; ++i) content += hw_row(i == 7 ? 8 : i == 8 ? 7 : i);
  const auto file = dir.write("hw.csv", content);
  expect_input_error([&] { load_nb201_hardware(CsvFile(file)); }, {file.string() + ":9:1 (index)", "expected 7", "index order"});
}

TEST(Loaders, NonNumericAndOutOfRangeValuesNameTheCell) {
  ScratchDir dir("nonnumeric");
  std::string content = hw_header();
  for (int i = 0; i < 15625; ++i) content += hw_row(i, i == 3 ? "fast" : "1.5");
  const auto file = dir.write("hw.csv", content);
  expect_input_error([&] { load_nb201_hardware(CsvFile(file)); }, {file.string() + ":5:6 (edgetpu_latency)", "'fast'"});
  content = hw_header();
  for (int i = 0; i < 15625; ++i) content += hw_row(i, i == 4 ? "-2" : "1.5");
  const auto negative = dir.write("neg.csv", content);
  expect_input_error([&] { load_nb201_hardware(CsvFile(negative)); }, {":6:6 (edgetpu_latency)", "a cost in", "'-2'"});
  content = hw_header();
  for (int i = 0; i < 15625; ++i) content += hw_row(i, i == 4 ? "-1" : "1.5");
  const auto minus_one = dir.write("m1.csv", content);
  EXPECT_TRUE(is_missing(load_nb201_hardware(CsvFile(minus_one)).column("edgetpu_latency").values[4]));
}

TEST(Loaders, WrongHeaderAndMissingFile) {
  ScratchDir dir("header");
  const auto file = dir.write("p.csv", "index,params\n0,1\n");
  expect_input_error([&] { load_nb201_params(CsvFile(file)); }, {file.string() + ":1", "column 2 is", "expected 'params_mb'"});
  expect_input_error([&] { load_nb201_params(CsvFile(dir.path() / "nope.csv")); }, {"nope.csv", "cannot open"});
}

TEST(Loaders, FbnetBlockIndicesAreChecked) {
  ScratchDir dir("fbnet");
  std::string header = "sample";
  for (int l = 0; l < 22; ++l) header += ",layer" + std::to_string(l);
  header += ",eyeriss_latency,fpga_latency,pixel3_latency,raspi4_latency\n";
  std::string row = "0";
  for (int l = 0; l < 22; ++l) row += l == 3 ? ",9" : ",1";
  const auto file = dir.write("f.csv", header + row + ",1,2,3,4\n");
  expect_input_error([&] { load_fbnet_samples(CsvFile(file)); }, {file.string() + ":2:5 (layer3)", "block index 0..8"});
}

// Every kind of data file, each damaged in every way we could think of, in a
// directory without a manifest (a user's own copy, where no checksum helps):
// each damage is an InputError naming the file, never a wrong number.
TEST(Loaders, EveryDamageOfEveryFileKindIsAnErrorNamingTheFile) {
  using Loader = std::function<void(const CsvFile&)>;
  const DataDir shipped(shipped_data_dir());
  const BenchmarkTable hw_cifar10 = load_nb201_hardware(CsvFile(shipped.locate("nasbench201/hw_cifar10.csv")));
  const BenchmarkTable fbnet_samples = load_fbnet_cifar100_samples(shipped);
  const std::vector<std::pair<std::string, Loader>> files = {
      {"help/nb201_latency.csv", [&](const CsvFile& c) { load_help_nb201(c, hw_cifar10); }},
      {"help/fbnet_cifar100_latency.csv", [&](const CsvFile& c) { load_help_fbnet(c, fbnet_samples); }},
      {"nasbench201/accuracy.csv", [](const CsvFile& c) { load_nb201_accuracy(c); }},
      {"nasbench201/hw_cifar10.csv", [](const CsvFile& c) { load_nb201_hardware(c); }},
      {"nasbench201/hw_ImageNet16-120.csv", [](const CsvFile& c) { load_nb201_hardware(c); }},
      {"nasbench201/flops_cifar10.csv", [](const CsvFile& c) { load_nb201_flops(c); }},
      {"nasbench201/params_cifar10.csv", [](const CsvFile& c) { load_nb201_params(c); }},
      {"fbnet/op_lut.csv", [](const CsvFile& c) { load_fbnet_lut(c); }},
      {"fbnet/cifar100_sampled_latency.csv", [](const CsvFile& c) { load_fbnet_samples(c); }},
  };
  // Row 5's last field: a number in every file.
  const auto with_last_field_of_row5 = [](const std::string& text, const std::string& value) {
    std::size_t line_start = 0;
    for (int l = 0; l < 6; ++l) line_start = text.find('\n', line_start) + 1;
    const std::size_t line_end = text.find('\n', line_start);
    const std::size_t comma = text.rfind(',', line_end);
    return text.substr(0, comma + 1) + value + text.substr(line_end);
  };
  const std::vector<std::pair<std::string, std::function<std::string(const std::string&)>>> damages = {
      {"last 4 bytes cut", [](const std::string& t) { return t.substr(0, t.size() - 4); }},
      {"text for a number", [&](const std::string& t) { return with_last_field_of_row5(t, "fast"); }},
      {"nan", [&](const std::string& t) { return with_last_field_of_row5(t, "nan"); }},
      {"inf", [&](const std::string& t) { return with_last_field_of_row5(t, "inf"); }},
      {"1e308", [&](const std::string& t) { return with_last_field_of_row5(t, "1e308"); }},
      {"1e-320", [&](const std::string& t) { return with_last_field_of_row5(t, "1e-320"); }},
      {"-1", [&](const std::string& t) { return with_last_field_of_row5(t, "-1"); }},
      {"empty field", [&](const std::string& t) { return with_last_field_of_row5(t, ""); }},
      {"a field dropped", [&](const std::string& t) {
         const std::string d = with_last_field_of_row5(t, "");
         const std::size_t at = d.find(",\n", d.find('\n') + 1);
         return d.substr(0, at) + d.substr(at + 1);
       }},
      {"a row repeated", [](const std::string& t) {
         const std::size_t a = t.find('\n') + 1, b = t.find('\n', a) + 1;
         return t.substr(0, b) + t.substr(a, b - a) + t.substr(b);
       }},
      {"a header column renamed", [](const std::string& t) { return "x" + t; }},
      {"a byte-order mark", [](const std::string& t) { return "\xEF\xBB\xBF" + t; }},
      {"empty", [](const std::string&) { return std::string(); }},
      {"header only", [](const std::string& t) { return t.substr(0, t.find('\n') + 1); }},
  };
  ScratchDir dir("damage");
  int checked = 0;
  for (const auto& [file, load] : files) {
    const std::string good = test::read_file(shipped_data_dir() / file);
    EXPECT_NO_THROW(load(CsvFile(dir.write("good.csv", good))));
    for (const auto& [what, damage] : damages) {
      const auto path = dir.write(std::to_string(checked) + ".csv", damage(good));
      try {
        load(CsvFile(path));
        ADD_FAILURE() << file << " with " << what << " loaded without an error";
      } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << file << ", " << what << ": " << e.what();
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 9 * 14);
}

// HELP's zoo: its copies of four HW-NAS-Bench devices equal ours value for value
// (which proves its row order) and are kept once; a copy that differs, rows in
// another order, or networks that are not HW-NAS-Bench's sample are errors
// naming the file, line and column.
TEST(HelpZoo, CopiedDevicesEqualHwNasBenchAndAreKeptOnce) {
  const DataDir shipped(shipped_data_dir());
  const BenchmarkTable hw = load_nb201_hardware(CsvFile(shipped.locate("nasbench201/hw_cifar10.csv")));
  const BenchmarkTable zoo = load_help_nb201(shipped, hw);
  ASSERT_EQ(zoo.columns.size(), 23u);
  for (const NamedColumn& c : zoo.columns) {
    EXPECT_FALSE(hw.has_column(c.name)) << c.name << " duplicates a HW-NAS-Bench column";
    EXPECT_EQ(c.values.size(), 15625u);
  }
  EXPECT_EQ(zoo.columns.front().name, "1080ti_1_latency");
  EXPECT_EQ(zoo.column("1080ti_1_latency").values[0], 10.75437068939209);  // the file's first value, bit for bit
  EXPECT_EQ(zoo.column("pixel2_latency").values[0], 9.0);                   // a phone: whole milliseconds
  // The copied columns, read straight from HELP's file, equal HW-NAS-Bench's everywhere.
  const CsvFile raw(shipped.locate("help/nb201_latency.csv"));
  for (const char* device : kHelpCopiedDevices) {
    const std::size_t col = std::find(raw.header().begin(), raw.header().end(), device) - raw.header().begin();
    ASSERT_LT(col, raw.header().size());
    const auto& ours = hw.column(std::string(device) + "_latency").values;
    for (std::size_t r = 0; r < raw.rows(); ++r) ASSERT_EQ(raw.number(r, col), ours[r]) << device << " row " << r;
  }
  ScratchDir dir("help");
  const std::string good = test::read_file(shipped.locate("help/nb201_latency.csv"));
  // Row 1's pixel3 value (HELP's column 14) changed: the copy no longer equals HW-NAS-Bench's.
  std::string changed = good;
  std::size_t at = changed.find('\n') + 1;
  for (int c = 0; c < 14; ++c) at = changed.find(',', at) + 1;
  changed.insert(at, "1");
  expect_input_error([&] { load_help_nb201(CsvFile(dir.write("changed.csv", changed)), hw); },
                     {"changed.csv:2:15 (pixel3)", "differs from", "pixel3_latency", "rows out of order"});
  // Two rows swapped.
  const std::size_t a = good.find('\n') + 1, b = good.find('\n', a) + 1, e = good.find('\n', b) + 1;
  const std::string swapped = good.substr(0, a) + good.substr(b, e - b) + good.substr(a, b - a) + good.substr(e);
  expect_input_error([&] { load_help_nb201(CsvFile(dir.write("swapped.csv", swapped)), hw); }, {"swapped.csv:2:1 (index)"});
  // FBNet: the same 5000 networks as HW-NAS-Bench's sample, the copies equal.
  const BenchmarkTable samples = load_fbnet_cifar100_samples(shipped);
  const BenchmarkTable fbnet = load_help_fbnet(shipped, samples);
  EXPECT_EQ(fbnet.columns.size(), 23u);
  EXPECT_EQ(fbnet.choices, samples.choices);
  EXPECT_TRUE(fbnet.has_column("titan_rtx_64_latency"));
  EXPECT_FALSE(fbnet.has_column("titan_rtx_256_latency"));
  std::string other = test::read_file(shipped.locate("help/fbnet_cifar100_latency.csv"));
  const std::size_t layer0 = other.find('\n') + 3;  // row 0's "0," then layer0
  other[layer0] = other[layer0] == '1' ? '2' : '1';
  expect_input_error([&] { load_help_fbnet(CsvFile(dir.write("other.csv", other)), samples); },
                     {"other.csv:2:2 (layer0)", "disagree on the networks"});
}

// Rows swapped consistently in every file of a user's data directory pass every
// per-file check; the index order itself is checked against NAS-Bench-201's.
TEST(Loaders, ConsistentlySwappedRowsInAUserDirectoryAreRefused) {
  ScratchDir dir("swapped");
  for (const char* file : {"nasbench201/accuracy.csv", "nasbench201/hw_cifar10.csv"}) {
    std::string text = test::read_file(shipped_data_dir() / file);
    // Swap the arch strings of rows 1 and 2, keeping the index column.
    std::vector<std::string> lines;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    auto arch_of = [](const std::string& line) { return line.substr(line.find(',') + 1, line.find(',', line.find(',') + 1) - line.find(',') - 1); };
    const std::string a = arch_of(lines[2]), b = arch_of(lines[3]);
    lines[2].replace(lines[2].find(a), a.size(), b);
    lines[3].replace(lines[3].find(b), b.size(), a);
    text.clear();
    for (const auto& line : lines) text += line + "\n";
    dir.write(file, text);
  }
  for (const char* file : {"nasbench201/flops_cifar10.csv", "nasbench201/params_cifar10.csv"}) {
    dir.write(file, test::read_file(shipped_data_dir() / file));
  }
  expect_input_error([&] { load_nb201(DataDir(dir.path()), {"cifar10"}); },
                     {(dir.path() / "nasbench201/accuracy.csv").string() + ":3:2 (arch_str)", "official index order"});
}

TEST(DataDir, OptionThenEnvironmentThenDefault) {
  ScratchDir dir("datadir");
  dir.write("nasbench201/hw_cifar10.csv", "x");
  dir.write("nasbench201/accuracy.csv", "x");
  EXPECT_EQ(resolve_data_dir(dir.path().string()).root(), dir.path());
  ::setenv("HWNAS_DATA_DIR", dir.path().c_str(), 1);
  EXPECT_EQ(resolve_data_dir(std::nullopt).root(), dir.path());
  ::unsetenv("HWNAS_DATA_DIR");
  // Neither: the copy shipped in the repository, verified by its manifest.
  const DataDir shipped = resolve_data_dir(std::nullopt);
  EXPECT_EQ(shipped.root(), shipped_data_dir());
  EXPECT_TRUE(shipped.has_manifest());
  EXPECT_TRUE(shipped.has("nasbench201/accuracy.csv"));
  expect_input_error([&] { resolve_data_dir((dir.path() / "empty").string()); },
                     {"no benchmark data", "--data-dir", "hw_cifar10", "leave out --data-dir"});
}

}  // namespace
}  // namespace hwnas

namespace hwnas {
namespace {

// The copy shipped in the repository holds exactly the reference data, file by
// file, whenever ../shared/benchmark_data is beside the checkout.
TEST(ShippedData, EqualsTheReferenceCopyFileByFile) {
  const std::filesystem::path reference = HWNAS_REFERENCE_DATA_DIR;
  if (!std::filesystem::exists(reference / "nasbench201")) GTEST_SKIP() << "no reference data at " << reference;
  const DataDir shipped(shipped_data_dir());
  ASSERT_TRUE(shipped.has_manifest());
  std::size_t compared = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(reference)) {
    if (entry.path().extension() != ".csv") continue;
    const std::string relative = std::filesystem::relative(entry.path(), reference).generic_string();
    ASSERT_TRUE(shipped.manifest().count(relative)) << relative << " is not shipped";
    EXPECT_TRUE(shipped.read(relative).view() == read_data_file(entry.path())) << relative << " differs from the reference";
    ++compared;
  }
  EXPECT_EQ(compared, shipped.manifest().size());
  EXPECT_EQ(compared, 10u);
}

TEST(ShippedData, CorruptedOrTruncatedCopyIsAnErrorNamingTheFile) {
  ScratchDir dir("shipped_corrupt");
  const std::string manifest = test::read_file(shipped_data_dir() / "MANIFEST.csv");
  const std::string gz = test::gzip(test::read_file(shipped_data_dir() / "fbnet" / "op_lut.csv"));
  dir.write("MANIFEST.csv", manifest);
  // A truncated gzip stream.
  const auto cut = dir.write("fbnet/op_lut.csv.gz", gz.substr(0, gz.size() / 2));
  const DataDir d(dir.path());
  expect_input_error([&] { d.read("fbnet/op_lut.csv"); }, {cut.string(), "truncated"});
  // The whole stream is read as the plain file it compresses.
  const auto whole = dir.write("fbnet/op_lut.csv.gz", gz);
  EXPECT_EQ(d.read("fbnet/op_lut.csv").view(), test::read_file(shipped_data_dir() / "fbnet" / "op_lut.csv"));
  // A plain file whose content is not what the manifest lists.
  std::string csv = read_data_file(shipped_data_dir() / "fbnet" / "op_lut.csv");
  std::filesystem::remove(whole);
  csv[csv.size() - 3] = csv[csv.size() - 3] == '1' ? '2' : '1';  // one digit of the last number
  const auto changed = dir.write("fbnet/op_lut.csv", csv);
  expect_input_error([&] { d.read("fbnet/op_lut.csv"); }, {changed.string(), "corrupted", "CRC-32", "MANIFEST.csv"});
  // A file the manifest does not list cannot be verified.
  dir.write("fbnet/extra.csv", "a\n1\n");
  expect_input_error([&] { d.read("fbnet/extra.csv"); }, {"extra.csv", "not listed"});
}

TEST(DataFiles, OnlyRegularBoundedFilesAreRead) {
  ScratchDir dir("irregular");
  std::filesystem::create_directories(dir.path() / "adir");
  expect_input_error([&] { read_data_file(dir.path() / "adir"); }, {"adir", "is a directory"});
  expect_input_error([&] { read_data_file("/dev/zero"); }, {"/dev/zero", "not a regular file"});
  const auto fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_input_error([&] { read_data_file(fifo); }, {"fifo", "not a regular file"});  // never blocks
  std::filesystem::create_symlink(dir.path() / "loop", dir.path() / "loop");
  expect_input_error([&] { read_data_file(dir.path() / "loop"); }, {"loop", "cannot open"});
  const auto bom = dir.write("bom.csv", "\xEF\xBB\xBFindex,params_mb\n0,1\n");
  expect_input_error([&] { load_nb201_params(CsvFile(bom)); }, {"bom.csv:1", "byte-order mark"});
  const auto no_newline = dir.write("cut.csv", "index,params_mb\n0,1.2");
  expect_input_error([&] { load_nb201_params(CsvFile(no_newline)); }, {"cut.csv", "newline", "truncated"});
  const std::string lut_header = "op_key,edgegpu_latency,edgegpu_energy,raspi4_latency,pixel3_latency,eyeriss_latency,"
                                 "eyeriss_energy,fpga_latency,fpga_energy\n";
  const auto absurd = dir.write("absurd.csv", lut_header + "FC_Cin1_Cout1,1,1,1e308,1,1,1,1,1\n");
  expect_input_error([&] { load_fbnet_lut(CsvFile(absurd)); }, {"absurd.csv:2:4 (raspi4_latency)", "1e308"});
  const auto twice = dir.write("twice.csv", lut_header + "FC_Cin1_Cout1,1,1,1,1,1,1,1,1\nFC_Cin1_Cout1,1,1,1,1,1,1,1,1\n");
  expect_input_error([&] { load_fbnet_lut(CsvFile(twice)); }, {"twice.csv:3:1 (op_key)", "appears twice"});
}

}  // namespace
}  // namespace hwnas
