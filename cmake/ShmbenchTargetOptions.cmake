# What every shmbench target gets, set per target (never through global flags):
# - warnings: -Wall -Wextra -Wpedantic -Wshadow for GCC and Clang (-Wpedantic: GNU
#   extensions are where MSVC differs first), /W4 /permissive- for MSVC;
# - MSVC only: /utf-8, because sources hold ±, →, µ in string literals that tests
#   compare, and without it MSVC reads a source in the machine's code page;
#   /Zc:__cplusplus, because Boost and CLI11 test __cplusplus, which MSVC otherwise
#   leaves at 199711L whatever the standard;
# - Windows executables: the manifest that makes UTF-8 their ANSI code page
#   (cmake/windows-utf8.manifest), so a library that opens files by narrow name (Google
#   Benchmark's --benchmark_out, Boost's file-emulated objects) sees the same UTF-8
#   paths shmbench itself uses.
set(SHMBENCH_MANIFEST "${CMAKE_CURRENT_LIST_DIR}/windows-utf8.manifest")

function(shmbench_target_options target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive- /utf-8 /Zc:__cplusplus)
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)
  endif()
  get_target_property(type ${target} TYPE)
  if(WIN32 AND type STREQUAL "EXECUTABLE")
    if(MSVC)
      # The linker merges a .manifest source into the manifest it embeds.
      target_sources(${target} PRIVATE "${SHMBENCH_MANIFEST}")
    else()
      # MinGW's linker embeds no manifest: a resource script carries it (RT_MANIFEST, id 1).
      target_sources(${target} PRIVATE "${SHMBENCH_MANIFEST_RC}")
    endif()
  endif()
endfunction()

if(WIN32 AND NOT MSVC)
  enable_language(RC)
  set(SHMBENCH_MANIFEST_RC "${CMAKE_BINARY_DIR}/shmbench-manifest.rc")
  # 24 is RT_MANIFEST; windres reads the path as a C string, so backslashes are doubled.
  string(REPLACE "\\" "\\\\" manifest_in_rc "${SHMBENCH_MANIFEST}")
  file(WRITE "${SHMBENCH_MANIFEST_RC}" "1 24 \"${manifest_in_rc}\"\n")
endif()
