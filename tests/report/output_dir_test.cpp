// OutputDir and AtomicFile, the two things every output goes through: the
// claim and lock of a --out folder, the "replacing" note that names exactly
// the files a run replaced, and the all-or-nothing file.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sys/wait.h>

#include "core/error.hpp"
#include "core/files.hpp"
#include "report/output_dir.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

void write_atomically(const std::filesystem::path& file, const std::string& content) {
  AtomicFile f(file);
  f.stream() << content;
  f.commit();
}

TEST(OutputDir, ReplacedNoteNamesTheFilesReplacedAndNoOthers) {
  const test::ScratchDir scratch("outdir_note");
  const auto dir = scratch.path() / "out";
  {
    OutputDir out(dir);
    write_atomically(out.output("a.csv"), "1\n");
    write_atomically(out.output("b.csv"), "2\n");
    EXPECT_EQ(out.replaced_note(), "");  // a new folder replaces nothing
  }
  scratch.write("out/notes.txt", "the user's own file\n");
  OutputDir again(dir);
  write_atomically(again.output("b.csv"), "3\n");
  write_atomically(again.output("c.csv"), "4\n");
  EXPECT_EQ(again.replaced_note(), " (replacing the previous b.csv)");
  EXPECT_EQ(again.written(), (std::vector<std::string>{"b.csv", "c.csv"}));
  EXPECT_EQ(test::read_file(dir / "a.csv"), "1\n");
  EXPECT_EQ(test::read_file(dir / "notes.txt"), "the user's own file\n");
}

TEST(OutputDir, WrittenSummaryGroupsAFigureWithItsDataAndScript) {
  const test::ScratchDir scratch("outdir_summary");
  OutputDir out(scratch.path() / "o");
  for (const char* name : {"summary.csv", "anytime.csv", "anytime.gp", "anytime.png", "anytime.svg", "runs.csv", "summary.csv"}) {
    out.output(name);
  }
  EXPECT_EQ(out.written_summary(), (scratch.path() / "o").string() + ": summary.csv, anytime.{csv,gp,png,svg}, runs.csv");
  EXPECT_THROW(out.output("sub/x.csv"), std::logic_error);  // a writer names files, not paths
}

TEST(OutputDir, IsLockedWhileClaimedAndRefusesAFile) {
  const test::ScratchDir scratch("outdir_lock");
  {
    const OutputDir out(scratch.path() / "d");
    EXPECT_THROW(OutputDir(scratch.path() / "d"), InputError);
  }
  EXPECT_NO_THROW(OutputDir(scratch.path() / "d"));  // released with its holder
  const auto file = scratch.write("plain", "x");
  EXPECT_THROW(OutputDir{file}, InputError);
  EXPECT_THROW(OutputDir(""), InputError);
}

TEST(AtomicFile, TargetChangesOnlyOnCommit) {
  const test::ScratchDir scratch("atomic");
  const auto target = scratch.write("t.csv", "old\n");
  {
    AtomicFile f(target);
    f.stream() << "new, unfinished";
    // Destroyed without commit(), as when an exception unwinds past it.
  }
  EXPECT_EQ(test::read_file(target), "old\n");
  for (const auto& entry : std::filesystem::directory_iterator(scratch.path())) {
    EXPECT_EQ(entry.path().filename(), "t.csv") << "a temporary was left behind";
  }
  write_atomically(target, "new\n");
  EXPECT_EQ(test::read_file(target), "new\n");
  EXPECT_THROW(AtomicFile(scratch.path() / "missing_dir" / "x.csv"), OutputError);
}

// The "replacing" note of a real command lists every file it rewrote: analyze
// writes eight files here, and its note used to name three of them.
TEST(OutputDir, AnalyzeNamesEveryFileItReplaced) {
  const test::ScratchDir scratch("outdir_analyze");
  const std::string cmd = std::string(HWNAS_BIN) + " analyze --space fbnet --dataset cifar100 --samples 50 --out " +
                          (scratch.path() / "a").string() + " 2>&1";
  ASSERT_EQ(std::system((cmd + " > /dev/null").c_str()), 0);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(scratch.path() / "a")) {
    files += entry.path().filename().string()[0] != '.';
  }
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  ASSERT_EQ(WEXITSTATUS(pclose(pipe)), 0) << out;
  const auto note = out.substr(out.find("(replacing the previous "));
  std::size_t named = 1;
  for (const char c : note) named += c == ',';
  EXPECT_GE(files, 8u);
  EXPECT_EQ(named, files) << note;
  for (const char* name : {"report.md", "networks.csv", "cross_device_kendall.png", "flops_params_vs_cost.csv"}) {
    EXPECT_NE(note.find(name), std::string::npos) << name << " missing from " << note;
  }
}

}  // namespace
}  // namespace hwnas
