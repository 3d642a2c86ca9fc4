#include "cli/suites.hpp"

namespace shmbench {

const std::vector<Suite>& all_suites() {
  constexpr std::uint64_t KiB = 1024, MiB = 1024 * KiB;
  // Nine repetitions at least, so a Mann-Whitney U test can judge a comparison. The
  // default suite takes 27: on a shared VM single repetitions of a 64 KiB copy are
  // bimodal (56 or 48 GB/s in phases), and with 9 a Boost/raw ratio moved by 10-20 %
  // between three back-to-back runs; with 27, paired round by round, by 1-4 % for copy
  // (scripts/ratio_stability.py; docs/boost-vs-raw.md).
  static const std::vector<Suite> suites = {
      {"quick", "small sizes only, for a fast check (4KiB, 64KiB, 1MiB)", {4 * KiB, 64 * KiB, 1 * MiB}, 9},
      {"default", "4KiB to 256MiB", {4 * KiB, 64 * KiB, 1 * MiB, 16 * MiB, 256 * MiB}, 27},
      // How the memory is made: every backend with its variants (large pages, reserve then
      // commit, file-backed, memfd, SysV, prefault), at sizes whose commit charge stands
      // out of the machine's own (2 MiB is one large page).
      {"memory", "every backend and variant (large pages, SEC_RESERVE, memfd, sysv, ...), 2MiB to 64MiB",
       {2 * MiB, 16 * MiB, 64 * MiB}, 9, "lifecycle", 0, true, true},
      // Message hand-off (scenarios/transfer): every mode and wait strategy per size. A
      // repetition is a batch of about budget_ms; the quick suite keeps a whole run of
      // four backends under Wine well under a minute.
      // The transports stop at 1 MiB: their 16 MiB cells took 43 s of the suite's 125 on
      // Linux and 165 s of 300 under Wine (kernel pipes and sockets at 0.1-1 GB/s, at least
      // 16 messages a batch), where 1 MiB already shows their bandwidth against shared
      // memory's. --sizes 16MiB still measures them.
      // A ping-pong whose sides sleep exchanges 50 ms untimed before each batch: on the VM
      // it got dearer after 30-70 ms of exchange, and timed from its first message it read
      // 0.67-0.96 of perf bench sched pipe's and ipc-bench's long runs, with a 50-200 ms
      // lead-in 0.91-1.21 (docs/transfer.md). Before each row's first batch only is not
      // enough: the gaps between batches end the steady exchange (0.65-1.24 of the
      // default's rows). The quick suite keeps its seconds: none.
      {"transfer", "message hand-off latency and throughput, 8B to 16MiB (transports to 1MiB)",
       {8, 64, 512, 4 * KiB, 64 * KiB, 1 * MiB, 16 * MiB}, 9, "transfer", 20, false, false, 1 * MiB, 50},
      {"transfer-quick", "message hand-off, a few sizes (64B, 4KiB, 1MiB)", {64, 4 * KiB, 1 * MiB}, 9, "transfer", 5},
      // The stress scenarios with `shmbench stress`'s defaults (that command takes their
      // options: readers, writers, duration, --max-bytes, ...).
      {"stress", "fan-out, fan-out reader scaling, fan-in, churn, capacity, faults under load (as shmbench stress)", {}, 1, "stress"},
  };
  return suites;
}

std::optional<Suite> find_suite(const std::string& name) {
  for (const auto& suite : all_suites())
    if (suite.name == name) return suite;
  return std::nullopt;
}

}  // namespace shmbench
