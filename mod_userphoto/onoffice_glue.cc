#include "onoffice_glue.h"

#include "log_bridge.h"
#include "protocol/onoffice/handler.h"
#include "request_adapter.h"

namespace userphoto::glue {
namespace {

// Stands in when the server has no usable configuration: the API answers its internal error.
class UnconfiguredPeople : public PeopleDirectory {
public:
    const PeopleAttributes& attributes() const override { return attributes_; }
    PeoplePage list(const PeopleQuery&, const Logger& log) override {
        log.error("mod_userphoto is not configured for this server (UserPhotoLDAPURL missing)");
        PeoplePage page;
        page.status = PeopleStatus::Unavailable;
        page.message = "not configured";
        return page;
    }
    PhotoByNumber photo_by_number(int64_t, const Logger& log) override {
        log.error("mod_userphoto is not configured for this server (UserPhotoLDAPURL missing)");
        PhotoByNumber result;
        result.status = PeopleStatus::Unavailable;
        return result;
    }

private:
    PeopleAttributes attributes_;
};

UnconfiguredPeople unconfigured;  // stateless, safe to share across threads

}  // namespace

int serve_onoffice(request_rec* r) {
    const DirConfig* dir = dir_config(r);
    ServerState* state = server_state(r->server);
    HttpRequest request = describe_request(r);
    if (request.method == "POST") {
        int rc = read_body(r, dir->max_body_bytes.value_or(kDefaultMaxBodyBytes), request.body);
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
    HttpResponse response = onoffice::handle_onoffice(request, people, options, request_logger(r));
    return send_response(r, response);
}

}  // namespace userphoto::glue
