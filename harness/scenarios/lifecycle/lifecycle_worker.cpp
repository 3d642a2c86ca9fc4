#include "scenarios/lifecycle/lifecycle_worker.hpp"

#include <chrono>
#include <iostream>
#include <thread>
#include <memory>
#include <optional>
#include <variant>

#include "backends/backend.hpp"
#include "backends/names.hpp"
#include "common/exit_codes.hpp"
#include "measure/timer.hpp"
#include "orchestration/protocol.hpp"
#include "os/sysinfo.hpp"
#include "scenarios/lifecycle/faults.hpp"
#include "scenarios/lifecycle/reader.hpp"
#include "scenarios/lifecycle/writer.hpp"

namespace shmbench::lifecycle {

namespace {
void send(const Reply& reply) { std::cout << encode(reply) << std::endl; }

// What the worker answers to one command; ExitCommand is handled by the loop.
Reply answer(const Command& command, Writer* writer, Reader* reader, const std::string& role) {
  if (writer != nullptr) {
    if (const auto* write = std::get_if<WriteCommand>(&command)) return writer->write(*write);
    if (std::holds_alternative<ReleaseCommand>(command)) return writer->release();
  }
  if (reader != nullptr)
    if (const auto* read = std::get_if<ReadCommand>(&command)) return reader->read(*read);
  return FailedReply{"worker: '" + std::string(type_name(command)) + "' is not a command of the " + role};
}
}  // namespace

int run_worker(const WorkerOptions& options) {
  if (options.global_names) set_name_scope(NameScope::global);
  std::unique_ptr<Backend> backend = make_backend(options.backend);
  if (!backend) {
    send(FailedReply{"unknown backend '" + options.backend + "'"});
    return kExitBadInput;
  }
  std::string why;
  const std::optional<Faults> faults = parse_faults(options.fault, why);
  if (!faults) {
    send(FailedReply{"worker: --fault " + why});
    return kExitBadInput;
  }
  const TimerInfo& timer = Timer::get().info();  // calibrate before anything is timed
  std::unique_ptr<Writer> writer;
  std::unique_ptr<Reader> reader;
  if (options.role == "writer")
    writer = std::make_unique<Writer>(*backend, options.size, read_system_info().page_size, *faults, options.accounting);
  else
    reader = std::make_unique<Reader>(*backend, options.size, *faults);
  send(HelloReply{timer});

  std::string line;
  while (std::getline(std::cin, line)) {
    auto command = decode_command(line);
    if (!command.ok()) {
      // The controller speaks another protocol or something else wrote to our stdin:
      // say so and stop, rather than guess.
      send(FailedReply{"worker: " + command.error().detail});
      return kExitBadInput;
    }
    if (std::holds_alternative<ExitCommand>(command.value())) {
      if (faults->ignore_exit) continue;
      return kExitOk;
    }
    send(answer(command.value(), writer.get(), reader.get(), options.role));
  }
  // The controller closed our stdin: nothing more to do, unless a test wants a worker
  // that has to be killed.
  if (faults->ignore_exit) std::this_thread::sleep_for(std::chrono::hours(24));
  return kExitOk;
}

}  // namespace shmbench::lifecycle
