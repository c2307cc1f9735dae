#pragma once
#include "core/arch.hpp"
#include "spaces/fbnet_space.hpp"

namespace hwnas {

// Analytic FLOPs and parameters, with NAS-Bench-201's counter conventions:
// FLOPs count multiply-accumulates of convolutions and the classifier (plus its
// bias), not batch norm, activations or pooling; parameters count every weight
// and bias, batch norm's affine pair included. Both in millions.
struct Complexity {
  double flops_m = 0;
  double params_m = 0;
};

// NAS-Bench-201's TinyNetwork (C=16, N=5 cells per stage, two residual
// reduction blocks) on a square input with `input_size` pixels and
// `num_classes` outputs (cifar10: 32, 10; cifar100: 32, 100; ImageNet16-120: 16, 120).
Complexity nb201_complexity(const Arch& arch, int input_size, int num_classes);

// FBNet network of `space`'s macro setting. Blocks are FBNet's: 1x1 group conv
// (expansion), kxk depthwise conv (stride), 1x1 group conv (projection), each
// followed by batch norm; a skip that changes shape is a strided 1x1 conv.
Complexity fbnet_complexity(const FbnetSpace& space, const Arch& arch);

}  // namespace hwnas
