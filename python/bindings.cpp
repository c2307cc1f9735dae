// The hwnas Python extension (_hwnas; the package hwnas wraps it). Thin: every
// call goes through the same library code as the command line, and only
// converts types. Errors: InputError -> ValueError (the CLI's message),
// OutputError -> OSError; nothing crashes the interpreter. The GIL is released
// while a command runs.
#include "benchmark/proxies.hpp"
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "benchmark/benchmark.hpp"
#include "cost/table_cost.hpp"
#include "benchmark/upstream_api.hpp"
#include "cli/cli.hpp"
#include "torch/supernet_run.hpp"
#include "cli/torch_commands.hpp"
#include "search/searcher.hpp"

namespace py = pybind11;

namespace hwnas {
namespace {

// Objects a Python searcher is handed for one run (its space, evaluator and
// random stream) live on the C++ stack of that run: once it ends they are
// marked dead, and a kept reference raises instead of touching freed memory.
using Alive = std::shared_ptr<const std::atomic<bool>>;
void check_alive(const Alive& alive, const char* what) {
  if (alive && !alive->load()) throw InputError(std::string(what) + " belonged to a search run that has ended");
}

struct PySpace {
  std::shared_ptr<const Benchmark> owner;  // keeps the space alive (null when borrowed from a run)
  const SearchSpace* space = nullptr;
  Alive alive;
  const SearchSpace& get() const {
    check_alive(alive, "this space");
    return *space;
  }
};

struct PyRng {
  std::shared_ptr<Rng> owned;
  Rng* rng = nullptr;
  Alive alive;
  Rng& get() const {
    check_alive(alive, "this random stream");
    return *rng;
  }
};

struct PyEvaluator {
  Evaluator* evaluator = nullptr;
  const SearchSpace* space = nullptr;
  Alive alive;
  Evaluator& get() const {
    check_alive(alive, "this evaluator");
    return *evaluator;
  }
};

struct PyBenchmark {
  std::shared_ptr<const Benchmark> bench;
};

// A Python sequence of choices -> an Arch of `space`; ValueError naming what is wrong.
Arch to_arch(const SearchSpace& space, const std::vector<std::int64_t>& choices) { return space.from_choices(choices); }

py::tuple to_tuple(const Arch& arch) {
  py::tuple t(arch.size());
  for (std::size_t i = 0; i < arch.size(); ++i) t[i] = py::int_(arch[i]);
  return t;
}

// The command line in this process: run_cli writes to std::cout/std::cerr,
// which are redirected for the call. One command at a time (the streams are
// process-wide); the GIL is released first, so a Python searcher running
// inside the command can take it.
struct CliResult {
  std::string out, err;
};
// hwnas.BudgetExhausted, raised by Evaluator.evaluate once the budget is spent.
// A BaseException like KeyboardInterrupt, not an Exception: a searcher's
// `except Exception:` does not swallow it, so it ends the run.
PyObject* budget_exhausted_type = nullptr;

// Set on a thread while it runs a Python searcher: a command started from
// inside one would wait forever for the command that runs it.
thread_local bool in_python_searcher = false;

CliResult run_command(const std::vector<std::string>& args) {
  if (in_python_searcher) throw InputError("a Python searcher cannot start another hwnas command while it runs");
  static std::mutex one_at_a_time;
  py::gil_scoped_release release;
  const std::lock_guard<std::mutex> lock(one_at_a_time);
  for (const std::string& a : args) {
    // A C command line ends each argument at its first NUL: "nb201\0x" would run as "nb201".
    if (a.find('\0') != std::string::npos) throw InputError("an argument holds a NUL byte: '" + a + "'");
  }
  std::vector<std::string> argv_strings{"hwnas"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  std::ostringstream out, err;
  std::streambuf* old_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* old_err = std::cerr.rdbuf(err.rdbuf());
  try {
    run_command_line(static_cast<int>(argv.size()), argv.data());
  } catch (...) {
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    throw;
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {out.str(), err.str()};
}

// A searcher written in Python: called with (space, evaluator, rng) for each
// seed's run. Holds the function without owning a reference (the Python
// registration object does), so no reference count changes outside the GIL.
// An exception it raises is kept (with the GIL) for the caller to re-raise, and
// ends the command as an internal error.
struct PythonSearcherState {
  PyObject* function = nullptr;
  std::string name;
  py::object error;  // touched only with the GIL held
};

class PythonSearcher final : public Searcher {
public:
  explicit PythonSearcher(std::shared_ptr<PythonSearcherState> state) : state_(std::move(state)) {}
  std::string name() const override { return state_->name; }
  void run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) override {
    auto alive = std::make_shared<std::atomic<bool>>(true);
    bool failed = false, exhausted = false;
    {
      py::gil_scoped_acquire gil;
      in_python_searcher = true;
      try {
        py::handle fn(state_->function);
        fn(PySpace{nullptr, &space, alive}, PyEvaluator{&evaluator, &space, alive}, PyRng{nullptr, &rng, alive});
      } catch (py::error_already_set& e) {
        if (e.matches(budget_exhausted_type)) {
          exhausted = true;  // the evaluator refused a query past the budget: the run ends as it stands
        } else {
          if (!state_->error) state_->error = e.value();
          failed = true;
        }
      }
      in_python_searcher = false;
      alive->store(false);
    }
    if (exhausted) throw BudgetExhausted();
    if (failed) throw std::runtime_error("the Python searcher '" + state_->name + "' raised an exception");
  }

private:
  std::shared_ptr<PythonSearcherState> state_;
};

struct PyRegistration {
  std::shared_ptr<PythonSearcherState> state;
  py::object function;  // the reference state->function borrows
  std::unique_ptr<SearcherRegistration> registration;
};

}  // namespace
}  // namespace hwnas

using namespace hwnas;

namespace {

// hwnas.BudgetExhausted, and the C++ error types as Python's.
void bind_errors(py::module_& m) {
  budget_exhausted_type =
      py::register_exception<BudgetExhausted>(m, "BudgetExhausted", PyExc_BaseException).ptr();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const OutputError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const std::logic_error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });

}

