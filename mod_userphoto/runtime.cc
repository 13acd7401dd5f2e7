#include "runtime.h"

#include "directory/directory.h"
#include "log_bridge.h"
#include "service/photo_service.h"
#include "service/people_service.h"
#include "apr_general.h"

namespace userphoto::glue {
namespace {

// Stands in when a server has no usable configuration: every lookup is "unavailable",
// which each protocol renders as its own internal-error answer.
class UnconfiguredProvider : public PhotoProvider {
public:
    PhotoResult get_photo(const PhotoQuery&, const Logger& log) override {
        log.error("mod_userphoto is not configured for this server (UserPhotoLDAPURL missing)");
        PhotoResult result;
        result.status = PhotoStatus::Unavailable;
        return result;
    }
};

UnconfiguredProvider unconfigured;  // stateless, safe to share across threads

}  // namespace

int check_configuration(apr_pool_t*, server_rec* main_server) {
    // ---- onOffice: one random link secret for every server without UserPhotoLinkSecret ----
    unsigned char random[32];
    if (apr_generate_random_bytes(random, sizeof random) != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, main_server, "mod_userphoto: no random bytes for the link secret");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    static const char hex[] = "0123456789abcdef";
    std::string startup_secret;
    for (unsigned char byte : random) startup_secret += {hex[byte >> 4], hex[byte & 15]};
    for (server_rec* s = main_server; s; s = s->next) server_state(s)->startup_link_secret = startup_secret;

    for (server_rec* s = main_server; s; s = s->next) {
        ServerState* state = server_state(s);
        std::string problem;
        if (!resolve(state->config, &problem)) {
            state->problem = problem;
            // Only warn once for the main server when no vhost uses the module at all would be nicer,
            // but a missing URL is worth seeing: the handlers answer 500 without it.
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, "mod_userphoto: %s", problem.c_str());
        }
    }
    return OK;
}

void create_child_runtimes(apr_pool_t* pchild, server_rec* main_server) {
    for (server_rec* s = main_server; s; s = s->next) {
        ServerState* state = server_state(s);
        auto settings = resolve(state->config, nullptr);
        if (!settings) continue;
        auto directory = std::make_shared<directory::Directory>(settings->directory, server_logger(s));
        Runtime* runtime = pool_new<Runtime>(pchild);
        runtime->photos = std::make_shared<PhotoService>(settings->service, directory);
        // ---- onOffice ----
        runtime->people = std::make_shared<PeopleService>(settings->people, directory);
        runtime->link_secret = settings->link_secret.empty() ? state->startup_link_secret : settings->link_secret;
        runtime->link_lifetime_s = settings->link_lifetime_s;
        state->runtime = runtime;
    }
}

PhotoProvider& provider_for(request_rec* r) {
    ServerState* state = server_state(r->server);
    if (state->runtime && state->runtime->photos) return *state->runtime->photos;
    return unconfigured;
}

}  // namespace userphoto::glue
