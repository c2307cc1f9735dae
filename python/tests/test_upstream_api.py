"""hwnas.HWNASBenchAPI against HW-NAS-Bench's published values and the reference data."""
import io
import math
import random
from contextlib import redirect_stdout

import pytest

import hwnas
from conftest import reference_csv

NB201_METRICS = ["edgegpu_latency", "edgegpu_energy", "raspi4_latency", "edgetpu_latency", "pixel3_latency",
                 "eyeriss_latency", "eyeriss_energy", "eyeriss_arithmetic_intensity", "fpga_latency", "fpga_energy"]
FBNET_METRICS = ["edgegpu_latency", "edgegpu_energy", "raspi4_latency", "pixel3_latency", "eyeriss_latency",
                 "eyeriss_energy", "fpga_latency", "fpga_energy"]

# Printed by upstream (README, example.ipynb) and quoted in ../shared/benchmark_data/README.md.
ARCH0 = {
    "cifar10": {"edgegpu_latency": 5.807418537139893, "edgegpu_energy": 24.226614330768584,
                "raspi4_latency": 10.481976820010459, "edgetpu_latency": 0.9571811309997429,
                "pixel3_latency": 3.6058499999999998, "eyeriss_latency": 3.645620000000001,
                "eyeriss_energy": 0.6872827644999999, "fpga_latency": 2.57296, "fpga_energy": 18.01072},
    "cifar100": {"edgegpu_latency": 5.866079330444336, "edgegpu_energy": 24.471327606836955,
                 "raspi4_latency": 10.432981719932286, "edgetpu_latency": 0.9669485199992778,
                 "pixel3_latency": 5.04007, "eyeriss_latency": 3.648640000000001, "eyeriss_energy": 0.6874206219999999,
                 "eyeriss_arithmetic_intensity": 6.267465213714637, "fpga_latency": 2.57296, "fpga_energy": 18.01072},
    "ImageNet16-120": {"edgegpu_latency": 5.828042030334473, "edgegpu_energy": 24.238826804161075,
                       "raspi4_latency": 2.973176879895618, "edgetpu_latency": 0.7929624850075925,
                       "pixel3_latency": 1.33656, "eyeriss_latency": 0.9145600000000003,
                       "eyeriss_energy": 0.17677097200000003, "eyeriss_arithmetic_intensity": 2.2148960216998193,
                       "fpga_latency": 0.64912},
}
ALL_K3_E1 = {
    "cifar100": {"edgegpu_latency": 15.804523468017578, "edgegpu_energy": 86.98095934380125,
                 "raspi4_latency": 17.618579145142576, "pixel3_latency": 7.788973100000002,
                 "eyeriss_latency": 3.9408960000000004, "eyeriss_energy": 3.2420080000000002,
                 "fpga_latency": 10.739520000000002, "fpga_energy": 75.17664},
    "ImageNet": {"edgegpu_latency": 16.431164979934692, "edgegpu_energy": 102.71604275841212,
                 "raspi4_latency": 57.65650005702628, "pixel3_latency": 27.5423871,
                 "eyeriss_latency": 18.127332000000003, "eyeriss_energy": 16.945472000000002,
                 "fpga_latency": 29.42189999999999, "fpga_energy": 205.95329999999998},
}


def product(values, names):
    """Upstream's average_hw_metric: the product, left to right, in its metric order."""
    p = values[names[0]]
    for n in names[1:]:
        p *= values[n]
    return p


def test_upstream_readme_script_runs_unchanged():
    # Upstream README, steps 1 to 4, with only the import line changed.
    from hwnas import HWNASBenchAPI as HWAPI
    hw_api = HWAPI("HW-NAS-Bench-v1_0.pickle", search_space="nasbench201")
    printed = io.StringIO()
    with redirect_stdout(printed):
        for idx in range(3):
            for dataset in ["cifar10", "cifar100", "ImageNet16-120"]:
                HW_metrics = hw_api.query_by_index(idx, dataset)
                print("The HW_metrics (type: {}) for No.{} @ {} under NAS-Bench-201: {}".format(
                    type(HW_metrics), idx, dataset, HW_metrics))
        HW_metrics = hw_api.query_by_index(0, "cifar10")
        for k in HW_metrics:
            unit = "ms" if "latency" in k else "mJ"
            print("{}: {} ({})".format(k, HW_metrics[k], unit))
        config = hw_api.get_net_config(0, "cifar10")
        print(config)
    text = printed.getvalue()
    assert "edgegpu_latency: 5.807418537139893 (ms)" in text
    assert "fpga_energy: 18.01072 (mJ)" in text
    assert ("{'name': 'infer.tiny', 'C': 16, 'N': 5, 'arch_str': '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|"
            "+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|', 'num_classes': 10}") in text


