#include <gtest/gtest.h>

#include <set>

#include "core/error.hpp"
#include "spaces/fbnet_space.hpp"
#include "spaces/nb201_space.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

TEST(Nb201Space, IndexArchStringRoundTripForAll15625Cells) {
  const Nb201Space& space = test::nb201().space();
  const auto& strings = test::nb201().data().accuracy.arch_strs;
  std::set<std::string> distinct;
  for (std::uint64_t i = 0; i < Nb201Space::kSize; ++i) {
    const Arch arch = space.at(i);
    const std::string s = space.to_string(arch);
    ASSERT_EQ(s, strings[i]) << "index " << i;
    ASSERT_EQ(space.parse(s), arch);
    ASSERT_EQ(space.index(arch), i);
    distinct.insert(s);
  }
  EXPECT_EQ(distinct.size(), 15625u);
}

TEST(Nb201Space, OfficialArchZero) {
  const Nb201Space& space = test::nb201().space();
  EXPECT_EQ(space.to_string(space.at(0)),
            "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|");
  EXPECT_EQ(space.at(0), (Arch{4, 2, 1, 2, 1, 1}));
}

// An edge is live when what it computes reaches the output: its target is node
// 3, or a node with a non-none edge to a live node (edges 1<-0 | 2<-0, 2<-1 |
// 3<-0, 3<-1, 3<-2; ops 0 none, 1 skip, 2 conv 1x1, 3 conv 3x3, 4 pool).
TEST(Nb201Space, LiveDecisionsAreTheEdgesWhoseResultReachesTheOutput) {
  const Nb201Space& space = test::nb201().space();
  EXPECT_TRUE(space.decisions_can_be_dead());
  using Live = std::vector<bool>;
  EXPECT_EQ(space.live_decisions({3, 3, 3, 3, 3, 3}), (Live{true, true, true, true, true, true}));
  EXPECT_EQ(space.live_decisions({3, 3, 3, 3, 3, 0}), (Live{true, false, false, true, true, true}));  // node 2 unused
  EXPECT_EQ(space.live_decisions({3, 3, 3, 3, 0, 0}), (Live{false, false, false, true, true, true}));  // nodes 1, 2 unused
  EXPECT_EQ(space.live_decisions({3, 3, 3, 3, 0, 1}), (Live{true, true, true, true, true, true}));  // node 1 feeds node 2
  EXPECT_EQ(space.live_decisions({3, 3, 0, 3, 0, 4}), (Live{false, true, true, true, true, true}));  // node 1 unused
  EXPECT_EQ(space.live_decisions({0, 0, 0, 0, 0, 0}), (Live{false, false, false, true, true, true}));
  // A chain of layers has no dead decisions.
  const FbnetSpace fbnet(FbnetMacro::cifar100());
  EXPECT_FALSE(fbnet.decisions_can_be_dead());
  EXPECT_EQ(fbnet.live_decisions(Arch(22)), Live(22, true));
}

TEST(Nb201Space, RejectsMalformedStrings) {
  for (const char* bad : {"", "|nor_conv_3x3~0|", "|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|",
                          "|none~1|+|none~0|none~1|+|none~0|none~1|none~2|",
                          "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|extra"}) {
    EXPECT_THROW(Nb201Space::parse_arch_str(bad), InputError) << bad;
  }
}

TEST(Nb201Space, OrderMustBeAPermutation) {
  std::vector<Arch> order = {};
  for (std::uint64_t i = 0; i < Nb201Space::kSize; ++i) order.push_back(test::nb201().space().at(i));
  order[5] = order[6];
  EXPECT_THROW(Nb201Space{order}, std::invalid_argument);
}

TEST(SearchSpace, SampleAndMutateStayInSpaceMutateChangesExactlyOneDecision) {
  const Nb201Space& nb201 = test::nb201().space();
  const FbnetSpace fbnet(FbnetMacro::cifar100());
  for (const SearchSpace* space : {static_cast<const SearchSpace*>(&nb201), static_cast<const SearchSpace*>(&fbnet)}) {
    Rng rng(5);
    std::set<int> choices_seen;
    for (int i = 0; i < 2000; ++i) {
      const Arch a = space->sample(rng);
      ASSERT_TRUE(space->contains(a));
      const Arch b = space->mutate(a, rng);
      ASSERT_TRUE(space->contains(b));
      int changed = 0;
      for (std::size_t d = 0; d < a.size(); ++d) changed += a[d] != b[d];
      ASSERT_EQ(changed, 1);
      choices_seen.insert(a[0]);
    }
    EXPECT_EQ(static_cast<int>(choices_seen.size()), space->num_choices(0));
  }
}

TEST(FbnetSpace, ParsesIndicesAndNames) {
  const FbnetSpace space(FbnetMacro::cifar100());
  const std::string text = "7,8,1,8,4,8,8,8,7,4,1,4,7,3,2,7,3,2,4,2,4,5";
  const Arch arch = space.parse(text);
  EXPECT_EQ(space.to_string(arch), text);
  EXPECT_EQ(arch[0], 7);
  std::string names;
  for (std::size_t l = 0; l < arch.size(); ++l) names += (l ? "," : "") + space.choice_name(l, arch[l]);
  EXPECT_EQ(space.parse(names), arch);
  EXPECT_THROW(space.parse("1,2,3"), InputError);
  EXPECT_THROW(space.parse(text + ",1"), InputError);
  EXPECT_THROW(space.parse("9" + text.substr(1)), InputError);
  EXPECT_THROW(space.parse("k7_e1" + text.substr(1)), InputError);
}

TEST(FbnetSpace, MacroSettingsGiveTheDocumentedShapes) {
  const FbnetSpace cifar(FbnetMacro::cifar100());
  ASSERT_EQ(cifar.layers().size(), 22u);
  EXPECT_EQ(cifar.layers()[0].in_channels, 16);
  EXPECT_EQ(cifar.layers()[0].in_size, 32);
  EXPECT_EQ(cifar.layers()[1].out_channels, 24);
  EXPECT_EQ(cifar.layers()[5].stride, 2);  // first layer of the third stage
  EXPECT_EQ(cifar.layers().back().out_channels, 352);
  EXPECT_EQ(cifar.layers().back().out_size(), 4);  // 32 / (2 * 2 * 2)
  const FbnetSpace imagenet(FbnetMacro::imagenet());
  EXPECT_EQ(imagenet.layers()[0].in_size, 112);
  EXPECT_EQ(imagenet.layers().back().out_size(), 7);
  EXPECT_THROW(FbnetMacro::for_dataset("cifar10"), InputError);
}

}  // namespace
}  // namespace hwnas