// The LibTorch work this module does not load.
void refuse_torch_work() {
  // Supernet training needs LibTorch, which this module does not load: say so.
  torch_commands().supernet_search = [](const SupernetSearchOptions&, const std::string& searcher,
                                        const DataDir&) -> SupernetSearchOutput {
    throw InputError("--searcher " + searcher + " trains a supernet with LibTorch: run it from the command line (hwnas search)");
  };
  torch_commands().supernet_accuracy = [](const std::filesystem::path&, const SearchSpace&,
                                          std::shared_ptr<const AccuracySource>) -> std::shared_ptr<AccuracySource> {
    throw InputError("--accuracy-from loads a supernet with LibTorch: run it from the command line (hwnas search)");
  };

}

// Rng, Space, Evaluation and Evaluator: what a Python searcher is handed.
void bind_engine(py::module_& m) {
  py::class_<PyRng>(m, "Rng", "A seeded random stream (xoshiro256**), the one every hwnas searcher draws from.")
      .def(py::init([](std::uint64_t seed, std::uint64_t stream) {
             auto rng = std::make_shared<Rng>(seed, stream);
             return PyRng{rng, rng.get(), nullptr};
           }),
           py::arg("seed"), py::arg("stream") = 0)
      .def("below", [](const PyRng& r, std::uint64_t n) {
            if (n == 0) throw InputError("below(n) needs n >= 1");
            return r.get().below(n);
          }, py::arg("n"), "A uniform integer in [0, n).")
      .def("uniform", [](const PyRng& r) { return r.get().uniform(); }, "A uniform float in [0, 1).")
      .def("normal", [](const PyRng& r) { return r.get().normal(); }, "A standard normal float.");

  py::class_<PySpace>(m, "Space", "A search space: categorical decisions; architectures are tuples of choice indices.")
      .def_property_readonly("name", [](const PySpace& s) { return s.get().name(); })
      .def_property_readonly("num_decisions", [](const PySpace& s) { return s.get().num_decisions(); })
      .def_property_readonly("size", [](const PySpace& s) -> py::object {
            const auto n = s.get().cardinality();
            return n ? py::object(py::int_(*n)) : py::none();
          }, "Number of architectures, or None where the space is not enumerable.")
      .def("num_choices", [](const PySpace& s, std::size_t d) {
            if (d >= s.get().num_decisions()) throw InputError("decision " + std::to_string(d) + " is out of range");
            return s.get().num_choices(d);
          }, py::arg("decision"))
      .def("choice_name", [](const PySpace& s, std::size_t d, int c) {
            if (d >= s.get().num_decisions() || c < 0 || c >= s.get().num_choices(d)) throw InputError("no such decision or choice");
            return s.get().choice_name(d, c);
          }, py::arg("decision"), py::arg("choice"))
      .def("to_string", [](const PySpace& s, const std::vector<std::int64_t>& a) { return s.get().to_string(to_arch(s.get(), a)); },
           py::arg("arch"), "The architecture's text (NB201: the official arch string).")
      .def("parse", [](const PySpace& s, const std::string& text) { return to_tuple(s.get().parse(text)); }, py::arg("text"))
      .def("index", [](const PySpace& s, const std::vector<std::int64_t>& a) {
            const Arch arch = to_arch(s.get(), a);
            return s.get().index(arch);  // InputError for a space without an index
          }, py::arg("arch"))
      .def("at", [](const PySpace& s, long long i) { return to_tuple(s.get().at_user_index(i)); }, py::arg("index"))
      .def("sample", [](const PySpace& s, const PyRng& r) { return to_tuple(s.get().sample(r.get())); }, py::arg("rng"),
           "A uniformly random architecture.")
      .def("mutate", [](const PySpace& s, const std::vector<std::int64_t>& a, const PyRng& r) {
            return to_tuple(s.get().mutate(to_arch(s.get(), a), r.get()));
          }, py::arg("arch"), py::arg("rng"), "One uniformly chosen decision changed to another choice.");

  py::class_<Evaluation>(m, "Evaluation", "The answer to one query.")
      .def_readonly("signal", &Evaluation::signal, "search accuracy (e.g. 12-epoch validation), %")
      .def_readonly("cost", &Evaluation::cost, "cost on the constrained device and metric, or None")
      .def_readonly("feasible", &Evaluation::feasible)
      .def_readonly("score", &Evaluation::score, "the constrained objective's value (what single-objective searchers maximise)")
      .def_property_readonly("objectives", [](const Evaluation& e) { return std::vector<double>(e.objectives.begin(), e.objectives.end()); },
                             "a Pareto search's objective values (all minimised); empty otherwise")
      .def("__repr__", [](const Evaluation& e) {
        std::ostringstream s;
        s << "Evaluation(signal=" << e.signal << ", feasible=" << (e.feasible ? "True" : "False") << ", score=" << e.score << ")";
        return s.str();
      });

  py::class_<PyEvaluator>(m, "Evaluator",
                          "hwnas's evaluator for one run: charges the budget, answers repeats free, records the trajectory.")
      .def("evaluate", [](const PyEvaluator& e, const std::vector<std::int64_t>& a) {
            Evaluator& ev = e.get();
            return ev.evaluate(to_arch(*e.space, a));
          }, py::arg("arch"),
           "Queries `arch` (charged the first time only). Once exhausted() is True it raises BudgetExhausted "
           "(a BaseException), which ends the run with the queries made so far.")
      .def("exhausted", [](const PyEvaluator& e) { return e.get().exhausted(); }, "True once the budget is spent.")
      .def("seen", [](const PyEvaluator& e, const std::vector<std::int64_t>& a) { return e.get().seen(to_arch(*e.space, a)); },
           py::arg("arch"), "True when `arch` was queried before.");

}

