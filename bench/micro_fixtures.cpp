#include "micro_fixtures.hpp"

#include "measure/pattern.hpp"

namespace shmbench::micro {

namespace {
WarmMapping kept_mapping;
CreatedObject kept_object;

struct Source {
  std::uint64_t seed = 0;
  SourceBuffer bytes;
} kept_source;

// Closes a kept object and removes its name (names that outlive handles), leaving it empty.
void release(CreatedObject& kept) {
  kept.object.reset();
  if (!kept.name.empty()) clean_object(kept.name);
  kept = CreatedObject{};
}

void release_mapping() {
  kept_mapping.view.reset();  // unmapped before its object closes
  release(kept_mapping);
}

// A new object of `backend` and `size` under a fresh run name into `made`; false, with
// `error` set and the name removed, if it cannot be created.
bool create_fresh(Backend& backend, std::uint64_t size, CreatedObject& made, Error& error) {
  made.backend = backend.name();
  made.size = size;
  made.name = object_names().next();
  auto created = backend.create(made.name, size);
  if (!created.ok()) {
    error = created.error();
    clean_object(made.name);
    return false;
  }
  made.object = std::move(created.value());
  return true;
}
}  // namespace

RunNames& object_names() {
  static RunNames names;
  return names;
}

WarmMapping* warm_mapping(Backend& backend, std::uint64_t size, Error& error) {
  if (kept_mapping.view && kept_mapping.backend == backend.name() && kept_mapping.size == size) return &kept_mapping;
  release_mapping();

  WarmMapping mapping;
  if (!create_fresh(backend, size, mapping, error)) return nullptr;
  auto mapped = mapping.object->map();
  if (!mapped.ok()) {
    error = mapped.error();
    release(mapping);
    return nullptr;
  }
  mapping.view = std::move(mapped.value());
  // Fault every page in now: the benchmarks using this mapping measure warm memory.
  fill_pattern(mapping.view->data(), mapping.view->size(), 0);
  kept_mapping = std::move(mapping);
  return &kept_mapping;
}

CreatedObject* created_object(Backend& backend, std::uint64_t size, Error& error) {
  if (kept_object.object && kept_object.backend == backend.name() && kept_object.size == size) return &kept_object;
  release(kept_object);

  CreatedObject created;
  if (!create_fresh(backend, size, created, error)) return nullptr;
  kept_object = std::move(created);
  return &kept_object;
}

const SourceBuffer& source_buffer(std::uint64_t size, std::uint64_t seed) {
  if (kept_source.bytes.size() != size || kept_source.seed != seed) {
    kept_source.bytes = SourceBuffer(static_cast<std::size_t>(size));
    fill_pattern(kept_source.bytes.data(), kept_source.bytes.size(), seed);
    kept_source.seed = seed;
  }
  return kept_source.bytes;
}

CleanOutcome release_fixtures() {
  release_mapping();
  release(kept_object);
  kept_source = Source{};
  return clean_prefix(object_names().prefix());
}

}  // namespace shmbench::micro
