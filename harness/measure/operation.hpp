// The operations shmbench measures, in report order, and which backends have them.
#pragma once

#include <string>
#include <vector>

namespace shmbench {

// create       writer: create the named object (exclusive)            latency
// open         reader: open it by name, in another process             latency
// map          writer: map a view of the whole object                  latency
// first_touch  writer: first write to each page of the fresh view      ns per page
// copy_cold    writer: first copy of a buffer into the fresh view      ns per pass, bytes/s
// copy         writer: warm copy of a buffer into the view             ns per pass, bytes/s
// read_cold    reader: first verified read, faulting its own mapping   ns per pass, bytes/s
// read         reader: warm verified read                              ns per pass, bytes/s
// unmap        writer: unmap the view                                  latency
// close        writer: close the handle (and remove the name)          latency
inline const std::vector<std::string>& all_operations() {
  static const std::vector<std::string> ops = {"create",    "open",      "map",  "first_touch", "copy_cold",
                                               "copy",      "read_cold", "read", "unmap",       "close"};
  return ops;
}

// The heap reference has no name to open and no view to map: it reports the operations
// that exist for a private buffer (create = allocate, close = free).
inline const std::vector<std::string>& heap_operations() {
  static const std::vector<std::string> ops = {"create", "first_touch", "copy_cold", "copy", "read", "close"};
  return ops;
}

inline const std::vector<std::string>& operations_of(const std::string& backend) {
  return backend == "heap" ? heap_operations() : all_operations();
}

// Operations whose time is per pass over the whole buffer, so bytes/s is meaningful.
inline bool is_throughput_operation(const std::string& op) {
  return op == "copy_cold" || op == "copy" || op == "read" || op == "read_cold" || op == "first_touch";
}

}  // namespace shmbench
