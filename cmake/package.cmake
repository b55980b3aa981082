# The Debian package: cpack -G DEB in a build configured for /usr
# (scripts/package does both). dpkg-shlibdeps derives the library
# dependencies from the binaries themselves (libuv1, libsqlite3-0,
# libyaml-0-2, libjansson4, libgsl27, libopenblas0, libpcre2-8-0, zlib1g).
set(CPACK_PACKAGE_NAME hpsd)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "hyperparameter search daemon")
set(CPACK_PACKAGE_DESCRIPTION
"hpsd runs hyperparameter searches for machine-learning training
programs: it runs the trials (any command, locally or on a Slurm
cluster), reads the metrics they print, records every epoch in SQLite,
stops hopeless trials early, chooses the next trials by grid, random,
genetic or Gaussian-process Bayesian search, and survives crashes and
reboots. hps, its client, submits search-space files and shows the best
configurations by their validation metric, their learning curves and an
HTML report.")
# The maintainer and date of the package: the author and date of the
# commit it is built from (so two builds of one commit are the same), or
# what the builder sets.
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} -C "${CMAKE_SOURCE_DIR}" log -1
                          "--format=%an <%ae>%n%aD"
                  OUTPUT_VARIABLE hps_commit OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET)
endif()
if(hps_commit MATCHES "^([^\n]*)\n(.*)$")
  set(hps_author "${CMAKE_MATCH_1}")
  set(hps_date "${CMAKE_MATCH_2}")
else()
  set(hps_author "hpsd maintainers <hpsd@invalid.example>")
  string(TIMESTAMP hps_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
endif()
set(HPS_DEB_MAINTAINER "${hps_author}"
    CACHE STRING "the Debian package's Maintainer field")

# Debian's changelog of the package, which every binary package carries.
file(WRITE ${CMAKE_BINARY_DIR}/packaging/changelog.Debian
"hpsd (${PROJECT_VERSION}-1) unstable; urgency=medium

  * Package of hpsd ${PROJECT_VERSION}, built with cpack from the source tree.

 -- ${HPS_DEB_MAINTAINER}  ${hps_date}
")
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/packaging/changelog.Debian.gz
  COMMAND gzip -9nc ${CMAKE_BINARY_DIR}/packaging/changelog.Debian
          > ${CMAKE_BINARY_DIR}/packaging/changelog.Debian.gz
  DEPENDS ${CMAKE_BINARY_DIR}/packaging/changelog.Debian VERBATIM)
add_custom_target(hps_changelog ALL
  DEPENDS ${CMAKE_BINARY_DIR}/packaging/changelog.Debian.gz)
install(FILES ${CMAKE_BINARY_DIR}/packaging/changelog.Debian.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${HPS_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion, dataset-fashion-mnist")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "slurm-client")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_GENERATOR DEB)
include(CPack)
