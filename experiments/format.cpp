#include "experiments/format.hpp"

#include <cstdio>

namespace hwnas {

std::string fixed(double value, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  return buf;
}

}  // namespace hwnas
