#!/usr/bin/python3
"""PyTorch's DistributedDataParallel running the supernet step hwnas runs, for
the README's speed comparison of data-parallel training (hwnas on c10d).

The model is hwnas's NB201 DARTS supernet (torch/supernets.cpp) rebuilt in
PyTorch: stem conv 3x3 + BN, three stages of `cells` cells of 6 mixed edges
(none, skip, ReLU-conv1x1-BN, ReLU-conv3x3-BN, avg-pool 3x3) with NB201's
residual reductions between them, BN + ReLU + global pooling + linear head;
batch norm without affine parameters or running statistics, as in hwnas. One
step is what hwnas's trainer does per batch: an architecture step (forward and
backward with softmax(alpha) mixing, alpha's gradient averaged over the ranks,
Adam) and a weight step (forward and backward through DDP, which averages the
weight gradients, gradient clipping at 5, SGD with momentum).

Differences, both in the reference's favour: batch norm is per rank's shard
(DDP's default; torch.nn.SyncBatchNorm needs CUDA in PyTorch 1.13), where
hwnas synchronises it over the whole batch (one more all-reduce per batch norm,
forward and backward); and the images are random tensors of Fashion-MNIST's
shape, made once, where hwnas crops and flips real ones every step.

Usage (Debian's python3-torch 1.13):
  /usr/bin/python3 scripts/ddp_reference.py --ranks 1 --batch-size 64 --channels 4 --cells 1
  /usr/bin/python3 scripts/ddp_reference.py --ranks 2 --batch-size 64 --channels 4 --cells 1
prints the median seconds per step (the global batch split over the ranks,
one thread per rank) over --steps steps after --warmup.
"""
import argparse
import os
import socket
import statistics
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn
import torch.nn.functional as F

EDGE_FROM = [0, 0, 1, 0, 1, 2]
EDGE_TO = [1, 2, 2, 3, 3, 3]


def bn(c):
    return nn.BatchNorm2d(c, affine=False, track_running_stats=False)


class ReluConvBn(nn.Module):
    def __init__(self, cin, cout, k, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, k // 2, bias=False)
        self.bn = bn(cout)

    def forward(self, x):
        return self.bn(self.conv(F.relu(x)))


class Edge(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = ReluConvBn(c, c, 1, 1)
        self.conv3 = ReluConvBn(c, c, 3, 1)
        self.pool = nn.AvgPool2d(3, 1, 1, count_include_pad=False)

    def forward(self, x, w):
        return (torch.zeros_like(x) * w[0] + x * w[1] + self.conv1(x) * w[2] + self.conv3(x) * w[3] +
                self.pool(x) * w[4])


class Cell(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.edges = nn.ModuleList(Edge(c) for _ in range(6))

    def forward(self, x, weights):
        nodes = [x]
        for node in range(1, 4):
            total = None
            for e in range(6):
                if EDGE_TO[e] != node:
                    continue
                out = self.edges[e](nodes[EDGE_FROM[e]], weights[e])
                total = out if total is None else total + out
            nodes.append(total)
        return nodes[-1]


class Reduction(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.a = ReluConvBn(cin, cout, 3, 2)
        self.b = ReluConvBn(cout, cout, 3, 1)
        self.pool = nn.AvgPool2d(2, 2, ceil_mode=True)
        self.shortcut = nn.Conv2d(cin, cout, 1, bias=False)

    def forward(self, x):
        return self.b(self.a(x)) + self.shortcut(self.pool(x))


class Supernet(nn.Module):
    def __init__(self, cin, classes, c, cells):
        super().__init__()
        self.stem = nn.Conv2d(cin, c, 3, 1, 1, bias=False)
        self.stem_bn = bn(c)
        self.stages = nn.ModuleList()
        ch = c
        for stage in range(3):
            blocks = nn.ModuleList()
            if stage > 0:
                blocks.append(Reduction(ch, ch * 2))
                ch *= 2
            for _ in range(cells):
                blocks.append(Cell(ch))
            self.stages.append(blocks)
        self.last_bn = bn(ch)
        self.classifier = nn.Linear(ch, classes)

    def forward(self, x, weights):
        h = self.stem_bn(self.stem(x))
        for blocks in self.stages:
            for b in blocks:
                h = b(h, weights) if isinstance(b, Cell) else b(h)
        return self.classifier(F.relu(self.last_bn(h)).mean((2, 3)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker(rank, world, args, port, results):
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    torch.manual_seed(0)
    net = Supernet(1, 10, args.channels, args.cells)
    model = nn.parallel.DistributedDataParallel(net)
    alpha = torch.zeros(6, 5, requires_grad=True)
    weight_opt = torch.optim.SGD(net.parameters(), lr=0.025, momentum=0.9, weight_decay=3e-4)
    arch_opt = torch.optim.Adam([alpha], lr=3e-4, betas=(0.5, 0.999), weight_decay=1e-3)
    shard = args.batch_size // world
    x = torch.randn(shard, 1, 28, 28)
    y = torch.randint(0, 10, (shard,))
    times = []
    for step in range(args.warmup + args.steps):
        start = time.perf_counter()
        # Architecture step: weight gradients are not needed, so DDP does not reduce them (no_sync).
        with model.no_sync():
            arch_opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(x, torch.softmax(alpha, 1)), y).backward()
        dist.all_reduce(alpha.grad)
        alpha.grad /= world
        arch_opt.step()
        # Weight step: DDP averages the gradients during backward.
        weight_opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x, torch.softmax(alpha.detach(), 1)), y)
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        weight_opt.step()
        if step >= args.warmup:
            times.append(time.perf_counter() - start)
    if rank == 0:
        results.put(statistics.median(times))
    dist.barrier()
    dist.destroy_process_group()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--channels", type=int, default=4)
    ap.add_argument("--cells", type=int, default=1)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    mp.spawn(worker, args=(args.ranks, args, free_port(), results), nprocs=args.ranks, join=True)
    seconds = results.get()
    print(f"pytorch {torch.__version__} DDP, {args.ranks} rank(s), global batch {args.batch_size}: "
          f"{seconds * 1000:.1f} ms per step ({1 / seconds:.2f} steps/s)")


if __name__ == "__main__":
    main()