// Benchmark: one space on one dataset, its columns as NumPy arrays.
void bind_benchmark(py::module_& m) {
  py::class_<PyBenchmark>(m, "Benchmark", "One space of HW-NAS-Bench on one dataset: costs, accuracies, FLOPs.")
      .def(py::init([](const std::string& space, const std::string& dataset, std::optional<std::string> data_dir,
                       const std::string& cost_dataset) {
             py::gil_scoped_release release;
             return PyBenchmark{load_benchmark(resolve_data_dir(data_dir), space, dataset, cost_dataset)};
           }),
           py::arg("space") = "nb201", py::arg("dataset") = "cifar10", py::arg("data_dir") = py::none(),
           py::arg("cost_dataset") = "")
      .def_property_readonly("space", [](const PyBenchmark& b) { return PySpace{b.bench, &b.bench->space(), nullptr}; })
      .def_property_readonly("dataset", [](const PyBenchmark& b) { return b.bench->dataset(); })
      .def("cost_keys", [](const PyBenchmark& b) {
            std::vector<std::string> names;
            for (const CostKey& k : b.bench->cost().keys()) names.push_back(k.name());
            return names;
          }, "The cost columns, e.g. edgegpu_latency.")
      .def("cost", [](const PyBenchmark& b, const std::vector<std::int64_t>& a, const std::string& key) {
            const CostKey k = CostKey::parse(key);
            if (!b.bench->cost().has(k)) throw InputError("no cost column '" + key + "' for " + b.bench->space().name());
            return b.bench->cost().cost(to_arch(b.bench->space(), a), k);
          }, py::arg("arch"), py::arg("key"), "The cost, or None where the benchmark has none.")
      .def("cost_column", [](py::object self, const std::string& key) {
            const PyBenchmark& b = self.cast<const PyBenchmark&>();
            const CostKey k = CostKey::parse(key);
            if (!b.bench->cost().has(k)) throw InputError("no cost column '" + key + "' for " + b.bench->space().name());
            const std::vector<double>* column = b.bench->cost().index_column(k);
            if (!column) throw InputError(b.bench->space().name() + " costs are computed per network, not stored as columns");
            // A read-only view of the benchmark's own column, kept alive by this Benchmark: no copy.
            py::array_t<double> view({static_cast<py::ssize_t>(column->size())}, {static_cast<py::ssize_t>(sizeof(double))},
                                     column->data(), self);
            view.attr("flags").attr("writeable") = false;
            return view;
          }, py::arg("key"), "The whole column in index order as a read-only NumPy array (NaN = missing), without a copy.")
      .def("accuracy", [](const PyBenchmark& b, const std::vector<std::int64_t>& a) {
            py::dict d;
            for (const auto& [name, value] : b.bench->accuracy_columns(to_arch(b.bench->space(), a))) d[py::str(name)] = value;
            return d;
          }, py::arg("arch"), "Every accuracy the benchmark has for `arch` (name -> %).")
      .def("complexity", [](const PyBenchmark& b, const std::vector<std::int64_t>& a) {
            const Complexity c = b.bench->complexity(to_arch(b.bench->space(), a));
            py::dict d;
            d["flops_m"] = c.flops_m;
            d["params_m"] = c.params_m;
            return d;
          }, py::arg("arch"));

}

