"""The hwnas engine from Python: spaces, costs, commands and Python-side searchers."""
import json
import subprocess

import numpy as np
import pytest

import hwnas
from conftest import HWNAS_BIN, reference_csv


@pytest.fixture(scope="module")
def nb201():
    return hwnas.Benchmark("nb201", "cifar10")


def cli_json(*args):
    return json.loads(subprocess.run([HWNAS_BIN, *args, "--json"], check=True, capture_output=True, text=True).stdout)


def test_space_encodes_decodes_samples_and_mutates(nb201):
    space = nb201.space
    assert (space.name, space.num_decisions, space.size) == ("nb201", 6, 15625)
    assert [space.num_choices(d) for d in range(6)] == [5] * 6
    assert space.choice_name(0, 3) == "nor_conv_3x3"
    rows = reference_csv("nasbench201/hw_cifar10.csv")
    for index in (0, 1, 777, 15624):
        arch = space.at(index)
        assert space.index(arch) == index
        assert space.to_string(arch) == rows[index]["arch_str"]
        assert space.parse(rows[index]["arch_str"]) == arch
    a, b = hwnas.Rng(3), hwnas.Rng(3)
    draws = [space.sample(a) for _ in range(5)]
    assert draws == [space.sample(b) for _ in range(5)]  # the seed decides
    assert len(set(draws)) > 1
    for arch in draws:
        child = space.mutate(arch, a)
        assert sum(x != y for x, y in zip(arch, child)) == 1


def test_bad_architectures_are_value_errors(nb201):
    space = nb201.space
    for bad in ([0] * 5, [0, 0, 0, 0, 0, 5], [-1, 0, 0, 0, 0, 0]):
        with pytest.raises(ValueError):
            space.index(bad)
    with pytest.raises(ValueError):
        space.at(15625)
    with pytest.raises(ValueError):
        space.parse("|conv~0|")
    with pytest.raises(ValueError):
        nb201.cost([0] * 6, "mars_latency")
    with pytest.raises(ValueError):
        hwnas.Benchmark("nb201", "mnist")
    fbnet = hwnas.Benchmark("fbnet", "cifar100")
    assert fbnet.space.size is None
    with pytest.raises(ValueError):
        fbnet.space.index([0] * 22)
    with pytest.raises(ValueError):
        fbnet.cost_column("fpga_latency")


def test_cost_columns_are_read_only_views_of_the_benchmark(nb201):
    column = nb201.cost_column("edgegpu_latency")
    assert column.shape == (15625,) and column.dtype == np.float64
    assert not column.flags.writeable
    assert np.shares_memory(column, nb201.cost_column("edgegpu_latency"))  # the same memory: no copy
    rows = reference_csv("nasbench201/hw_cifar10.csv")
    assert np.array_equal(column, np.array([float(r["edgegpu_latency"]) for r in rows]))
    tpu = nb201.cost_column("edgetpu_latency")
    assert int(np.isnan(tpu).sum()) == 4699  # upstream's -1 (missing) is NaN here
    assert nb201.cost(nb201.space.at(int(np.flatnonzero(np.isnan(tpu))[0])), "edgetpu_latency") is None
    del nb201  # the view keeps the benchmark alive
    assert column[0] == float(rows[0]["edgegpu_latency"])


def test_accuracy_and_complexity(nb201):
    arch = nb201.space.at(0)
    acc = nb201.accuracy(arch)
    row = reference_csv("nasbench201/accuracy.csv")[0]
    for name in ("cifar10_valid12", "cifar10_valid200", "cifar10_test200"):
        assert acc[name] == float(row[name])
    flops = reference_csv("nasbench201/flops_cifar10.csv")[0]
    c = nb201.complexity(arch)
    assert c["flops_m"] == pytest.approx(float(flops["flops_m"]), rel=1e-9)
    assert c["params_m"] == pytest.approx(float(flops["params_m"]), rel=1e-9)


def test_search_returns_what_the_command_line_prints():
    options = ["--device", "pixel3", "--limit", "5", "--seeds", "5", "--budget-queries", "200"]
    got = hwnas.search("rea", device="pixel3", limit=5, seeds=5, budget_queries=200)
    assert got == cli_json("search", "--searcher", "rea", *options)
    pareto = hwnas.search("nsga2", problem="c10mop5", seeds=2, budget_queries=100)
    assert pareto == cli_json("search", "--searcher", "nsga2", "--problem", "c10mop5", "--seeds", "2", "--budget-queries", "100")
    assert 0 < pareto["mean_hv_fraction"] <= 1


