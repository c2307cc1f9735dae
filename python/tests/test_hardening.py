"""The Python module used carelessly or on purpose wrongly: budgets no Python
searcher can overrun, misuse that raises the documented exception types, and a
seeded fuzzer of every public function."""
import os
import random

import pytest

import hwnas

ALLOWED = (ValueError, TypeError, OSError)  # the documented ways a call refuses its input


def overrun(space, evaluator, rng):
    """Ignores exhausted(): queries every cell of the space."""
    for i in range(space.size):
        evaluator.evaluate(space.at(i))


def swallow(space, evaluator, rng):
    """Catches every Exception and keeps querying."""
    for i in range(space.size):
        try:
            evaluator.evaluate(space.at(i))
        except Exception:
            pass


def repeat_forever(space, evaluator, rng):
    while True:
        evaluator.evaluate(space.at(0))


def test_a_python_searcher_cannot_overrun_its_budget():
    for searcher in (overrun, swallow):
        r = hwnas.search(searcher, budget_queries=20, seeds=2, device="edgegpu", limit=4.0)
        assert [run["queries"] for run in r["runs"]] == [20, 20]
        r = hwnas.search(searcher, budget_seconds=12000, seeds=1, device="edgegpu", limit=4.0)
        run = r["runs"][0]
        assert 12000 <= run["seconds"] < 12000 + 500 and run["queries"] < 200
    # A run that only repeats ends as for the built-in searchers.
    r = hwnas.search(repeat_forever, budget_queries=50, seeds=1)
    assert r["runs"][0]["queries"] == 1
    # In a comparison it no longer "beats" evolution by querying past the budget.
    c = hwnas.compare(searchers=["rea", overrun], seeds=20, devices="edgegpu", limits="edgegpu:4")
    queries = {row["searcher"]: row["mean_queries"] for row in c["summary"]}
    assert queries["overrun"] < 200


def test_budget_exhausted_is_a_base_exception_that_ends_the_run():
    assert issubclass(hwnas.BudgetExhausted, BaseException)
    assert not issubclass(hwnas.BudgetExhausted, Exception)
    seen = []

    def catches(space, evaluator, rng):
        while True:
            try:
                evaluator.evaluate(space.sample(rng))
            except hwnas.BudgetExhausted:
                seen.append(evaluator.exhausted())
                raise

    r = hwnas.search(catches, budget_queries=7, seeds=1)
    assert r["runs"][0]["queries"] == 7 and seen == [True]


def test_misuse_raises_the_documented_types(tmp_path):
    with pytest.raises(ValueError, match="NUL"):
        hwnas.search("rea", space="nb201\x00x", seeds=1)
    archs = tmp_path / "archs.txt"
    archs.write_text("0\n1\n")
    rows = hwnas.query(space="nb201", dataset="cifar10", archs=str(archs))
    assert [row["index"] for row in rows] == [0, 1]
    fbnet = hwnas.HWNASBenchAPI(search_space="fbnet")
    with pytest.raises(ValueError):
        fbnet.get_net_config(["a"] * 22, "cifar100")
    assert fbnet.get_net_config([0] * 22, "cifar100")["num_classes"] == 100
    with pytest.raises(ValueError, match="listed twice"):
        hwnas.compare(searchers=["random", "random"], seeds=2)
    kept = []

    def keeps(space, evaluator, rng):
        kept.append((space, evaluator, rng))
        evaluator.evaluate(space.sample(rng))

    hwnas.search(keeps, budget_queries=3, seeds=1)
    space, evaluator, rng = kept[0]
    for use in (lambda: evaluator.evaluate((0,) * 6), lambda: evaluator.exhausted(), lambda: space.sample(rng),
                lambda: rng.uniform()):
        with pytest.raises(ValueError, match="ended"):
            use()


def raises(space, evaluator, rng):
    evaluator.evaluate(space.sample(rng))
    raise KeyError("from the searcher")


def test_a_searcher_that_raises_reaches_the_caller_unchanged():
    with pytest.raises(KeyError, match="from the searcher"):
        hwnas.search(raises, budget_queries=5, seeds=2)


# The fuzzer: wrong types and values to every public function. Each call either
# returns or raises one of ALLOWED; anything else (another exception, a crash of
# the interpreter, a hang) fails the test.
WRONG_VALUES = [None, -1, 0, 1, 2**70, -2**70, 1.5, float("nan"), float("inf"), "", "x", "nb201\x00", "\xff",
                "edgegpu", "cifar10", "ImageNet", [], [0] * 6, [0] * 22, [9] * 22, ["a"] * 22, (1, 2), {}, {"a": 1},
                b"bytes", object(), "0,1", "../../etc/passwd", "-inf", "1e300", "--help"]


