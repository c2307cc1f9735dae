# `cmake --install build [--prefix P]`: the libraries, their headers, both
# executables, the benchmark data and the Python package, with an exported CMake
# package so that another project writes
#   find_package(hwnas CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE hwnas::hwnas)      # every torch-free library
#   target_link_libraries(app PRIVATE hwnas::torch)      # and the LibTorch one, when built
# (examples/custom_searcher is such a project; tests/install builds it).
include(CMakePackageConfigHelpers)

# Headers keep their folders under PREFIX/include/hwnas: `#include <hwnas/search/searcher.hpp>`
# outside, the project's own `#include "core/..."` inside them resolve through PREFIX/include/hwnas.
set(hwnas_libraries hwnas_core hwnas_spaces hwnas_benchmark_data hwnas_cost hwnas_benchmark hwnas_objective hwnas_predict
    hwnas_search hwnas_study hwnas_report hwnas_cli)
if(HWNAS_WITH_TORCH)
  list(APPEND hwnas_libraries hwnas_torch)
endif()
foreach(library IN LISTS hwnas_libraries)
  string(REGEX REPLACE "^hwnas_" "" export_name "${library}")
  set_target_properties(${library} PROPERTIES EXPORT_NAME ${export_name})
endforeach()
if(HWNAS_WITH_TORCH)
  # hwnas::torch is the package name below (the library with the command line).
  set_target_properties(hwnas_torch PROPERTIES EXPORT_NAME torch_library)
endif()

# hwnas::hwnas and hwnas::torch: everything a program needs, in one name each.
add_library(hwnas_package INTERFACE)
target_link_libraries(hwnas_package INTERFACE hwnas_cli)
set_target_properties(hwnas_package PROPERTIES EXPORT_NAME hwnas)
add_library(hwnas::hwnas ALIAS hwnas_package)
list(APPEND hwnas_libraries hwnas_package)
if(HWNAS_WITH_TORCH)
  add_library(hwnas_torch_package INTERFACE)
  target_link_libraries(hwnas_torch_package INTERFACE hwnas_torch hwnas_cli)
  set_target_properties(hwnas_torch_package PROPERTIES EXPORT_NAME torch)
  add_library(hwnas::torch ALIAS hwnas_torch_package)
  list(APPEND hwnas_libraries hwnas_torch_package)
endif()

install(TARGETS ${hwnas_libraries} EXPORT hwnasTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} ${CMAKE_INSTALL_INCLUDEDIR}/hwnas)
install(DIRECTORY core spaces benchmark_data cost benchmark objective predict search study report cli torch
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/hwnas FILES_MATCHING PATTERN "*.hpp")
set(hwnas_executables hwnas)
if(HWNAS_WITH_TORCH)
  list(APPEND hwnas_executables hwnas-torch)  # `hwnas` hands LibTorch work to the one beside it
endif()
install(TARGETS ${hwnas_executables} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY benchmark_data/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hwnas/data)
if(HWNAS_WITH_PYTHON)
  set(HWNAS_INSTALL_PYTHONDIR "${CMAKE_INSTALL_LIBDIR}/python3/dist-packages" CACHE STRING
      "Where cmake --install puts the Python package hwnas (relative to the prefix)")
  install(TARGETS _hwnas LIBRARY DESTINATION ${HWNAS_INSTALL_PYTHONDIR}/hwnas)
  install(FILES python/hwnas/__init__.py DESTINATION ${HWNAS_INSTALL_PYTHONDIR}/hwnas)
endif()

set(hwnas_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/hwnas)
install(EXPORT hwnasTargets NAMESPACE hwnas:: DESTINATION ${hwnas_cmake_dir})
configure_package_config_file(cmake/hwnasConfig.cmake.in ${CMAKE_BINARY_DIR}/hwnasConfig.cmake
                              INSTALL_DESTINATION ${hwnas_cmake_dir})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/hwnasConfigVersion.cmake VERSION 0.1.0 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/hwnasConfig.cmake ${CMAKE_BINARY_DIR}/hwnasConfigVersion.cmake DESTINATION ${hwnas_cmake_dir})
