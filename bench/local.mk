# bench/: the resize kernel against libvips (built when libvips is installed; bench/run.sh runs it).
if HAVE_VIPS
noinst_PROGRAMS += bench/resize_bench
bench_resize_bench_SOURCES = bench/resize_bench.cc
bench_resize_bench_CPPFLAGS = -I$(top_srcdir)/lib $(VIPS_CFLAGS)
bench_resize_bench_LDADD = lib/libuserphoto.la $(VIPS_LIBS)
endif
EXTRA_DIST += bench/run.sh bench/photo.php bench/mixed.lua bench/soap.lua bench/watch.sh

# Avatar hash index: build time, memory and lookup cost (bench/avatar_index.sh seeds and runs it).
noinst_PROGRAMS += bench/avatar_index
bench_avatar_index_SOURCES = bench/avatar_index.cc
bench_avatar_index_CPPFLAGS = -I$(top_srcdir)/lib
bench_avatar_index_LDADD = lib/libuserphoto.la
EXTRA_DIST += bench/avatar_index.sh

# Served formats: JPEG against WebP and AVIF at equal SSIM, bytes and encode time per edge
# (the README's "Formats" table; bench/format_bench.sh makes the inputs and runs it).
noinst_PROGRAMS += bench/format_bench
bench_format_bench_SOURCES = bench/format_bench.cc
bench_format_bench_CPPFLAGS = -I$(top_srcdir)/lib
bench_format_bench_LDADD = lib/libuserphoto.la
EXTRA_DIST += bench/format_bench.sh

# UserPhotoFallback: one drawn answer's cost, drawn every time against the cache of drawn pictures
# (the README's "Drawn pictures" figures; run build/bench/fallback_bench).
noinst_PROGRAMS += bench/fallback_bench
bench_fallback_bench_SOURCES = bench/fallback_bench.cc
bench_fallback_bench_CPPFLAGS = -I$(top_srcdir)/lib
bench_fallback_bench_LDADD = lib/libuserphoto.la