def test_bad_options_raise_the_command_lines_message():
    cli = subprocess.run([HWNAS_BIN, "search", "--device", "mars", "--limit", "3"], capture_output=True, text=True)
    assert cli.returncode == 2
    with pytest.raises(ValueError) as error:
        hwnas.search(device="mars", limit=3)
    # The C++ InputError itself, translated: the CLI's line is the same message after its "hwnas: " prefix.
    assert "hwnas: " + str(error.value) == cli.stderr.strip()
    with pytest.raises(ValueError):
        hwnas.search(seeds=0)
    # A CLI11 parse error is the same kind of refusal.
    with pytest.raises(ValueError, match="budget-queries"):
        hwnas.search(budget_queries="many")
    with pytest.raises(ValueError):
        hwnas.search(no_such_option=1)


def python_random_search(space, evaluator, rng):
    while not evaluator.exhausted():
        evaluator.evaluate(space.sample(rng))


def test_a_python_searcher_runs_under_the_same_rules_as_the_built_in_ones():
    # The same algorithm in Python and in C++ gives the same runs: same budget, cache, trajectory, ground truth.
    options = dict(device="edgegpu", limit=4, seeds=4, budget_seconds=3000)
    mine = hwnas.search(python_random_search, **options)
    builtin = hwnas.search("random", **options)
    assert mine["searcher"] == "python_random_search"
    del mine["searcher"], builtin["searcher"]
    assert mine == builtin
    pareto = dict(objectives=["error", "edgegpu_latency"], seeds=3, budget_queries=150)
    mine, builtin = hwnas.search(python_random_search, **pareto), hwnas.search("random", **pareto)
    assert mine["runs"] == builtin["runs"]


def test_a_python_searcher_sees_the_evaluations():
    seen = []

    def local_search(space, evaluator, rng):
        best = space.sample(rng)
        best_eval = evaluator.evaluate(best)
        while not evaluator.exhausted():
            child = space.mutate(best, rng)
            e = evaluator.evaluate(child)
            seen.append(e)
            if e.score > best_eval.score:
                best, best_eval = child, e
        assert evaluator.seen(best)

    result = hwnas.search(local_search, device="fpga", limit=3, seeds=2, budget_queries=100)
    # Hill climbing without restarts stops once its neighbours only repeat (the evaluator's rule for every searcher).
    assert all(1 < r["queries"] <= 100 for r in result["runs"])
    assert len(seen) >= sum(r["queries"] for r in result["runs"]) - 2
    assert all(isinstance(e.signal, float) and (e.cost is None or e.cost > 0) for e in seen)
    assert all(e.feasible == (e.cost is not None and e.cost <= 3) for e in seen)


def test_a_python_searchers_exception_reaches_the_caller_and_kept_objects_fail_cleanly():
    kept = []

    def failing(space, evaluator, rng):
        kept.append(evaluator)
        evaluator.evaluate(space.sample(rng))
        raise KeyError("from the searcher")

    with pytest.raises(KeyError, match="from the searcher"):
        hwnas.search(failing, seeds=2, budget_queries=10)
    with pytest.raises(ValueError, match="ended"):
        kept[0].evaluate([0] * 6)
    # The name is free again, and a later search works.
    assert hwnas.search(python_random_search, seeds=1, budget_queries=5)["runs"][0]["queries"] == 5


def test_compare_with_a_python_searcher_and_analyze_return_their_tables(tmp_path):
    result = hwnas.compare(out=str(tmp_path / "cmp"), searchers=["random", python_random_search], devices="edgegpu",
                           limits="edgegpu:4.0", seeds=5, budget_queries=50)
    summary = {row["searcher"]: row for row in result["summary"]}
    assert set(summary) == {"random", "python_random_search"}
    for key in ("mean_test_acc", "mean_regret", "feasible_rate"):
        assert summary["random"][key] == summary["python_random_search"][key]
    assert len(result["runs"]) == 10 and (tmp_path / "cmp" / "summary.csv").exists()
    analysis = hwnas.analyze(space="fbnet", dataset="cifar100", samples=200, seed=1, devices="hw-nas-bench")
    assert {"networks", "cross_device_kendall", "flops_params_vs_cost"} <= set(analysis)
    assert len(analysis["networks"]) == 200
    # With HELP's zoo (the default, all devices) the networks are the 5000 HELP measured.
    zoo = hwnas.analyze(space="fbnet", dataset="cifar100", devices="pixel3,titan_rtx_64")
    assert len(zoo["networks"]) == 5000
    assert [row["metric"] for row in zoo["flops_params_vs_cost"]] == ["pixel3_latency", "titan_rtx_64_latency"]
    kendall = {row["metric"]: row for row in analysis["flops_params_vs_cost"]}
    assert -1 <= kendall["fpga_latency"]["kendall_tau_flops"] <= 1


