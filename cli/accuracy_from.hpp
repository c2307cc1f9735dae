#pragma once
// The one reader of --accuracy-from: a trained supernet's checkpoint
// directory, or a zero-cost proxy (benchmark/proxies.hpp's proxy:... forms:
// a table of hwnas proxy, or one proxy computed on demand, with hwnas proxy's
// default settings, and cached so a search never scores a network twice).
// The final accuracy stays the benchmark's (NB201's table) where it has one.
#include <memory>
#include <string>

#include "benchmark/benchmark.hpp"

namespace hwnas {

// InputError for a bad spec or file; an on-demand proxy or a supernet hands
// the command to hwnas-torch when this process has no LibTorch.
std::shared_ptr<const AccuracySource> accuracy_from(const std::string& spec, const Benchmark& bench);

}  // namespace hwnas
