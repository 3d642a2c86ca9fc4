// The CPU sets runs are confined to. Duet measurement: two sides measured at the same
// time (`ab --mode duet`: two builds; `run --duet`: two backends) each get their own half
// of the CPUs this process may use, so that neither side's writer or reader runs on the
// other's CPUs. Interleaved lifecycle runs: one CPU.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace shmbench {

// The CPUs this process may use, halved: the first half and the second, as many each
// (an odd one out is left idle). BadInput naming `who` ("--mode duet", "--duet") with
// fewer than two CPUs.
std::pair<std::vector<int>, std::vector<int>> cpu_halves(const std::string& who);

// A one-CPU run's CPU (ab's interleaved runs, run --pin's lifecycle runs): the last this
// process may use, since on Linux CPU 0 takes more of the interrupts; empty where the
// system does not say.
std::vector<int> last_cpu();

// "0,1" for {0, 1}: for progress lines and reports.
std::string cpu_list(const std::vector<int>& cpus);

}  // namespace shmbench