// HW-NAS-Bench's own API, for the HWNASBenchAPI drop-in.
void bind_upstream_api(py::module_& m) {
  py::class_<UpstreamApi>(m, "_UpstreamApi")
      .def(py::init([](std::optional<std::string> data_dir, const std::string& search_space) {
             return std::make_unique<UpstreamApi>(resolve_data_dir(data_dir), search_space);
           }))
      .def("is_nb201", [](const UpstreamApi& api) { return api.space() == UpstreamApi::Space::nasbench201; })
      .def("query_nb201", [](const UpstreamApi& api, long long i, const std::string& d) {
            py::dict r;
            for (const auto& [k, v] : api.query_nb201(i, d)) r[py::str(k)] = v;
            return r;
          })
      .def("query_fbnet", [](const UpstreamApi& api, const std::vector<std::int64_t>& blocks, const std::string& d) {
            py::dict r;
            for (const auto& [k, v] : api.query_fbnet(blocks, d)) r[py::str(k)] = v;
            return r;
          })
      .def("nb201_net_config", [](const UpstreamApi& api, long long i, const std::string& d) {
            const Nb201NetConfig c = api.nb201_net_config(i, d);
            py::dict r;
            r["name"] = c.name;
            r["C"] = c.C;
            r["N"] = c.N;
            r["arch_str"] = c.arch_str;
            r["num_classes"] = c.num_classes;
            return r;
          })
      .def("fbnet_net_config", [](const UpstreamApi& api, py::list blocks, const std::string& d) {
            const FbnetNetConfig c = api.fbnet_net_config(blocks.cast<std::vector<std::int64_t>>(), d);
            py::dict r;
            r["dataset"] = c.dataset;
            r["num_classes"] = c.num_classes;
            r["op_idx_list"] = blocks;  // upstream returns the list it was given
            r["arch_str"] = c.arch_str;
            return r;
          })
      .def("op_lookup_tables", [](const UpstreamApi& api) {
            py::dict r;
            for (const auto& [metric, table] : api.op_lookup_tables()) {
              py::dict t;
              for (const auto& [key, value] : table) t[py::str(key)] = value;
              r[py::str(metric)] = t;
            }
            return r;
          });

}

