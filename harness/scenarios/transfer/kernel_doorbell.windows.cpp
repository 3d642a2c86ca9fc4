// win32's kernel wait: two named auto-reset events, "Local\<mapping name>-to-reader" and
// "-to-writer" (SetEvent / WaitForSingleObject); the heap reference's threads use
// unnamed ones. Events die with their last handle, like the sections, so a crashed run
// leaves none behind. An auto-reset event does not count, so the waiter checks the
// sequence number before each wait (a ring that came first leaves the event set).
#include <windows.h>

#include "common/text.hpp"
#include "scenarios/transfer/doorbell.hpp"

namespace shmbench::transfer {

namespace {
class EventDoorbell final : public Doorbell {
 public:
  explicit EventDoorbell(HANDLE event) : event_(event) {}
  ~EventDoorbell() override { CloseHandle(event_); }
  void ring() override { SetEvent(event_); }
  bool wait(const std::atomic<std::uint64_t>& seq, std::uint64_t target, const WaitLimit& limit) override {
    while (seq.load(std::memory_order_acquire) < target) {
      const DWORD waited = WaitForSingleObject(event_, 100);  // slices, so an abort or the limit is seen
      if (waited == WAIT_FAILED) return false;
      if (waited == WAIT_TIMEOUT && past_limit(limit)) return false;
    }
    return true;
  }

 private:
  HANDLE event_;
};

std::wstring event_name(const std::string& name, const char* suffix) {
  const std::string full = "Local\\" + name + suffix;
  return std::wstring(full.begin(), full.end());  // shmbench names are ASCII
}

Result<HANDLE> open_event(const std::string& name, const char* suffix, bool creator, bool named) {
  if (!named) {
    HANDLE event = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    if (event == nullptr) return last_os_error("CreateEventW");
    return event;
  }
  const std::wstring wide = event_name(name, suffix);
  if (creator) {
    HANDLE event = CreateEventW(nullptr, FALSE, FALSE, wide.c_str());
    const DWORD code = GetLastError();
    if (event == nullptr) return error_from_win32(code, "CreateEventW");
    if (code == ERROR_ALREADY_EXISTS) {  // never attach to someone else's event
      CloseHandle(event);
      return error_from_win32(code, "CreateEventW");
    }
    return event;
  }
  HANDLE event = OpenEventW(EVENT_MODIFY_STATE | SYNCHRONIZE, FALSE, wide.c_str());
  if (event == nullptr) return last_os_error("OpenEventW");
  return event;
}
}  // namespace

Result<Doorbells> make_native_doorbells(std::string_view backend, ControlBlock&, const std::string& name,
                                        bool creator) {
  const bool named = backend != "heap";
  auto to_reader = open_event(name, "-to-reader", creator, named);
  if (!to_reader.ok()) return to_reader.error();
  auto to_writer = open_event(name, "-to-writer", creator, named);
  if (!to_writer.ok()) {
    CloseHandle(to_reader.value());
    return to_writer.error();
  }
  return Doorbells{std::make_unique<EventDoorbell>(to_reader.value()), std::make_unique<EventDoorbell>(to_writer.value())};
}

std::string kernel_wait_description(std::string_view backend) {
  if (backend == "heap") return "unnamed auto-reset events (threads of one process); SetEvent / WaitForSingleObject";
  if (backend.rfind("boost-", 0) == 0)
    return "boost::interprocess::interprocess_semaphore in the mapping (Boost's generic emulation on Windows)";
  return "named auto-reset events Local\\<name>-to-reader / -to-writer; SetEvent / WaitForSingleObject";
}

}  // namespace shmbench::transfer
