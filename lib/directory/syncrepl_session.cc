#include "directory/syncrepl_session.h"

#include <cstring>
#include <memory>

#include "directory/ldap_connection.h"
#include "directory/ldap_scope.h"
#include "directory/sync_messages.h"

namespace userphoto::directory {
namespace {

std::string text(const berval* bv) { return bv && bv->bv_val ? std::string(bv->bv_val, bv->bv_len) : std::string(); }

std::string dn_of(LDAP* ld, LDAPMessage* msg) {
    char* dn = ldap_get_dn(ld, msg);
    std::string out = dn ? dn : "";
    ldap_memfree(dn);
    return out;
}

}  // namespace

SyncreplSession::SyncreplSession(LDAP* ld, const LdapUrl& url, SyncState& state, Publish publish)
    : ld_(ld), url_(url), state_(state), publish_(std::move(publish)) {}

int SyncreplSession::start() {
    std::string value = sync::encode_request(state_.cookie());
    if (value.empty()) {
        message_ = "cannot encode the sync request control";
        return LDAP_ENCODING_ERROR;
    }
    LDAPControl control{};
    control.ldctl_oid = const_cast<char*>(sync::kRequestControlOid);
    control.ldctl_value.bv_val = value.data();
    control.ldctl_value.bv_len = value.size();
    control.ldctl_iscritical = 1;  // a search without it would be a plain (and useless) one
    LDAPControl* controls[] = {&control, nullptr};
    char no_attributes[] = "1.1";  // the DN and the sync state control are all we need
    char* attrs[] = {no_attributes, nullptr};
    state_.begin_session();
    int rc = ldap_search_ext(ld_, url_.base_dn.c_str(), ldap_scope_of(url_.scope), url_.filter.c_str(), attrs, 0, controls,
                             nullptr, nullptr, 0, &msgid_);
    if (rc != LDAP_SUCCESS) message_ = ldap_error_text(ld_, rc);
    return rc;
}

int SyncreplSession::pump(std::chrono::milliseconds wait, int max_messages) {
    timeval tv = to_timeval(wait);
    for (int n = 0; n < max_messages; ++n) {
        LDAPMessage* raw = nullptr;
        // LDAP_MSG_ONE: one message at a time, whatever has been received after it stays queued.
        int type = ldap_result(ld_, msgid_, LDAP_MSG_ONE, &tv, &raw);
        std::unique_ptr<LDAPMessage, int (*)(LDAPMessage*)> msg(raw, ldap_msgfree);
        if (type == 0) return LDAP_SUCCESS;  // nothing (more) for now
        if (type < 0) {
            int err = LDAP_SERVER_DOWN;
            ldap_get_option(ld_, LDAP_OPT_RESULT_CODE, &err);
            if (err == LDAP_SUCCESS) err = LDAP_SERVER_DOWN;
            message_ = ldap_error_text(ld_, err);
            return err;
        }
        if (int rc = handle(msg.get()); rc != LDAP_SUCCESS) return rc;
        tv.tv_sec = 0;  // drain what is there, do not wait again
        tv.tv_usec = 0;
    }
    return LDAP_SUCCESS;
}

int SyncreplSession::handle(LDAPMessage* msg) {
    switch (ldap_msgtype(msg)) {
        case LDAP_RES_SEARCH_ENTRY: {
            LDAPControl** controls = nullptr;
            ldap_get_entry_controls(ld_, msg, &controls);
            std::unique_ptr<LDAPControl*, void (*)(LDAPControl**)> guard(controls, ldap_controls_free);
            LDAPControl* state = ldap_control_find(sync::kStateControlOid, controls, nullptr);
            auto parsed = state ? sync::decode_state(text(&state->ldctl_value)) : std::nullopt;
            if (!parsed) {
                message_ = "an entry without a valid sync state control";
                return LDAP_PROTOCOL_ERROR;
            }
            for (const auto& dn : state_.on_entry(*parsed, dn_of(ld_, msg))) publish_(dn);
            return LDAP_SUCCESS;
        }
        case LDAP_RES_INTERMEDIATE: {
            char* oid = nullptr;
            berval* data = nullptr;
            int rc = ldap_parse_intermediate(ld_, msg, &oid, &data, nullptr, 0);
            std::string oid_text = oid ? oid : "";
            std::string value = text(data);
            ldap_memfree(oid);
            ber_bvfree(data);
            if (rc != LDAP_SUCCESS) {
                message_ = ldap_error_text(ld_, rc);
                return rc;
            }
            if (oid_text != sync::kInfoMessageOid) return LDAP_SUCCESS;  // not ours to understand
            auto info = sync::decode_info(value);
            if (!info) {
                message_ = "a malformed sync info message";
                return LDAP_PROTOCOL_ERROR;
            }
            for (const auto& dn : state_.on_info(*info)) publish_(dn);
            return LDAP_SUCCESS;
        }
        case LDAP_RES_SEARCH_REFERENCE: return LDAP_SUCCESS;  // referrals are not chased
        case LDAP_RES_SEARCH_RESULT: {
            int err = LDAP_OTHER;
            char* diagnostic = nullptr;
            ldap_parse_result(ld_, msg, &err, nullptr, &diagnostic, nullptr, nullptr, 0);
            message_ = std::string(ldap_err2string(err)) + (diagnostic && *diagnostic ? std::string(" (") + diagnostic + ")" : "");
            ldap_memfree(diagnostic);
            if (err == LDAP_SYNC_REFRESH_REQUIRED) state_.on_refresh_required();
            return err == LDAP_SUCCESS ? LDAP_OTHER : err;  // refreshAndPersist never ends by itself
        }
        default: return LDAP_SUCCESS;
    }
}

}  // namespace userphoto::directory
