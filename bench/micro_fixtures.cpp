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

void release_mapping() {
  kept_mapping.view.reset();
  kept_mapping.object.reset();
  if (!kept_mapping.name.empty()) clean_object(kept_mapping.name);  // names that outlive handles
  kept_mapping = WarmMapping{};
}

void release_object() {
  kept_object.object.reset();
  if (!kept_object.name.empty()) clean_object(kept_object.name);
  kept_object = CreatedObject{};
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
  mapping.backend = backend.name();
  mapping.size = size;
  mapping.name = object_names().next();
  auto created = backend.create(mapping.name, size);
  if (!created.ok()) {
    error = created.error();
    return nullptr;
  }
  mapping.object = std::move(created.value());
  auto mapped = mapping.object->map();
  if (!mapped.ok()) {
    error = mapped.error();
    mapping.object.reset();
    clean_object(mapping.name);
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
  release_object();

  CreatedObject created;
  created.backend = backend.name();
  created.size = size;
  created.name = object_names().next();
  auto made = backend.create(created.name, size);
  if (!made.ok()) {
    error = made.error();
    clean_object(created.name);
    return nullptr;
  }
  created.object = std::move(made.value());
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
  release_object();
  kept_source = Source{};
  return clean_prefix(object_names().prefix());
}

}  // namespace shmbench::micro
