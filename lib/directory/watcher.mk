# lib/directory: the directory watcher (RFC 4533 content sync or change-marker polling); it tells a
# ChangeListener (lib/util) which entries changed.
lib_libuserphoto_la_SOURCES += \
	lib/directory/watch_settings.h lib/directory/watch_settings.cc \
	lib/directory/ldap_scope.h \
	lib/directory/change_marker_tracker.h lib/directory/change_marker_tracker.cc \
	lib/directory/sync_messages.h lib/directory/sync_messages.cc \
	lib/directory/sync_state.h lib/directory/sync_state.cc \
	lib/directory/server_features.h lib/directory/server_features.cc \
	lib/directory/change_poller.h lib/directory/change_poller.cc \
	lib/directory/syncrepl_session.h lib/directory/syncrepl_session.cc \
	lib/directory/directory_watcher.h lib/directory/directory_watcher.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_directory_watch.cc
