// The one registration of every transport: its name, in report order, and its factory,
// which its own file defines. A transport whose file this platform does not build is
// still listed, with no factory, so "--transports fifo" on Windows is skipped with a note
// rather than refused as unknown (as backends/registry.cpp does for backends).
//
// Adding a transport: write its file (a Transport subclass and its make_*_transport
// factory), declare the factory and give it a line in kTransports below, and list the
// file in transports/CMakeLists.txt.
#include "common/platform.hpp"
#include "transports/transport.hpp"

namespace shmbench {

std::unique_ptr<Transport> make_pipe_transport();
std::unique_ptr<Transport> make_fifo_transport();
std::unique_ptr<Transport> make_unix_stream_transport();
std::unique_ptr<Transport> make_unix_seqpacket_transport();
std::unique_ptr<Transport> make_tcp_transport();
std::unique_ptr<Transport> make_mqueue_transport();
std::unique_ptr<Transport> make_npipe_byte_transport();
std::unique_ptr<Transport> make_npipe_message_transport();

namespace {
using Factory = std::unique_ptr<Transport> (*)();

struct Registration {
  const char* name;
  Factory make;  // nullptr: not built on this platform
};

const Registration kTransports[] = {
    {"pipe", &make_pipe_transport},
    {"fifo", SHMBENCH_ON_LINUX(make_fifo_transport)},
    {"npipe-byte", SHMBENCH_ON_WINDOWS(make_npipe_byte_transport)},
    {"npipe-message", SHMBENCH_ON_WINDOWS(make_npipe_message_transport)},
    {"unix-stream", &make_unix_stream_transport},
    {"unix-seqpacket", SHMBENCH_ON_LINUX(make_unix_seqpacket_transport)},
    {"mqueue", SHMBENCH_ON_LINUX(make_mqueue_transport)},
    {"tcp", &make_tcp_transport},
};
}  // namespace

std::unique_ptr<Transport> make_transport(std::string_view name) {
  for (const auto& transport : kTransports)
    if (name == transport.name && transport.make != nullptr) return transport.make();
  return nullptr;
}

std::vector<std::string> available_transports() {
  std::vector<std::string> names;
  for (const auto& transport : kTransports)
    if (transport.make != nullptr) names.emplace_back(transport.name);
  return names;
}

std::vector<std::string> all_transport_names() {
  std::vector<std::string> names;
  for (const auto& transport : kTransports) names.emplace_back(transport.name);
  return names;
}

}  // namespace shmbench
