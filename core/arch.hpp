#pragma once
// An architecture is a fixed-capacity vector of op indices, one per decision of
// its search space. It is a plain value: 25 bytes, copied by value, compared and
// hashed bytewise, so searchers can keep populations, caches and sets of them
// without allocating.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <span>
#include <stdexcept>

namespace hwnas {

class Arch {
public:
  static constexpr std::size_t kCapacity = 24;  // FBNet has 22 decisions, NB201 6

  Arch() = default;
  explicit Arch(std::size_t size) : size_(checked_size(size)) {}
  Arch(std::initializer_list<int> ops) : size_(checked_size(ops.size())) {
    std::size_t i = 0;
    for (int op : ops) ops_[i++] = static_cast<std::uint8_t>(op);
  }

  std::size_t size() const { return size_; }
  int operator[](std::size_t i) const { return ops_[i]; }
  void set(std::size_t i, int op) { ops_[i] = static_cast<std::uint8_t>(op); }
  std::span<const std::uint8_t> ops() const { return {ops_.data(), size_}; }

  friend bool operator==(const Arch& a, const Arch& b) {
    // Three 8-byte words rather than a call to memcmp: searchers compare
    // architectures in their inner loops.
    static_assert(kCapacity == 3 * sizeof(std::uint64_t));
    std::uint64_t x[3], y[3];
    std::memcpy(x, a.ops_.data(), sizeof x);
    std::memcpy(y, b.ops_.data(), sizeof y);
    return a.size_ == b.size_ && x[0] == y[0] && x[1] == y[1] && x[2] == y[2];
  }
  friend auto operator<=>(const Arch& a, const Arch& b) {
    if (a.size_ != b.size_) return a.size_ <=> b.size_;
    return a.ops_ <=> b.ops_;
  }

  std::size_t hash() const {
    // FNV-1a over the used bytes: cheap and good enough for unordered sets.
    std::uint64_t h = 1469598103934665603ull ^ size_;
    for (std::size_t i = 0; i < size_; ++i) h = (h ^ ops_[i]) * 1099511628211ull;
    return static_cast<std::size_t>(h);
  }

private:
  static std::uint8_t checked_size(std::size_t n) {
    if (n > kCapacity) throw std::length_error("Arch holds at most 24 decisions");
    return static_cast<std::uint8_t>(n);
  }
  std::array<std::uint8_t, kCapacity> ops_{};  // unused slots stay zero
  std::uint8_t size_ = 0;
};

}  // namespace hwnas

template <>
struct std::hash<hwnas::Arch> {
  std::size_t operator()(const hwnas::Arch& a) const noexcept { return a.hash(); }
};
