// What the parts above the directory hold of it, without knowing the LDAP Directory: the services'
// DirectoryAccess, the pool's gauges for the status page and the avatar index's builder. The LDAP
// implementations are made here (lib/config may include lib/directory; the glue may not).
#pragma once
#include <functional>
#include <memory>

#include "directory/directory.h"
#include "index/index_builder.h"
#include "log.h"
#include "util/host_counters.h"

namespace userphoto {

// The status page's view of one server's connection pool in this process.
class ConnectionGauges {
public:
    virtual ~ConnectionGauges() = default;
    virtual int open_connections() const = 0;
    virtual int idle_connections() const = 0;
};

// One server's directory as its runtime holds it.
struct DirectoryHandle {
    std::shared_ptr<directory::DirectoryAccess> access;
    std::shared_ptr<ConnectionGauges> gauges;  // null when there is no pool to show
};

// Opens the directory of one server's settings: the LDAP one in httpd, a fake in unit tests.
using DirectoryFactory = std::function<DirectoryHandle(const directory::Settings&, const Logger&)>;

// The LDAP directory (its connection pool is opened lazily, by the first request).
DirectoryHandle open_ldap_directory(const directory::Settings& settings, const Logger& log);
// LDAP directories whose servers, where `hosts` (shared by every child) names them, are counted there.
DirectoryFactory ldap_directories_counted_in(HostTable& hosts);

// libldap's process-wide set-up: once, single-threaded, before any thread uses a directory.
void initialize_directory_client();

// The avatar index's builder on its own small LDAP pool (2 connections), so that a long paged
// search never holds a connection a request needs.
std::shared_ptr<avatar::IndexBuilder> make_index_builder(const directory::Settings& settings,
                                                         const avatar::IndexBuilderSettings& builder,
                                                         avatar::HashIndex index, const Logger& log);

}  // namespace userphoto