def calls(bench, space, evaluator_free_rng, tmp):
    """(name, function) pairs that take one fuzzed argument."""
    rng = evaluator_free_rng
    api = hwnas.HWNASBenchAPI()
    fb_api = hwnas.HWNASBenchAPI(search_space="fbnet")
    return [
        ("Benchmark(space)", lambda v: hwnas.Benchmark(v, "cifar10")),
        ("Benchmark(dataset)", lambda v: hwnas.Benchmark("nb201", v)),
        ("Benchmark(data_dir)", lambda v: hwnas.Benchmark("nb201", "cifar10", data_dir=v)),
        ("Benchmark.cost", lambda v: bench.cost(v, "edgegpu_latency")),
        ("Benchmark.cost key", lambda v: bench.cost((0,) * 6, v)),
        ("Benchmark.cost_column", lambda v: bench.cost_column(v)),
        ("Benchmark.accuracy", lambda v: bench.accuracy(v)),
        ("Benchmark.complexity", lambda v: bench.complexity(v)),
        ("Space.at", lambda v: space.at(v)),
        ("Space.index", lambda v: space.index(v)),
        ("Space.parse", lambda v: space.parse(v)),
        ("Space.to_string", lambda v: space.to_string(v)),
        ("Space.num_choices", lambda v: space.num_choices(v)),
        ("Space.choice_name", lambda v: space.choice_name(v, v)),
        ("Space.mutate", lambda v: space.mutate(v, rng)),
        ("Space.sample", lambda v: space.sample(v)),
        ("Rng", lambda v: hwnas.Rng(v)),
        ("Rng.below", lambda v: rng.below(v)),
        ("HWNASBenchAPI", lambda v: hwnas.HWNASBenchAPI(v)),
        ("HWNASBenchAPI space", lambda v: hwnas.HWNASBenchAPI(None, v)),
        ("query_by_index", lambda v: api.query_by_index(v, "cifar10")),
        ("query_by_index data", lambda v: api.query_by_index(0, v)),
        ("get_net_config", lambda v: api.get_net_config(v, "cifar10")),
        ("fbnet query_by_index", lambda v: fb_api.query_by_index(v, "cifar100")),
        ("fbnet get_net_config", lambda v: fb_api.get_net_config(v, "cifar100")),
        ("query index", lambda v: hwnas.query(space="nb201", dataset="cifar10", index=v)),
        ("query arch", lambda v: hwnas.query(space="nb201", dataset="cifar10", arch=v)),
        ("search seeds", lambda v: hwnas.search("random", seeds=v, budget_queries=5)),
        ("search searcher", lambda v: hwnas.search(v, seeds=1, budget_queries=5)),
        ("search limit", lambda v: hwnas.search("random", seeds=1, budget_queries=5, device="edgegpu", limit=v)),
        ("search objectives", lambda v: hwnas.search("nsga2", seeds=1, budget_queries=5, objectives=v)),
        ("compare searchers", lambda v: hwnas.compare(out=os.path.join(tmp, "c"), searchers=v, seeds=1, budget_queries=5,
                                                      devices="edgegpu", limits="edgegpu:4")),
        ("analyze samples", lambda v: hwnas.analyze(out=os.path.join(tmp, "a"), space="fbnet", dataset="cifar100", samples=v)),
        ("predict", lambda v: hwnas.predict(out=os.path.join(tmp, "p.csv"), cost_table=v)),
    ]


def test_fuzz_every_public_function(tmp_path):
    bench = hwnas.Benchmark("nb201", "cifar10")
    space = bench.space
    rng = hwnas.Rng(1)
    generator = random.Random(2026)
    table = calls(bench, space, rng, str(tmp_path))
    count = 0
    for name, call in table:
        values = WRONG_VALUES + [generator.choice(WRONG_VALUES) for _ in range(3)]
        for value in values:
            try:
                call(value)
            except ALLOWED:
                pass
            except BaseException as e:  # noqa: B902 - anything else is the defect looked for
                pytest.fail(f"{name}({value!r}) raised {type(e).__name__}: {e}")
            count += 1
    assert count >= len(table) * len(WRONG_VALUES)
