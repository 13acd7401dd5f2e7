#include "directory/kerberos_credentials.h"

#include <gssapi/gssapi_krb5.h>
#include <krb5/krb5.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>

namespace userphoto::directory {
namespace {

using SystemClock = std::chrono::system_clock;

// One krb5_context per call: contexts are not thread-safe and cheap enough for a bind.
class Context {
public:
    Context() { rc_ = krb5_init_context(&ctx_); }
    ~Context() {
        if (ctx_) krb5_free_context(ctx_);
    }
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    bool ok() const { return rc_ == 0 && ctx_; }
    krb5_context get() const { return ctx_; }
    std::string text(krb5_error_code code) const {
        if (!ctx_) return "cannot initialise Kerberos (krb5.conf unreadable?)";
        const char* msg = krb5_get_error_message(ctx_, code);
        std::string out = msg ? msg : "unknown Kerberos error";
        krb5_free_error_message(ctx_, msg);
        return out;
    }

private:
    krb5_context ctx_ = nullptr;
    krb5_error_code rc_ = 0;
};

std::optional<std::string> first_principal(const Context& ctx, krb5_keytab keytab, std::string* error) {
    krb5_kt_cursor cursor;
    krb5_error_code rc = krb5_kt_start_seq_get(ctx.get(), keytab, &cursor);
    if (rc) {
        *error = ctx.text(rc);
        return std::nullopt;
    }
    krb5_keytab_entry entry;
    std::optional<std::string> out;
    rc = krb5_kt_next_entry(ctx.get(), keytab, &entry, &cursor);
    if (rc == 0) {
        char* name = nullptr;
        if (krb5_unparse_name(ctx.get(), entry.principal, &name) == 0) {
            out = name;
            krb5_free_unparsed_name(ctx.get(), name);
        }
        krb5_free_keytab_entry_contents(ctx.get(), &entry);
    } else {
        *error = rc == KRB5_KT_END ? std::string("the keytab holds no keys") : ctx.text(rc);
    }
    krb5_kt_end_seq_get(ctx.get(), keytab, &cursor);
    return out;
}

std::atomic<unsigned> cache_counter{0};

}  // namespace

std::optional<std::string> first_keytab_principal(const std::string& keytab_path, std::string* error) {
    Context ctx;
    if (!ctx.ok()) {
        *error = ctx.text(0);
        return std::nullopt;
    }
    krb5_keytab keytab = nullptr;
    krb5_error_code rc = krb5_kt_resolve(ctx.get(), ("FILE:" + keytab_path).c_str(), &keytab);
    if (rc) {
        *error = ctx.text(rc);
        return std::nullopt;
    }
    auto out = first_principal(ctx, keytab, error);
    krb5_kt_close(ctx.get(), keytab);
    return out;
}

KerberosCredentials::KerberosCredentials(std::string keytab, std::string principal)
    : keytab_(std::move(keytab)), principal_(std::move(principal)) {}

KerberosCredentials::~KerberosCredentials() = default;

bool KerberosCredentials::Cache::needs_renewal(SystemClock::time_point now) const {
    auto margin = std::max<SystemClock::duration>((end_ - start_) / 5, std::chrono::minutes(5));
    return now + margin >= end_;
}

KerberosCredentials::Cache::~Cache() {
    Context ctx;
    krb5_ccache cc = nullptr;
    if (ctx.ok() && krb5_cc_resolve(ctx.get(), name_.c_str(), &cc) == 0) krb5_cc_destroy(ctx.get(), cc);
}

std::shared_ptr<KerberosCredentials::Cache> KerberosCredentials::current(std::string* error) {
    std::lock_guard guard(mutex_);  // one KDC exchange at a time; the others wait for its ticket
    if (cache_ && !cache_->needs_renewal(SystemClock::now())) return cache_;

    Context ctx;
    if (!ctx.ok()) {
        *error = ctx.text(0);
        return nullptr;
    }
    krb5_keytab keytab = nullptr;
    krb5_principal client = nullptr;
    krb5_ccache cc = nullptr;
    krb5_get_init_creds_opt* options = nullptr;
    krb5_creds creds{};
    bool have_creds = false;
    std::shared_ptr<Cache> fresh;
    auto fail = [&](const std::string& what, krb5_error_code rc) { *error = what + ctx.text(rc); };

    do {
        krb5_error_code rc = krb5_kt_resolve(ctx.get(), ("FILE:" + keytab_).c_str(), &keytab);
        if (rc) { fail("keytab " + keytab_ + ": ", rc); break; }
        std::string principal = principal_;
        if (principal.empty()) {
            auto first = first_principal(ctx, keytab, error);
            if (!first) { *error = "keytab " + keytab_ + ": " + *error; break; }
            principal = *first;
        }
        rc = krb5_parse_name(ctx.get(), principal.c_str(), &client);
        if (rc) { fail("principal " + principal + ": ", rc); break; }
        rc = krb5_get_init_creds_opt_alloc(ctx.get(), &options);
        if (rc) { fail("", rc); break; }
        rc = krb5_get_init_creds_keytab(ctx.get(), &creds, client, keytab, 0, nullptr, options);
        if (rc) { fail("cannot get a Kerberos ticket for " + principal + " from keytab " + keytab_ + ": ", rc); break; }
        have_creds = true;
        const std::string name = "MEMORY:userphoto-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(cache_counter.fetch_add(1));
        rc = krb5_cc_resolve(ctx.get(), name.c_str(), &cc);
        if (!rc) rc = krb5_cc_initialize(ctx.get(), cc, client);
        if (!rc) rc = krb5_cc_store_cred(ctx.get(), cc, &creds);
        if (rc) { fail("cannot store the Kerberos ticket in memory: ", rc); break; }
        // The Cache object owns the ccache from here on (its destructor destroys it by name).
        krb5_cc_close(ctx.get(), cc);
        cc = nullptr;
        fresh = std::make_shared<Cache>(name, SystemClock::from_time_t(creds.times.starttime ? creds.times.starttime
                                                                                           : creds.times.authtime),
                                        SystemClock::from_time_t(creds.times.endtime));
    } while (false);

    if (cc) krb5_cc_destroy(ctx.get(), cc);
    if (have_creds) krb5_free_cred_contents(ctx.get(), &creds);
    if (options) krb5_get_init_creds_opt_free(ctx.get(), options);
    if (client) krb5_free_principal(ctx.get(), client);
    if (keytab) krb5_kt_close(ctx.get(), keytab);
    if (!fresh) return nullptr;
    cache_ = fresh;  // the old cache lives on while a bind still holds it
    return cache_;
}

KerberosCredentials::ThreadDefault::ThreadDefault(const Cache& cache) {
    OM_uint32 minor = 0;
    const char* old = nullptr;
    ok_ = gss_krb5_ccache_name(&minor, cache.name().c_str(), &old) == GSS_S_COMPLETE;
    if (ok_ && old) previous_ = old;  // copied: the library frees its buffer on the next call
}

KerberosCredentials::ThreadDefault::~ThreadDefault() {
    if (!ok_) return;
    OM_uint32 minor = 0;
    gss_krb5_ccache_name(&minor, previous_.empty() ? nullptr : previous_.c_str(), nullptr);
}

}  // namespace userphoto::directory
