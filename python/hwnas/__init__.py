"""hwnas from Python: the same C++ engine as the `hwnas` command line.

- ``HWNASBenchAPI``: a drop-in replacement for HW-NAS-Bench's own API
  (``from hwnas import HWNASBenchAPI as HWAPI``), answered from hwnas's data.
- ``Benchmark``: one space on one dataset (costs, accuracies, FLOPs); its
  ``space`` encodes, decodes, samples and mutates architectures (tuples of
  choice indices); ``cost_column`` gives a whole cost column as a read-only
  NumPy array without a copy.
- ``search``, ``compare``, ``analyze``, ``query``: the commands, with the
  command line's options as keyword arguments (``budget_queries=300`` is
  ``--budget-queries 300``; ``True`` is a bare flag; a list is joined by
  commas), returning the documented results as dicts. ``search`` and
  ``compare`` also take searchers written in Python: a function
  ``f(space, evaluator, rng)`` runs under hwnas's evaluator, which charges the
  budget, answers repeats free and records the trajectory, exactly as for the
  built-in searchers.

Bad input raises ValueError with the command line's message (the C++
library's InputError, translated, never parsed from text); a file that cannot
be written raises OSError. This package only converts types; every rule lives
in the C++ library.
"""
import csv
import itertools
import json
import operator
import os
import tempfile

from . import _hwnas
from ._hwnas import Benchmark, BudgetExhausted, Evaluation, Evaluator, Rng, Space

__all__ = ["HWNASBenchAPI", "Benchmark", "Space", "Evaluator", "Evaluation", "Rng", "BudgetExhausted",
           "query", "search", "compare", "analyze", "predict", "searchers", "proxies"]


class HWNASBenchAPI:
    """HW-NAS-Bench's ``hw_nas_bench_api.HWNASBenchAPI``, answered by hwnas.

    ``file_path_or_dict``: None (hwnas's own data), a data directory in
    hwnas's format, or the path of upstream's ``HW-NAS-Bench-v1_0.pickle``
    (not read: hwnas's data holds exactly its values, so a script that names it
    runs unchanged). ``search_space``: "nasbench201" or "fbnet".
    """

    def __init__(self, file_path_or_dict=None, search_space="nasbench201"):
        self.search_space = search_space
        self._api = _hwnas._UpstreamApi(_data_dir_of(file_path_or_dict), search_space)

    def query_by_index(self, arch_index, dataname):
        """Every hardware metric of one network, and their product
        ``average_hw_metric``. NB201: ``arch_index`` is the official index,
        ``dataname`` cifar10 | cifar100 | ImageNet16-120. FBNet: a list of 22
        block indices (0..8), ``dataname`` cifar100 | ImageNet."""
        if self._api.is_nb201():
            return self._api.query_nb201(_as_index(arch_index), dataname)
        return self._api.query_fbnet(_as_blocks(arch_index), dataname)

    def get_net_config(self, arch_index, dataname):
        """NB201: ``{'name', 'C', 'N', 'arch_str', 'num_classes'}``; FBNet:
        ``{'dataset', 'num_classes', 'op_idx_list', 'arch_str'}``."""
        if self._api.is_nb201():
            return self._api.nb201_net_config(_as_index(arch_index), dataname)
        return self._api.fbnet_net_config(_as_blocks(arch_index), dataname)

    def get_op_lookup_tables(self):
        """FBNet: metric -> {operator key -> value}, HW-NAS-Bench's own tables."""
        return self._api.op_lookup_tables()


def _data_dir_of(file_path_or_dict):
    if file_path_or_dict is None:
        return None
    if isinstance(file_path_or_dict, dict):
        raise ValueError("hwnas does not read upstream's pickled dictionary: pass None to use hwnas's data "
                         "(the same values) or a data directory")
    path = os.fspath(file_path_or_dict)
    if os.path.isdir(path):
        return path
    if path.endswith(".pickle"):
        return None
    raise ValueError(f"{path!r} is neither a data directory nor upstream's .pickle file")


def _as_index(arch_index):
    try:
        return operator.index(arch_index)
    except TypeError:
        raise ValueError(f"an NB201 arch_index is an integer, got {arch_index!r}") from None


def _as_blocks(arch_index):
    try:
        return [operator.index(b) for b in arch_index]
    except TypeError:
        raise ValueError(f"an FBNet network is a list of 22 block indices, got {arch_index!r}") from None


def searchers():
    """Every searcher hwnas knows, from its registry: a list of
    ``{"name", "description", "supernet"}`` (supernet searchers need LibTorch
    and run from the command line)."""
    return _hwnas.searchers()


