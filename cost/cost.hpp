#pragma once
// hwnas cost: what an architecture costs on a device, as data.
//
// - CostKey (cost_key.hpp): a cost column named "<device>_<metric>" as
//   upstream names it (edgegpu_latency), for any device a table brings; the
//   catalogue of known devices' descriptions and metrics' units.
// - CostModel (cost_model.hpp): cost(arch, key) -> optional<double>.
//   TableCost (table_cost.hpp) looks costs up per architecture (NB201);
//   FbnetLutCost composes FBNet costs from per-operator tables; AdditiveCost
//   (additive_cost.hpp) sums per-decision entries (fitted from totals: NB201's
//   differentiable cost).
//   StackedCost, LazyCost and ListedCost (composed_cost.hpp): several
//   sources as one model, columns read on first use, costs of a list of
//   networks (HELP's zoo, a user's sample).
// - Complexity (complexity.hpp): analytic FLOPs and parameters of both spaces.
// - most_probable_within (most_probable_within.hpp): the most probable
//   architecture of a per-decision distribution that meets a cost limit, by
//   enumeration or, for an additive cost, a multiple-choice knapsack.
//
// cost/ reads benchmark files only through benchmark_data's plain tables; which
// files make up a space's benchmark is benchmark/'s business.
#include "cost/additive_cost.hpp"
#include "cost/complexity.hpp"
#include "cost/composed_cost.hpp"
#include "cost/cost_key.hpp"
#include "cost/cost_model.hpp"
#include "cost/most_probable_within.hpp"
#include "cost/table_cost.hpp"