// The commands, the searcher registry and Python searchers' registration.
void bind_commands(py::module_& m) {
  m.def("_run_cli", [](const std::vector<std::string>& args) {
    const CliResult r = run_command(args);
    return py::make_tuple(py::bytes(r.out), py::bytes(r.err));
  }, "Runs `hwnas ARGS...` in this process: (stdout bytes, stderr bytes); the command's own exception otherwise "
     "(ValueError for bad input, OSError for a file that could not be written, RuntimeError for anything else).");

  m.def("searchers", [] {
    py::list out;
    for (const SearcherInfo& e : searchers().entries()) {
      py::dict d;
      d["name"] = e.name;
      d["description"] = e.description;
      d["supernet"] = e.supernet;
      out.append(d);
    }
    return out;
  }, "Every searcher hwnas knows (its registry): [{name, description, supernet}], Python ones registered now included.");

  m.def("proxies", [] {
    py::list out;
    for (const ProxyKind& e : proxies().entries()) {
      py::dict d;
      d["name"] = e.name;
      d["description"] = e.description;
      d["runs_network"] = e.runs_network;
      d["reads_images"] = e.reads_images;
      d["default_batch"] = e.default_batch;
      d["reference"] = e.reference;
      out.append(d);
    }
    return out;
  }, "Every zero-cost proxy hwnas knows (its registry): [{name, description, runs_network, reads_images, default_batch, reference}].");

  py::class_<PyRegistration>(m, "_SearcherRegistration")
      .def(py::init([](const std::string& name, py::function fn) {
        // The command line reads these names as the supernet searchers before any registry.
        if (is_supernet_searcher(name)) throw InputError("'" + name + "' names a supernet searcher");
        auto state = std::make_shared<PythonSearcherState>();
        state->function = fn.ptr();
        state->name = name;
        auto r = std::make_unique<PyRegistration>();
        r->state = state;
        r->function = fn;
        r->registration = std::make_unique<SearcherRegistration>(
            SearcherInfo{name, "a searcher written in Python", {}, [state](const SearcherSettings&) {
                           return std::unique_ptr<Searcher>(std::make_unique<PythonSearcher>(state));
                         }});
        return r;
      }))
      .def("close", [](PyRegistration& r) { r.registration.reset(); })
      .def_property_readonly("error", [](const PyRegistration& r) { return r.state->error ? r.state->error : py::object(py::none()); });
}

}  // namespace

PYBIND11_MODULE(_hwnas, m) {
  m.doc() = "hwnas: hardware-aware neural architecture search on HW-NAS-Bench (C++ engine)";
  bind_errors(m);
  refuse_torch_work();
  bind_engine(m);
  bind_benchmark(m);
  bind_upstream_api(m);
  bind_commands(m);
}