def proxies():
    """Every zero-cost proxy hwnas knows, from its registry: a list of
    ``{"name", "description", "runs_network", "reads_images", "default_batch",
    "reference"}``. Tables of them come from ``hwnas proxy`` (the proxies that
    run a network need LibTorch and run from the command line); a table is a
    search signal through ``accuracy_from="proxy:NAME:FILE"``."""
    return _hwnas.proxies()


def _arguments(command, options):
    args = [command]
    for key, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        if value is True:
            args.append(flag)
        elif isinstance(value, (list, tuple)):
            args += [flag, ",".join(str(v) for v in value)]
        else:
            args += [flag, str(value)]
    return args


def _register(function, registrations):
    """Registers a Python searcher under its function's name (made unique)."""
    base = getattr(function, "__name__", "python_searcher")
    for n in itertools.count(1):
        name = base if n == 1 else f"{base}_{n}"
        try:
            registrations.append(_hwnas._SearcherRegistration(name, function))
            return name
        except ValueError:
            continue


def _run(command, options):
    """Runs one command in this process; stdout as text, or the error raised."""
    registrations = []
    try:
        if callable(options.get("searcher")):
            options["searcher"] = _register(options["searcher"], registrations)
        if "searchers" in options and not isinstance(options["searchers"], str):
            options["searchers"] = [_register(s, registrations) if callable(s) else s for s in options["searchers"]]
        if registrations and "threads" not in options:
            options["threads"] = 1  # a Python searcher holds the GIL: more threads only wait
        try:
            out, _ = _hwnas._run_cli(_arguments(command, options))
        except Exception:
            # A Python searcher's own exception is the cause: raise it rather than the command's report of it.
            errors = [r.error for r in registrations if r.error is not None]
            if errors:
                raise errors[0] from None
            raise
    finally:
        for r in registrations:
            r.close()
    return out.decode()


def _value(text):
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _read_outputs(out, text):
    result = {"out": out, "text": text}
    for name in sorted(os.listdir(out)):
        if name.endswith(".csv"):
            with open(os.path.join(out, name), newline="") as f:
                result[name[:-4]] = [{k: _value(v) for k, v in row.items()} for row in csv.DictReader(f)]
    return result


def query(**options):
    """``hwnas query --json``: the result as a dict (see the README's query
    section); with ``archs=FILE`` a list of such dicts, one per architecture in
    the file's order."""
    text = _run("query", dict(options, json=True))
    if options.get("archs") is not None:
        return [json.loads(line) for line in text.splitlines()]
    return json.loads(text)


def search(searcher="rea", **options):
    """``hwnas search --json``: result.json as a dict (schema in the README).

    ``searcher`` is a built-in name or a function ``f(space, evaluator, rng)``
    that queries ``evaluator.evaluate(arch)`` until ``evaluator.exhausted()``;
    a query after that raises ``BudgetExhausted`` (a ``BaseException``), which
    ends the run with the queries it made, so no searcher can overrun its budget.
    Every other option of ``hwnas search`` is a keyword (``device="edgegpu"``,
    ``limit=4``, ``seeds=10``, ``budget_queries=300``, ``objectives=[...]``).
    """
    return json.loads(_run("search", dict(options, searcher=searcher, json=True)))


def compare(out=None, **options):
    """``hwnas compare``: every CSV it writes (summary, runs, anytime, ...) as a
    list of row dicts under its name, with ``out`` (the directory, a new
    temporary one by default: the plots are there) and ``text`` (the printed
    table). ``searchers`` may list functions beside built-in names."""
    out = out or tempfile.mkdtemp(prefix="hwnas-compare-")
    return _read_outputs(out, _run("compare", dict(options, out=out)))


def predict(out=None, **options):
    """``hwnas predict``. With ``evaluate=True``: every CSV it writes as row
    dicts (``evaluation``, ``evaluation_mean``) with ``out`` (a new temporary
    directory by default) and ``text``; the MLP needs LibTorch, which this
    module does not load, so it is left out. Otherwise (``cost_table=`` the
    measured networks, ``out=`` the table to write; ``method`` other than
    ``mlp``): ``{"out", "text"}``."""
    if options.get("evaluate"):
        out = out or tempfile.mkdtemp(prefix="hwnas-predict-")
        return _read_outputs(out, _run("predict", dict(options, out=out)))
    if out is None:
        raise ValueError("predict needs out=: the file to write the predicted table to")
    return {"out": out, "text": _run("predict", dict(options, out=out))}


def analyze(out=None, **options):
    """``hwnas analyze``: every CSV it writes as a list of row dicts under its
    name, with ``out`` (the directory, a new temporary one by default) and
    ``text`` (the printed report)."""
    out = out or tempfile.mkdtemp(prefix="hwnas-analyze-")
    return _read_outputs(out, _run("analyze", dict(options, out=out)))
