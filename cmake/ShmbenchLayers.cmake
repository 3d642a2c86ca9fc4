# The harness is built as one static library per folder ("layer"), each linking only the
# layers below it, so the dependency direction is written down once, here and in each
# folder's CMakeLists.txt (tests/layout checks the #includes follow it).
#
#   shmbench_add_layer(NAME <name> SOURCES <files...> [LINUX <files...>] [WINDOWS <files...>]
#                      [DEPENDS <targets...>])
#
# makes shmbench_<name> with the alias shmbench::<name>. Platform code sits in
# name.linux.cpp / name.windows.cpp pairs listed under LINUX / WINDOWS.
set(SHMBENCH_HARNESS_DIR "${PROJECT_SOURCE_DIR}/harness")

function(shmbench_add_layer)
  cmake_parse_arguments(LAYER "" "NAME" "SOURCES;LINUX;WINDOWS;DEPENDS" ${ARGN})
  set(target shmbench_${LAYER_NAME})
  add_library(${target} STATIC ${LAYER_SOURCES})
  if(WIN32)
    target_sources(${target} PRIVATE ${LAYER_WINDOWS})
  else()
    target_sources(${target} PRIVATE ${LAYER_LINUX})
  endif()
  add_library(shmbench::${LAYER_NAME} ALIAS ${target})
  # Includes name their layer: #include "backends/backend.hpp".
  target_include_directories(${target} PUBLIC "${SHMBENCH_HARNESS_DIR}")
  target_compile_features(${target} PUBLIC cxx_std_17)
  target_link_libraries(${target} PUBLIC ${LAYER_DEPENDS})
  shmbench_target_options(${target})
endfunction()
