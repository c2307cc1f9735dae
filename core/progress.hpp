#pragma once
// A one-line progress bar for long work (supernet training, large sweeps). It
// draws on stderr only when stderr is a terminal, so logs and pipes stay clean.
#include <chrono>
#include <cstddef>
#include <string>

namespace hwnas {

class Progress {
public:
  Progress(std::string label, std::size_t total);
  ~Progress();  // ends the line if anything was drawn
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Marks `done` of `total` units finished; `status` is shown after the bar.
  // Redraws at most ten times a second. Safe to call from one thread only.
  void update(std::size_t done, const std::string& status = "");

private:
  std::string label_;
  std::size_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace hwnas
