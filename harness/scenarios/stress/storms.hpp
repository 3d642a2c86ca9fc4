// The two scenarios a single worker process runs alone, so that its leak accounting is
// its own and an OS that refuses (or a SIGBUS) can only end that worker:
//   churn     create / open / map / unmap / close storms over many names for a set time,
//             every call timed; handles, shared mappings and named objects counted
//             before and after.
//   capacity  how many mappings at once, and how large a single one, before the OS
//             refuses, within the --max-bytes and --max-mappings bounds.
#pragma once

#include "backends/backend.hpp"
#include "scenarios/stress/stress_protocol.hpp"

namespace shmbench::stress {

Reply run_churn(Backend& backend, const Task& task);
Reply run_capacity(Backend& backend, const Task& task);

}  // namespace shmbench::stress
