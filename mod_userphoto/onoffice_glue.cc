#include "onoffice_glue.h"

#include "directive_setter.h"
#include "http_protocol.h"
#include "log_bridge.h"
#include "protocol/onoffice/handler.h"
#include "request_adapter.h"
#include "runtime.h"

namespace userphoto::glue {
namespace {

// Stands in when the server has no usable configuration: the API answers its internal error.
class UnconfiguredPeople : public PeopleDirectory {
public:
    const PeopleAttributes& attributes() const override { return attributes_; }
    PeoplePage list(const PeopleQuery&, const Logger& log) override {
        log.error(kNotConfigured);
        PeoplePage page;
        page.status = PeopleStatus::Unavailable;
        page.message = "not configured";
        return page;
    }

private:
    PeopleAttributes attributes_;
};

UnconfiguredPeople unconfigured;  // stateless, safe to share across threads

}  // namespace

extern "C" const char* set_onoffice_max_records(cmd_parms* cmd, void* dir, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto n = parse_int_in_range(arg, 1, 1'000'000);
        if (!n) return error(cmd, "expects a number of records from 1 to 1000000");
        static_cast<DirConfig*>(dir)->onoffice_max_records = static_cast<uint64_t>(*n);
        return nullptr;
    });
}

extern "C" const char* set_onoffice_max_response_bytes(cmd_parms* cmd, void* dir, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto n = parse_byte_size(arg);
        if (!n || *n == 0 || *n > (1ULL << 30)) return error(cmd, "expects a size such as 32M (at most 1G)");
        static_cast<DirConfig*>(dir)->onoffice_max_response_bytes = *n;
        return nullptr;
    });
}

int serve_onoffice(request_rec* r) {
    const DirConfig* dir = dir_config(r);
    ServerState* state = server_state(r->server);
    HttpRequest request = describe_request(r);
    if (request.method == "POST") {
        int rc = read_body(r, dir->max_body_bytes.value_or(kDefaultMaxBodyBytes), request.body);
        if (rc == HTTP_REQUEST_ENTITY_TOO_LARGE) {
            // The API's own answer, not httpd's HTML page (clients parse every answer as JSON). The
            // rest of the body stays unread: close the connection rather than read it to discard it.
            request_logger(r).info("onOffice API: request body over UserPhotoMaxRequestBody");
            r->connection->keepalive = AP_CONN_CLOSE;
            return send_response(r, onoffice::body_too_large_response());
        }
        if (rc != OK) return rc;
    }
    onoffice::OnOfficeOptions options;
    if (dir->onoffice_users)
        for (const OnOfficeApiUserConfig& user : *dir->onoffice_users)
            options.users.push_back(onoffice::ApiUser{user.token, user.secret, user.can_read});
    Runtime* runtime = state->runtime;
    PeopleDirectory& people = runtime && runtime->people ? *runtime->people : unconfigured;
    options.link_secret = runtime ? runtime->link_secret : state->config.link_secret.value_or("");
    if (runtime) options.link_lifetime_s = runtime->link_lifetime_s;
    options.max_records = dir->onoffice_max_records.value_or(kDefaultOnOfficeMaxRecords);
    options.max_response_bytes = dir->onoffice_max_response_bytes.value_or(kDefaultOnOfficeMaxResponseBytes);
    options.formats = dir->formats.value_or(FormatSet{});
    // Photos through the server's one provider (the cache when it is on), as every protocol's.
    HttpResponse response = onoffice::handle_onoffice(request, people, provider_for(r), options, request_logger(r));
    return send_response(r, response);
}

}  // namespace userphoto::glue
