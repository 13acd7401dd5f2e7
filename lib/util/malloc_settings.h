// How freed memory is kept in a process that renders photos: set once in each httpd child, and in
// the benchmarks that measure the kernel, so that they measure it as the module runs it.
#pragma once

namespace userphoto {

// A cold request allocates a few hundred KiB (the LDAP message, the photo, the decoded pixels,
// libjpeg's work areas) and frees them at its end. glibc's default returns the free top of a
// thread's heap to the kernel beyond 128 KiB (madvise), so each request faulted its pages back in,
// with TLB shootdowns across the threads: in bench/run.sh's cold row that system time was about
// 40 % of httpd's CPU, and the kernel alone ran at about half its speed. This keeps up to 2 MiB
// free per heap instead (a few requests' worth; more only raised the soak test's resident memory),
// and maps only blocks of 1 MiB and more on their own. An operator's own malloc settings
// (environment) win. Call before the threads start; does nothing outside glibc.
void keep_freed_memory_for_reuse();

}  // namespace userphoto
