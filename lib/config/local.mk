# lib/config: the module's configuration model: settings per area as the directives set them, their
# merge across server, vhost and directory, and their resolution into the settings each part runs
# with, and the runtime builder that wires the parts for each server. Above every other part of
# lib/: it may use them all; nothing below includes it.
lib_libuserphoto_la_SOURCES += \
	lib/config/take.h lib/config/config.h lib/config/config.cc \
	lib/config/avatar_config.h lib/config/avatar_config.cc \
	lib/config/validators.h lib/config/validators.cc \
	lib/config/config_summary.h lib/config/config_summary.cc \
	lib/config/directory_handles.h lib/config/directory_handles.cc \
	lib/config/change_watcher.h lib/config/change_watcher.cc \
	lib/config/runtime_builder.h lib/config/runtime_builder.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_config.cc tests/unit/test_runtime_builder.cc
