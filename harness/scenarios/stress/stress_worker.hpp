// A stress worker: the child process the stress controller starts as
// "shmbench stress-worker". It reads its task (stress_protocol.hpp) from stdin and plays
// its part: a fan-out or fan-in writer or reader, a churn or capacity storm, or, for the
// killed-controller fault, a fan-out controller of its own that runs until it is killed.
#pragma once

namespace shmbench::stress {

int run_stress_worker();

}  // namespace shmbench::stress
