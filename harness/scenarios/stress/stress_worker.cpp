#include "scenarios/stress/stress_worker.hpp"

#include <iostream>
#include <string>

#include "backends/names.hpp"
#include "common/exit_codes.hpp"
#include "scenarios/stress/group.hpp"
#include "scenarios/stress/storms.hpp"
#include "scenarios/stress/stress_protocol.hpp"

namespace shmbench::stress {

namespace {
void send(const Reply& reply) { std::cout << encode_reply(reply) << std::endl; }

Reply failed(std::string error) {
  Reply r;
  r.type = "failed";
  r.error = std::move(error);
  return r;
}

// After its result: wait for "exit" or the end of input.
int wait_for_exit() {
  std::string line;
  while (std::getline(std::cin, line))
    if (line == exit_line()) return kExitOk;
  return kExitOk;
}

int play(Backend& backend, const Task& task) {
  auto object = backend.open(task.name, task.size);
  if (!object.ok()) return send(failed(object.error().describe())), kExitCouldNotMeasure;
  auto view = object.value()->map();
  if (!view.ok()) return send(failed(view.error().describe())), kExitCouldNotMeasure;
  std::byte* base = view.value()->data();
  send(Reply{"ready", {}, {}, {}, {}});
  Tally tally;
  if (wait_for_go(base))
    tally = task.kind == "writer"
                ? run_writer(base, task.index, corruption_named(task.corruption), worker_fault_named(task.fault))
                : run_reader(base, task.index, worker_fault_named(task.fault));
  else
    tally.aborted = true;
  Reply result{"result", {}, {}, {}, {}};
  put_tally(result.counters, tally);
  (void)view.value()->unmap();
  (void)object.value()->close();
  send(result);
  return wait_for_exit();
}

// The killed-controller fault's inner controller: a fan-out that would run for hours,
// announced to the outer controller once its workers run, so that it can be killed.
int control(Backend& backend, const Task& task) {
  RunNames names;
  GroupSpec spec;
  spec.shape.layout = Layout::fanout;
  spec.shape.readers = task.readers;
  spec.shape.writers = 1;
  spec.shape.slots = task.slots;
  spec.shape.message_size = task.message_size;
  spec.shape.messages = 1ULL << 40;
  spec.shape.seed = 42;
  spec.timeout_seconds = 3600;
  const std::string name = names.next();
  const GroupOutcome outcome = run_group(backend, spec, name, [&](const std::vector<long>& pids, const std::string& object) {
    Reply announce{"announce", {}, {{"name", object}, {"prefix", names.prefix()}}, {}, pids};
    send(announce);
  });
  send(failed(outcome.error.empty() ? "the inner controller was not killed" : outcome.error));
  return kExitCouldNotMeasure;
}
}  // namespace

int run_stress_worker() {
  std::string line;
  if (!std::getline(std::cin, line)) return kExitBadInput;
  auto task = decode_task(line);
  if (!task.ok()) return send(failed(task.error().describe())), kExitBadInput;
  const Task& t = task.value();
  std::unique_ptr<Backend> backend = make_backend(t.backend);
  if (!backend) return send(failed("unknown backend '" + t.backend + "'")), kExitBadInput;
  if (t.kind == "writer" || t.kind == "reader") return play(*backend, t);
  if (t.kind == "controller") return control(*backend, t);
  Reply reply;
  if (t.kind == "churn") reply = run_churn(*backend, t);
  else if (t.kind == "capacity") reply = run_capacity(*backend, t);
  else return send(failed("unknown task '" + t.kind + "'")), kExitBadInput;
  send(reply);
  return wait_for_exit();
}

}  // namespace shmbench::stress