@pytest.mark.parametrize("dataset", ["cifar10", "cifar100", "ImageNet16-120"])
def test_nb201_arch0_equals_the_published_values(dataset):
    got = hwnas.HWNASBenchAPI(None).query_by_index(0, dataset)
    assert list(got) == NB201_METRICS + ["average_hw_metric"]
    for name, value in ARCH0[dataset].items():
        assert got[name] == value, name
    assert type(got["edgegpu_latency"]) is float


@pytest.mark.parametrize("dataset", ["cifar10", "cifar100", "ImageNet16-120"])
def test_nb201_archs_0_to_2_equal_the_reference_files_bit_for_bit(dataset):
    rows = reference_csv(f"nasbench201/hw_{dataset}.csv")
    api = hwnas.HWNASBenchAPI(None, search_space="nasbench201")
    for index in (0, 1, 2, 1234, 15624):
        row = rows[index]
        got = api.query_by_index(index, dataset)
        expected = {m: float(row[m]) for m in NB201_METRICS}
        assert {m: got[m] for m in NB201_METRICS} == expected
        assert got["average_hw_metric"] == product(expected, [m for m in NB201_METRICS if m != "eyeriss_arithmetic_intensity"])
        config = api.get_net_config(index, dataset)
        assert config["arch_str"] == row["arch_str"]
        assert config["num_classes"] == {"cifar10": 10, "cifar100": 100, "ImageNet16-120": 120}[dataset]


def test_nb201_missing_edge_tpu_latency_is_minus_one_as_upstream_stores_it():
    rows = reference_csv("nasbench201/hw_cifar10.csv")
    index = next(i for i, r in enumerate(rows) if float(r["edgetpu_latency"]) == -1.0)
    got = hwnas.HWNASBenchAPI(None).query_by_index(index, "cifar10")
    assert got["edgetpu_latency"] == -1.0
    assert got["average_hw_metric"] < 0  # upstream multiplies the -1 in


def fbnet_metric(blocks, dataname, table):
    """HW-NAS-Bench's composition of a network's cost from its per-operator table
    (written here from the data README's description, independently of hwnas)."""
    blocks_table = [(1, 3, 1), (1, 3, 2), (3, 3, 1), (6, 3, 1), (1, 5, 1), (1, 5, 2), (3, 5, 1), (6, 5, 1)]
    layers, channels = [1, 4, 4, 4, 4, 4, 1], [16, 24, 32, 64, 112, 184, 352]
    if dataname == "cifar100":
        classes, strides, head, stem_stride, size = 100, [1, 1, 2, 2, 1, 2, 1], 1504, 1, 32
    else:
        classes, strides, head, stem_stride, size = 1000, [1, 2, 2, 2, 1, 2, 1], 1984, 2, 224
    total = 0.0
    total += table[f"ConvNorm_H{size}_W{size}_Cin3_Cout16_kernel3_stride{stem_stride}_group1"]
    size //= stem_stride
    cin, layer = 16, 0
    for stage, count in enumerate(layers):
        for i in range(count):
            cout, stride = channels[stage], strides[stage] if i == 0 else 1
            b = blocks[layer]
            if b < 8:
                e, k, g = blocks_table[b]
                total += table[f"ConvBlock_H{size}_W{size}_Cin{cin}_Cout{cout}_exp{e}_kernel{k}_stride{stride}_group{g}"]
            else:
                total += table[f"Skip_H{size}_W{size}_Cin{cin}_Cout{cout}_stride{stride}"]
            size //= stride
            cin, layer = cout, layer + 1
    total += table[f"ConvNorm_H{size}_W{size}_Cin352_Cout{head}_kernel1_stride1_group1"]
    total += table[f"AvgP_H{size}_W{size}_Cin{head}_Cout{head}_kernel{size}_stride1"]
    total += table[f"FC_Cin{head}_Cout{classes}"]
    return total


