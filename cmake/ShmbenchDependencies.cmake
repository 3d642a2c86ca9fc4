# Header-only dependencies as namespaced interface targets, found one of two ways:
# - a MinGW cross build reads them from SHMBENCH_HEADER_LINKS, a folder holding only
#   links to them (never -I/usr/include, which would pull glibc headers into Windows code);
# - native builds use the packages' own CMake configs (Debian, vcpkg).
# Boost comes from SHMBENCH_BOOST_INCLUDE_DIR when given (setup-deps.sh unpacks 1.81
# there), else from find_package(Boost).
set(SHMBENCH_HEADER_LINKS "" CACHE PATH "Folder of links to header-only libraries (MinGW builds)")
set(SHMBENCH_BOOST_INCLUDE_DIR "" CACHE PATH "Folder holding boost/ (overrides find_package(Boost))")

add_library(shmbench_boost_headers INTERFACE)
add_library(shmbench::boost_headers ALIAS shmbench_boost_headers)
add_library(shmbench_json INTERFACE)
add_library(shmbench::json ALIAS shmbench_json)
add_library(shmbench_cli11 INTERFACE)
add_library(shmbench::cli11 ALIAS shmbench_cli11)

if(SHMBENCH_HEADER_LINKS)
  foreach(header IN ITEMS boost/version.hpp nlohmann/json.hpp CLI/CLI.hpp)
    if(NOT EXISTS "${SHMBENCH_HEADER_LINKS}/${header}")
      message(FATAL_ERROR "${SHMBENCH_HEADER_LINKS}/${header} is missing: run scripts/setup-deps.sh")
    endif()
  endforeach()
  target_include_directories(shmbench_boost_headers SYSTEM INTERFACE "${SHMBENCH_HEADER_LINKS}")
  target_include_directories(shmbench_json SYSTEM INTERFACE "${SHMBENCH_HEADER_LINKS}")
  target_include_directories(shmbench_cli11 SYSTEM INTERFACE "${SHMBENCH_HEADER_LINKS}")
else()
  if(SHMBENCH_BOOST_INCLUDE_DIR)
    if(NOT EXISTS "${SHMBENCH_BOOST_INCLUDE_DIR}/boost/version.hpp")
      message(FATAL_ERROR "${SHMBENCH_BOOST_INCLUDE_DIR}/boost/version.hpp is missing: run scripts/setup-deps.sh")
    endif()
    target_include_directories(shmbench_boost_headers SYSTEM INTERFACE "${SHMBENCH_BOOST_INCLUDE_DIR}")
  else()
    find_package(Boost 1.74 REQUIRED)
    target_link_libraries(shmbench_boost_headers INTERFACE Boost::headers)
  endif()
  find_package(nlohmann_json 3.9 REQUIRED)
  target_link_libraries(shmbench_json INTERFACE nlohmann_json::nlohmann_json)
  find_package(CLI11 2.0 CONFIG REQUIRED)
  target_link_libraries(shmbench_cli11 INTERFACE CLI11::CLI11)
endif()

find_package(Threads REQUIRED)
