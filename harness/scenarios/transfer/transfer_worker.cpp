#include "scenarios/transfer/transfer_worker.hpp"

#include <iostream>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <variant>

#include "backends/backend.hpp"
#include "common/cpu_relax.hpp"
#include "common/exit_codes.hpp"
#include "measure/timer.hpp"
#include "orchestration/protocol.hpp"
#include "os/thread.hpp"
#include "scenarios/transfer/endpoint.hpp"
#include "scenarios/transfer/faults.hpp"
#include "scenarios/transfer/transport_endpoint.hpp"
#include "transports/transport.hpp"

namespace shmbench::transfer {

namespace {
void send(const Reply& reply) { std::cout << encode(reply) << std::endl; }

// One cell's mapping and wait objects, or its transport's connection, as this side holds
// them between commands.
struct OpenCell {
  std::unique_ptr<SharedObject> object;
  std::unique_ptr<View> view;
  Doorbells bells;
  Channel channel;
  std::unique_ptr<Connection> connection;
  TransportChannel link;
  bool first_run = true;
};

// What a side measured, as the run step's reply says it.
TransferredReply reply_of(const SideResult& side) {
  TransferredReply reply;
  reply.messages = side.messages;
  reply.lead_in_messages = side.lead_in_messages;
  reply.ns_per_message = side.ns_per_message;
  reply.rtt = side.rtt;
  reply.cpu_ns = side.cpu_ns;
  reply.wall_ns = side.wall_ns;
  if (side.late.count() > 0) reply.late_p50_ns = side.late.percentile(0.5);
  return reply;
}

IoWait io_wait(WaitStrategy strategy) {
  switch (strategy) {
    case WaitStrategy::spin: return IoWait::spin;
    case WaitStrategy::yield: return IoWait::yield;
    case WaitStrategy::kernel: return IoWait::kernel;
  }
  return IoWait::kernel;
}

class Worker {
 public:
  // Exactly one of `backend` and `transport` is set: what this worker's cells run over.
  Worker(Backend* backend, Transport* transport, const WorkerOptions& options, const Faults& faults)
      : backend_(backend), transport_(transport), options_(options), faults_(faults),
        writer_(options.role == "writer") {}

  Reply answer(const TransferCommand& command) {
    switch (command.step) {
      case TransferStep::open: return open(command);
      case TransferStep::run: return run(command);
      case TransferStep::close: return close();
    }
    return FailedReply{"worker: unknown step"};
  }

 private:
  Reply open(const TransferCommand& command) {
    cell_.reset();
    if (transport_ != nullptr) return open_transport(command);
    auto cell = std::make_unique<OpenCell>();
    const std::uint64_t bytes = mapping_size(command.size, command.slots);
    auto object = writer_ ? backend_->create(command.name, bytes) : backend_->open(command.name, bytes);
    if (!object.ok()) return FailedReply{object.error().describe()};
    cell->object = std::move(object.value());
    auto view = cell->object->map();
    if (!view.ok()) return FailedReply{view.error().describe()};
    cell->view = std::move(view.value());
    auto* block = reinterpret_cast<ControlBlock*>(cell->view->data());
    if (writer_) init_control_block(*block);
    auto bells = make_doorbells(command.strategy, backend_->name(), *block, command.name, writer_);
    if (!bells.ok()) return FailedReply{bells.error().describe()};
    cell->bells = std::move(bells.value());
    cell->channel = Channel{block,
                            cell->view->data() + kDataOffset,
                            command.size,
                            command.slots,
                            cell->bells.to_reader.get(),
                            cell->bells.to_writer.get()};
    cell_ = std::move(cell);
    return TransferredReply{};
  }

  // The writer creates the channel and answers with the address the reader needs (the
  // controller passes it on); the reader opens it.
  Reply open_transport(const TransferCommand& command) {
    auto cell = std::make_unique<OpenCell>();
    const ChannelShape shape{command.size, kAnswerBytes, io_wait(command.strategy)};
    TransferredReply reply;
    if (writer_) {
      auto created = transport_->create(command.name, shape);
      if (!created.ok()) return FailedReply{created.error().describe(), {}, unsupported(created.error())};
      cell->connection = std::move(created.value().end);
      reply.address = created.value().address;
    } else {
      auto opened = transport_->open(command.name, command.address, shape);
      if (!opened.ok()) return FailedReply{opened.error().describe(), {}, unsupported(opened.error())};
      cell->connection = std::move(opened.value());
    }
    cell->link = TransportChannel{cell->connection.get(), command.size, shape.wait};
    cell_ = std::move(cell);
    return reply;
  }

  static bool unsupported(const Error& error) { return error.kind == ErrorKind::unsupported; }