@pytest.mark.parametrize("dataset", ["cifar100", "ImageNet"])
def test_fbnet_all_k3_e1_equals_the_published_values(dataset):
    got = hwnas.HWNASBenchAPI(None, search_space="fbnet").query_by_index([0] * 22, dataset)
    assert list(got) == FBNET_METRICS + ["average_hw_metric"]
    for name, value in ALL_K3_E1[dataset].items():
        assert got[name] == value, name
    assert got["average_hw_metric"] == product(ALL_K3_E1[dataset], FBNET_METRICS)


def test_fbnet_networks_equal_upstreams_composition_of_the_reference_table():
    rows = reference_csv("fbnet/op_lut.csv")
    tables = {m: {r["op_key"]: float(r[m]) for r in rows} for m in FBNET_METRICS}
    api = hwnas.HWNASBenchAPI(None, search_space="fbnet")
    rng = random.Random(7)
    networks = [[8] * 22, [7] * 22, [i % 9 for i in range(22)]] + [[rng.randrange(9) for _ in range(22)] for _ in range(20)]
    for blocks in networks:
        for dataset in ("cifar100", "ImageNet"):
            got = api.query_by_index(blocks, dataset)
            for m in FBNET_METRICS:
                assert got[m] == fbnet_metric(blocks, dataset, tables[m]), (blocks, dataset, m)


def test_fbnet_sampled_latencies_are_reproduced_bit_for_bit():
    rows = reference_csv("fbnet/cifar100_sampled_latency.csv")
    api = hwnas.HWNASBenchAPI(None, search_space="fbnet")
    for row in rows[:200]:
        got = api.query_by_index([int(row[f"layer{i}"]) for i in range(22)], "cifar100")
        for device in ("eyeriss", "fpga", "pixel3", "raspi4"):
            assert got[f"{device}_latency"] == float(row[f"{device}_latency"])


def test_fbnet_net_config_and_lookup_tables():
    api = hwnas.HWNASBenchAPI(None, search_space="fbnet")
    blocks = [0, 1, 2, 3, 4, 5, 6, 7, 8] * 2 + [0, 0, 8, 7]
    assert api.get_net_config(blocks, "cifar100") == {
        "dataset": "cifar100", "num_classes": 100, "op_idx_list": blocks,
        "arch_str": ["k3_e1", "k3_e1_g2", "k3_e3", "k3_e6", "k5_e1", "k5_e1_g2", "k5_e3", "k5_e6", "skip"] * 2
        + ["k3_e1", "k3_e1", "skip", "k5_e6"]}
    assert api.get_net_config(blocks, "ImageNet")["num_classes"] == 1000
    tables = api.get_op_lookup_tables()
    assert list(tables) == FBNET_METRICS
    rows = reference_csv("fbnet/op_lut.csv")
    for m in FBNET_METRICS:
        assert tables[m] == {r["op_key"]: float(r[m]) for r in rows}


@pytest.mark.parametrize("call", [
    lambda: hwnas.HWNASBenchAPI(None, search_space="nasbench101"),
    lambda: hwnas.HWNASBenchAPI("/no/such/file.txt"),
    lambda: hwnas.HWNASBenchAPI({"nasbench201": {}}),
    lambda: hwnas.HWNASBenchAPI(None).query_by_index(15625, "cifar10"),
    lambda: hwnas.HWNASBenchAPI(None).query_by_index(-1, "cifar10"),
    lambda: hwnas.HWNASBenchAPI(None).query_by_index(0, "imagenet"),
    lambda: hwnas.HWNASBenchAPI(None).query_by_index("0", "cifar10"),
    lambda: hwnas.HWNASBenchAPI(None).get_op_lookup_tables(),
    lambda: hwnas.HWNASBenchAPI(None, search_space="fbnet").query_by_index([0] * 21, "cifar100"),
    lambda: hwnas.HWNASBenchAPI(None, search_space="fbnet").query_by_index([9] * 22, "cifar100"),
    lambda: hwnas.HWNASBenchAPI(None, search_space="fbnet").query_by_index([0] * 22, "cifar10"),
    lambda: hwnas.HWNASBenchAPI(None, search_space="fbnet").query_by_index(0, "cifar100"),
])
def test_bad_input_is_a_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_a_data_directory_is_read():
    from conftest import REFERENCE
    if not (REFERENCE / "nasbench201").exists():
        pytest.skip("no reference data")
    got = hwnas.HWNASBenchAPI(str(REFERENCE)).query_by_index(0, "cifar10")
    assert got["edgegpu_latency"] == ARCH0["cifar10"]["edgegpu_latency"]
    assert math.isfinite(got["average_hw_metric"])
