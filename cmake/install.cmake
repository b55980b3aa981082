# What `cmake --install` puts where (GNUInstallDirs; CMAKE_INSTALL_PREFIX
# and DESTDIR honoured), and the Debian package `cpack -G DEB` builds from
# it (scripts/package). The paths are the ones the tools look in: man
# finds share/man, bash-completion share/bash-completion/completions (also
# under ~/.local), systemd's user manager share/systemd/user and its system
# manager lib/systemd/system.

set(HPS_SYSTEMD_USER_UNIT_DIR "${CMAKE_INSTALL_DATADIR}/systemd/user"
    CACHE STRING "where the systemd user unit goes, under the prefix")
set(HPS_SYSTEMD_SYSTEM_UNIT_DIR "lib/systemd/system"
    CACHE STRING "where the systemd system unit goes, under the prefix")
set(HPS_BASH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/bash-completion/completions"
    CACHE STRING "where the bash completion goes, under the prefix")

install(TARGETS hps hpsd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# hpsd runs one keeper per local trial and finds it there (CMakeLists.txt).
install(TARGETS hpsd-keeper RUNTIME DESTINATION ${HPSD_KEEPER_INSTALL_DIR})
foreach(trainer hps-mlp hps-functions)
  if(TARGET ${trainer})
    install(TARGETS ${trainer} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

# Manual pages, compressed as Debian ships them (gzip -n: no time stamp,
# so the package builds the same twice); a trainer's with the trainer.
set(HPS_MAN_PAGES hps.1 hps-space.5 hpsd.8)
foreach(trainer hps-mlp hps-functions)
  if(TARGET ${trainer})
    list(APPEND HPS_MAN_PAGES ${trainer}.1)
  endif()
endforeach()
foreach(page ${HPS_MAN_PAGES})
  string(REGEX REPLACE ".*\\.([0-9])$" "\\1" section ${page})
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/man/${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND gzip -9nc ${CMAKE_SOURCE_DIR}/man/${page}
            > ${CMAKE_BINARY_DIR}/man/${page}.gz
    DEPENDS ${CMAKE_SOURCE_DIR}/man/${page} VERBATIM)
  list(APPEND HPS_MAN_GZ ${CMAKE_BINARY_DIR}/man/${page}.gz)
  install(FILES ${CMAKE_BINARY_DIR}/man/${page}.gz
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
add_custom_target(hps_man ALL DEPENDS ${HPS_MAN_GZ})

# One completion file serves both commands; bash-completion loads it by
# the command's name.
foreach(cmd hps hpsd)
  install(FILES completion/hps.bash DESTINATION ${HPS_BASH_COMPLETION_DIR}
          RENAME ${cmd})
endforeach()

# The units name hpsd by its installed path, known only at install time
# (cmake --install --prefix, cpack's /usr): they are made then.
install(CODE "
  set(HPS_FULL_BINDIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  foreach(unit hpsd.service hpsd@.service)
    configure_file(\"${CMAKE_SOURCE_DIR}/systemd/\${unit}.in\"
                   \"${CMAKE_BINARY_DIR}/systemd/\${unit}\" @ONLY)
  endforeach()")
install(FILES ${CMAKE_BINARY_DIR}/systemd/hpsd.service
        DESTINATION ${HPS_SYSTEMD_USER_UNIT_DIR})
install(FILES ${CMAKE_BINARY_DIR}/systemd/hpsd@.service
        DESTINATION ${HPS_SYSTEMD_SYSTEM_UNIT_DIR})

# The examples: space files for every method, run with the installed
# trainers (hps-mlp, hps-functions) on PATH.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES examples/quickstart.yaml
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(DIRECTORY examples/fashion examples/torch
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(DIRECTORY examples/functions
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
        FILES_MATCHING PATTERN "*.yaml")
install(FILES examples/mlp/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/mlp)

include(${CMAKE_CURRENT_LIST_DIR}/package.cmake)
