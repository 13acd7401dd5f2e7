#include "config/directory_handles.h"

namespace userphoto {
namespace {

class PoolGauges : public ConnectionGauges {
public:
    explicit PoolGauges(std::shared_ptr<directory::Directory> directory) : directory_(std::move(directory)) {}
    int open_connections() const override { return directory_->open_connections(); }
    int idle_connections() const override { return directory_->idle_connections(); }

private:
    std::shared_ptr<directory::Directory> directory_;
};

}  // namespace

DirectoryHandle open_ldap_directory(const directory::Settings& settings, const Logger& log) {
    auto directory = std::make_shared<directory::Directory>(settings, log);
    return {directory, std::make_shared<PoolGauges>(directory)};
}

DirectoryFactory ldap_directories_counted_in(HostTable& hosts) {
    return [&hosts](const directory::Settings& settings, const Logger& log) {
        auto directory = std::make_shared<directory::Directory>(settings, log);
        directory->count_hosts_in(hosts);
        return DirectoryHandle{directory, std::make_shared<PoolGauges>(directory)};
    };
}

void initialize_directory_client() { directory::initialize_client_library(); }

std::shared_ptr<avatar::IndexBuilder> make_index_builder(const directory::Settings& settings,
                                                         const avatar::IndexBuilderSettings& builder,
                                                         avatar::HashIndex index, const Logger& log) {
    directory::Settings own_pool = settings;
    own_pool.pool_max = 2;
    auto directory = std::make_shared<directory::Directory>(own_pool, log);
    return std::make_shared<avatar::IndexBuilder>(builder, directory, index, log);
}

}  // namespace userphoto
