# The httpd module: glue only (config directives, handlers, request adapter, logging bridge).
apachemoddir = $(HTTPD_MODULEDIR)
apachemod_LTLIBRARIES = mod_userphoto/mod_userphoto.la
mod_userphoto_mod_userphoto_la_SOURCES = \
	mod_userphoto/glue.h \
	mod_userphoto/mod_userphoto.cc \
	mod_userphoto/config_directives.h mod_userphoto/config_directives.cc \
	mod_userphoto/directive_setter.h \
	mod_userphoto/log_bridge.h mod_userphoto/log_bridge.cc \
	mod_userphoto/runtime.h mod_userphoto/runtime.cc \
	mod_userphoto/request_adapter.h mod_userphoto/request_adapter.cc \
	mod_userphoto/handlers.h mod_userphoto/handlers.cc \
	mod_userphoto/chatter_glue.h mod_userphoto/chatter_glue.cc \
	mod_userphoto/graph_glue.h mod_userphoto/graph_glue.cc \
	mod_userphoto/write_clock.h mod_userphoto/write_clock.cc \
	mod_userphoto/cache_directives.h mod_userphoto/cache_directives.cc \
	mod_userphoto/directory_directives.h mod_userphoto/directory_directives.cc \
	mod_userphoto/socache_glue.h mod_userphoto/socache_glue.cc \
	mod_userphoto/onoffice_glue.h mod_userphoto/onoffice_glue.cc \
	mod_userphoto/ews_glue.h mod_userphoto/ews_glue.cc \
	mod_userphoto/link_secrets.h mod_userphoto/link_secrets.cc \
	mod_userphoto/watch_directives.h mod_userphoto/watch_directives.cc \
	mod_userphoto/directory_watch.h mod_userphoto/directory_watch.cc \
	mod_userphoto/avatar_glue.h mod_userphoto/avatar_glue.cc \
	mod_userphoto/status_glue.h mod_userphoto/status_glue.cc
mod_userphoto_mod_userphoto_la_CPPFLAGS = -I$(top_srcdir)/lib $(HTTPD_CPPFLAGS) $(JSON_CFLAGS)
mod_userphoto_mod_userphoto_la_LDFLAGS = -module -avoid-version -shared -Wl,--version-script=$(top_srcdir)/mod_userphoto/exports.map
EXTRA_mod_userphoto_mod_userphoto_la_DEPENDENCIES = mod_userphoto/exports.map
EXTRA_DIST += mod_userphoto/exports.map
mod_userphoto_mod_userphoto_la_LIBADD = lib/libuserphoto.la

# Debian layout: mods-available/userphoto.{load,conf} for a2enmod.
apacheconfdir = $(HTTPD_SYSCONFDIR)/mods-available
apacheconf_DATA = conf/userphoto.load conf/userphoto.conf

install-data-hook:
	rm -f $(DESTDIR)$(apachemoddir)/mod_userphoto.la