  Reply run(const TransferCommand& command) {
    if (!cell_) return FailedReply{"worker: run before open"};
    RunSpec spec;
    spec.mode = command.mode;
    spec.seed = command.seed;
    spec.first_seq = command.first_seq;
    spec.messages = command.messages;
    spec.budget_ns = command.budget_ms * 1e6;
    spec.peer_timeout_ns = command.peer_timeout_ms * 1e6;
    spec.faults = faults_;
    spec.first_run = cell_->first_run;
    spec.strategy = command.strategy;
    spec.pacing = Pacing{command.rate, command.idle_ns};
    spec.lead_in_ns = command.lead_in_ms * 1e6;
    cell_->first_run = false;

    TransferredReply reply;
    if (transport_ != nullptr) {
      if (writer_) {
        // The reader opened its end before this first run: complete the connection.
        const IoLimit limit{IoWait::kernel, std::chrono::steady_clock::now() +
                                                std::chrono::milliseconds(static_cast<long long>(command.peer_timeout_ms))};
        Status accepted = cell_->connection->accept(limit);
        if (!accepted.ok()) return FailedReply{accepted.error().describe()};
      }
      const SideResult side = writer_ ? run_transport_writer(cell_->link, spec) : run_transport_reader(cell_->link, spec);
      if (!side.error.empty()) return FailedReply{side.error};
      return reply_of(side);
    }
    if (!writer_) {
      const SideResult side = run_reader(cell_->channel, spec);
      if (!side.error.empty()) return FailedReply{side.error};
      return reply_of(side);
    }
    // The heap reference: the reader is a thread of this process, on the peer's CPU. The
    // writer starts once the thread runs there: a thread's start and its move to the other
    // CPU (milliseconds on a busy machine) are no hand-off, and in the warm-up they cut
    // the batch to its 16-message minimum for the whole row.
    std::optional<SideResult> thread_side;
    std::thread reader;
    std::atomic<bool> reader_ready{false};
    if (backend_->process_local()) {
      reader = std::thread([&] {
        if (options_.peer_cpu >= 0) (void)pin_current_thread(options_.peer_cpu);
        reader_ready.store(true, std::memory_order_release);
        thread_side = run_reader(cell_->channel, spec);
      });
      while (!reader_ready.load(std::memory_order_acquire)) cpu_relax();
    }
    const SideResult side = run_writer(cell_->channel, spec);
    if (reader.joinable()) reader.join();
    if (thread_side && !thread_side->error.empty()) return FailedReply{"reader thread: " + thread_side->error};
    if (!side.error.empty()) return FailedReply{side.error};
    reply = reply_of(side);
    if (thread_side) {
      reply.peer_cpu_ns = thread_side->cpu_ns;
      reply.peer_wall_ns = thread_side->wall_ns;
    }
    if (command.measure_memcpy) reply.memcpy_ns = time_memcpy(command.size);
    return reply;
  }

  Reply close() {
    if (!cell_) return TransferredReply{};
    if (cell_->connection) {
      Status closed = cell_->connection->close();
      cell_.reset();
      if (!closed.ok()) return FailedReply{closed.error().describe()};
      return TransferredReply{};
    }
    cell_->bells = Doorbells{};  // the creator's semaphores live in the view: destroy them first
    Status unmapped = cell_->view->unmap();
    Status closed = cell_->object->close();
    cell_.reset();
    if (!unmapped.ok()) return FailedReply{unmapped.error().describe()};
    if (!closed.ok()) return FailedReply{closed.error().describe()};
    return TransferredReply{};
  }

  Backend* backend_;
  Transport* transport_;
  const WorkerOptions& options_;
  Faults faults_;
  bool writer_;
  std::unique_ptr<OpenCell> cell_;
};
}  // namespace

int run_worker(const WorkerOptions& options) {
  std::unique_ptr<Backend> backend;
  std::unique_ptr<Transport> transport;
  if (!options.transport.empty()) {
    transport = make_transport(options.transport);
    if (!transport) {
      send(FailedReply{"unknown transport '" + options.transport + "'"});
      return kExitBadInput;
    }
  } else {
    if (options.backend.empty()) {
      send(FailedReply{"worker: --backend or --transport is required"});
      return kExitBadInput;
    }
    backend = make_backend(options.backend);
    if (!backend) {
      send(FailedReply{"unknown backend '" + options.backend + "'"});
      return kExitBadInput;
    }
  }
  std::string why;
  const std::optional<Faults> faults = parse_faults(options.fault, why);
  if (!faults) {
    send(FailedReply{"worker: --fault " + why});
    return kExitBadInput;
  }
  if (options.cpu >= 0) {
    Status pinned = pin_current_thread(options.cpu);
    if (!pinned.ok()) {
      send(FailedReply{pinned.error().describe()});
      return kExitCouldNotMeasure;
    }
  }
  const TimerInfo& timer = Timer::get().info();  // calibrate before anything is timed
  Worker worker(backend.get(), transport.get(), options, *faults);
  send(HelloReply{timer});

  std::string line;
  while (std::getline(std::cin, line)) {
    auto command = decode_command(line);
    if (!command.ok()) {
      send(FailedReply{"worker: " + command.error().detail});
      return kExitBadInput;
    }
    if (std::holds_alternative<ExitCommand>(command.value())) return kExitOk;
    if (const auto* transfer = std::get_if<TransferCommand>(&command.value())) send(worker.answer(*transfer));
    else send(FailedReply{"worker: '" + std::string(type_name(command.value())) + "' is not a transfer command"});
  }
  return kExitOk;
}

}  // namespace shmbench::transfer