def test_query_returns_the_json_of_the_command_line():
    got = hwnas.query(space="nb201", dataset="cifar10", index=0)
    assert got == cli_json("query", "--space", "nb201", "--dataset", "cifar10", "--index", "0")


def readme_python_examples():
    """The README's ```python blocks, each with the plain block right after it (its printed output), if any."""
    import re
    from pathlib import Path
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    start = text.index("\n## Python\n")
    section = text[start:text.index("\n## ", start + 1)]
    return re.findall(r"```python\n(.*?)```\n(?:```\n(.*?)```\n)?", section, flags=re.S)


def test_the_readme_python_examples_run_and_print_what_the_readme_shows():
    import contextlib
    import io
    examples = readme_python_examples()
    assert len(examples) >= 3
    for code, expected in examples:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "README.md", "exec"), {})
        if expected:
            assert printed.getvalue() == expected


def test_a_command_started_inside_a_python_searcher_is_refused_not_a_deadlock():
    def nested(space, evaluator, rng):
        hwnas.search("random", seeds=1, budget_queries=5)

    with pytest.raises(ValueError, match="cannot start another hwnas command"):
        hwnas.search(nested, seeds=1, budget_queries=5)


def test_odd_arguments_raise_instead_of_crashing(nb201):
    space = nb201.space
    for call in (lambda: space.index("abc"), lambda: space.at(10**30), lambda: space.num_choices(99),
                 lambda: space.choice_name(0, 9), lambda: hwnas.Rng(1).below(0), lambda: nb201.cost_column("nope"),
                 lambda: hwnas.search(seeds=10**30), lambda: hwnas.search(searcher=42), lambda: hwnas.analyze(space="mars")):
        with pytest.raises((ValueError, TypeError, OverflowError)):
            call()


def test_predict_from_python(tmp_path, nb201):
    space = nb201.space
    fpga = nb201.cost_column("fpga_latency")
    sample = tmp_path / "mine.csv"
    with open(sample, "w") as f:
        f.write("index,arch_str,mine_latency\n")
        for i in range(0, 15625, 97):
            f.write(f"{i},{space.to_string(space.at(i))},{2 * fpga[i] + 1!r}\n")
    result = hwnas.predict(cost_table=str(sample), out=str(tmp_path / "full.csv"), method="best_known_device")
    assert "fpga_latency" in result["text"]
    # The written table reads back as a cost table.
    got = hwnas.query(space="nb201", dataset="cifar10", index=5, cost_table=str(tmp_path / "full.csv"))
    assert got["metrics"]["mine_latency"] == pytest.approx(2 * fpga[5] + 1, rel=1e-9)
    with pytest.raises(ValueError, match="LibTorch"):
        hwnas.predict(cost_table=str(sample), out=str(tmp_path / "x.csv"), method="mlp")
    evaluation = hwnas.predict(evaluate=True, seeds=1, ks=[5])
    assert {row["method"] for row in evaluation["evaluation"]} == {"additive", "transfer", "flops", "best_known_device", "gp", "gp_log", "auto"}


def test_a_python_searcher_named_like_a_supernet_searcher_still_runs():
    def fbnet(space, evaluator, rng):
        python_random_search(space, evaluator, rng)

    result = hwnas.search(fbnet, seeds=1, budget_queries=20)
    assert result["searcher"] == "fbnet_2" and result["runs"][0]["queries"] == 20


def test_proxies_come_from_the_registry():
    names = [p["name"] for p in hwnas.proxies()]
    assert names[:3] == ["synflow", "jacov", "naswot"]
    assert {"snip", "grad_norm", "grasp", "fisher", "flops", "params"} <= set(names)
    counted = {p["name"] for p in hwnas.proxies() if not p["runs_network"]}
    assert counted == {"flops", "params"}
    assert next(p for p in hwnas.proxies() if p["name"] == "naswot")["default_batch"] == 128
