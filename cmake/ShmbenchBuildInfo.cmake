# The git revision the build came from, read at configure time. Configuration re-runs
# when HEAD or the index changes, so a report never names a stale revision.
find_package(Git QUIET)
set(SHMBENCH_GIT_REVISION "unknown")
if(GIT_FOUND AND EXISTS "${CMAKE_SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
                  WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
                  OUTPUT_VARIABLE SHMBENCH_GIT_REVISION OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE git_result ERROR_QUIET)
  if(NOT git_result EQUAL 0 OR SHMBENCH_GIT_REVISION STREQUAL "")
    set(SHMBENCH_GIT_REVISION "unknown")
  endif()
  foreach(watched IN ITEMS .git/HEAD .git/index)
    if(EXISTS "${CMAKE_SOURCE_DIR}/${watched}")
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/${watched}")
    endif()
  endforeach()
endif()
