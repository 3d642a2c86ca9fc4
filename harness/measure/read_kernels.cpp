#include "measure/read_kernels.hpp"

#include "common/cpuid.hpp"

namespace shmbench {

const ReadKernel& read_kernel() {
  static const ReadKernel& chosen = *runnable_read_kernels().back();
  return chosen;
}

std::vector<const ReadKernel*> runnable_read_kernels() {
  std::vector<const ReadKernel*> kernels = {&kPortableReadKernel};
#if defined(__x86_64__) || defined(_M_X64)
  if (cpu_has_avx2()) kernels.push_back(&kAvx2ReadKernel);
#endif
  return kernels;
}

}  // namespace shmbench
