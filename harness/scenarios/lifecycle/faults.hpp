// The faults a test can inject into a lifecycle run (shmbench run --inject-fault),
// parsed once into a typed set the workers consult:
//   writer-crash   the writer dies abruptly after mapping
//   reader-crash   the reader dies abruptly after opening
//   writer-hang    the writer hangs after mapping (the controller's timeout ends it)
//   ignore-exit    both workers ignore the exit command and the end of their input
//   slow:OP:PCT    a planted slowdown: every timed span of operation OP takes PCT %
//                  longer, really (the worker spins for the extra time inside the
//                  span), so the comparison gate's power can be checked end to end;
//                  slow:OP:0 is the same fault table without a slowdown, for the
//                  baseline of such a check (docs/ab.md says why)
#pragma once

#include <optional>
#include <string>

#include "measure/operation.hpp"

namespace shmbench::lifecycle {

struct Faults {
  bool writer_crash = false;
  bool reader_crash = false;
  bool writer_hang = false;
  bool ignore_exit = false;
  std::optional<Operation> slowed;  // the operation a planted slowdown applies to
  double slowdown = 0;              // its fraction: 0.10 for slow:copy:10

  // The fraction by which a span timing `op` is stretched (0 for other operations).
  double stretch(Operation op) const { return slowed == op ? slowdown : 0; }
};

// Parses an --inject-fault value ("" is no fault). On a value it does not know it
// returns nothing and says why in `why`.
std::optional<Faults> parse_faults(const std::string& text, std::string& why);

// One line for --help.
inline constexpr const char* kFaultHelp =
    "for tests: writer-crash, reader-crash, writer-hang, ignore-exit, or slow:OPERATION:PERCENT "
    "(e.g. slow:copy:10 makes every copy 10 % slower)";

}  // namespace shmbench::lifecycle
