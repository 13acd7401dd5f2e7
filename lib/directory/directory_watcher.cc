#include "directory/directory_watcher.h"

#include <ldap.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <utility>

#include "directory/change_marker_tracker.h"
#include "directory/change_poller.h"
#include "directory/ldap_connection.h"
#include "directory/ldap_entries.h"
#include "directory/server_features.h"
#include "directory/sync_state.h"
#include "directory/syncrepl_session.h"

namespace userphoto::directory {
namespace {

using std::chrono::milliseconds;
constexpr milliseconds kFirstRetry{500};
constexpr milliseconds kLongestRetry{30000};
// Without content sync, modifyTimestamp polling starts this far back: a server clock behind ours
// by less than this loses nothing (the price: entries changed just before start-up are
// reported once).
constexpr long long kTimestampLookBackS = 600;

std::optional<Entry> read_root_dse(LDAP* ld, milliseconds timeout, int* rc) {
    std::vector<std::string> names = kRootDseAttributes;
    std::vector<char*> attrs;
    for (auto& n : names) attrs.push_back(n.data());
    attrs.push_back(nullptr);
    timeval tv = to_timeval(timeout);
    LDAPMessage* raw = nullptr;
    *rc = ldap_search_ext_s(ld, "", LDAP_SCOPE_BASE, "(objectClass=*)", attrs.data(), 0, nullptr, nullptr, &tv, 1, &raw);
    std::unique_ptr<LDAPMessage, int (*)(LDAPMessage*)> result(raw, ldap_msgfree);
    if (*rc != LDAP_SUCCESS) return std::nullopt;
    LDAPMessage* first = ldap_first_entry(ld, result.get());
    if (!first) return Entry{};  // a root DSE hidden by access control: nothing offered
    return read_entry(ld, first);
}

// A connection that a firewall or a dead host dropped without a word would keep the sync search
// waiting forever: TCP keepalive on the watcher's socket notices within about two minutes.
void keep_alive(LDAP* ld) {
    int fd = -1;
    if (ldap_get_option(ld, LDAP_OPT_DESC, &fd) != LDAP_OPT_SUCCESS || fd < 0) return;
    int on = 1, idle = 60, interval = 15, probes = 4;
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
}

}  // namespace

struct DirectoryWatcher::Impl {
    Settings directory;
    WatchSettings watch;
    ChangeListener& listener;
    Logger log;
    WatcherCounters& counters;

    LDAP* ld = nullptr;
    SyncState sync_state;
    std::unique_ptr<SyncreplSession> session;    // while following by content sync
    std::unique_ptr<ChangeMarkerTracker> tracker; // kept across reconnects: polls resume from it
    std::string method;
    SteadyClock::time_point next_connect{};
    SteadyClock::time_point next_poll{};
    milliseconds retry = kFirstRetry;
    bool ever_connected = false;
    bool warned_no_sync = false;
    bool sync_refused = false;  // the server refused or cut our content sync: poll instead
    bool failing = false;  // the last attempt failed: log again only when it recovers

    Impl(Settings d, WatchSettings w, ChangeListener& l, Logger lg, WatcherCounters& c)
        : directory(std::move(d)), watch(w), listener(l), log(std::move(lg)), counters(c) {}

    ~Impl() { disconnect(); }

    std::string where() const { return "directory watch (" + directory.url.uri_list() + ")"; }

    void disconnect() {
        session.reset();
        close_connection(ld);
        ld = nullptr;
    }

    void publish(const std::string& dn) {
        counters.changes++;
        log.debug(where() + ": changed: " + dn);
        listener.person_changed(dn);
    }

    void failed(const std::string& what) {
        counters.failures++;
        disconnect();
        std::string text = where() + ": " + what + "; retrying in " + std::to_string(retry.count()) + " ms";
        if (failing) log.debug(text);
        else log.warn(text);
        failing = true;
        next_connect = SteadyClock::now() + retry;
        retry = std::min(retry * 2, kLongestRetry);
    }

    void connect() {
        milliseconds op(directory.operation_timeout_ms);
        OpenedConnection opened = open_connection(directory, op);
        if (!opened.ld) return failed("cannot connect: " + opened.message);
        ld = opened.ld;
        keep_alive(ld);
        int rc = LDAP_SUCCESS;
        counters.searches++;
        auto root = read_root_dse(ld, op, &rc);
        if (!root) return failed("cannot read the root DSE: " + ldap_error_text(ld, rc));
        ServerFeatures features = classify_root_dse(*root);

        bool use_sync = features.content_sync && watch.mode != WatchMode::Poll && !sync_refused;
        if (watch.mode == WatchMode::Syncrepl && !features.content_sync && !warned_no_sync) {
            log.warn(where() + ": UserPhotoDirectoryWatch syncrepl, but the server does not offer RFC 4533 "
                               "content sync (no syncprov overlay?); polling the change markers instead");
            warned_no_sync = true;
        }
        if (use_sync) {
            session = std::make_unique<SyncreplSession>(ld, directory.url, sync_state,
                                                        [this](const std::string& dn) { publish(dn); });
            counters.searches++;
            if (int started = session->start(); started != LDAP_SUCCESS)
                return failed("cannot start content sync: " + session->message());
            method = "syncrepl";
        } else {
            if (!tracker) {
                if (features.active_directory)
                    tracker = std::make_unique<ChangeMarkerTracker>(
                        MarkerKind::Usn, features.highest_usn.empty() ? "0" : features.highest_usn);
                else
                    tracker = std::make_unique<ChangeMarkerTracker>(
                        MarkerKind::Timestamp,
                        generalized_time(std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                                 .count() -
                                         kTimestampLookBackS));
            }
            method = std::string("poll ") + marker_attribute(tracker->kind());
            next_poll = SteadyClock::now();
        }
        counters.connections++;
        std::string how = use_sync ? "RFC 4533 content sync (refreshAndPersist)"
                                   : std::string("polling ") + marker_attribute(tracker->kind()) + " every " +
                                         std::to_string(watch.interval_ms) + " ms";
        if (!ever_connected) log.info(where() + ": following changes by " + how);
        else if (failing) log.info(where() + ": directory back, following changes by " + how);
        ever_connected = true;
        failing = false;
        retry = kFirstRetry;
    }

    void poll() {
        counters.searches++;
        PollOutcome outcome = poll_changes(ld, directory.url, *tracker, milliseconds(directory.operation_timeout_ms));
        next_poll = SteadyClock::now() + milliseconds(watch.interval_ms);
        if (outcome.rc != LDAP_SUCCESS) {
            if (is_connection_error(outcome.rc)) return failed("poll failed: " + outcome.message);
            log.warn(where() + ": poll failed: " + outcome.message);
            return;
        }
        if (outcome.truncated)
            log.warn(where() + ": the server's size limit cut a poll's answer; some changes are seen only after "
                               "the cache TTL");
        for (const auto& dn : outcome.changed) publish(dn);
    }

    void step(milliseconds wait) {
        auto now = SteadyClock::now();
        if (!ld) {
            if (now >= next_connect) connect();
            return;
        }
        if (session) {
            if (int rc = session->pump(wait); rc != LDAP_SUCCESS) {
                if (rc == LDAP_SYNC_REFRESH_REQUIRED) {
                    log.info(where() + ": the server asked for a full refresh");
                    disconnect();
                    next_connect = now;  // at once, without counting a failure
                    return;
                }
                if (!is_connection_error(rc)) {
                    // A size or time limit on the refresh, an access rule, a control not allowed
                    // for this bind DN: asking again gets the same answer.
                    log.warn(where() + ": the server ended content sync: " + session->message() +
                             "; polling the change markers instead (for content sync, lift the limits "
                             "of the bind DN on this directory)");
                    sync_refused = true;
                    disconnect();
                    next_connect = now;
                    return;
                }
                failed("content sync ended: " + session->message());
            }
            return;
        }
        if (tracker && now >= next_poll) poll();
    }
};

DirectoryWatcher::DirectoryWatcher(Settings directory, WatchSettings watch, ChangeListener& listener, Logger log)
    : impl_(std::make_unique<Impl>(std::move(directory), watch, listener, std::move(log), counters_)) {}

DirectoryWatcher::~DirectoryWatcher() = default;

void DirectoryWatcher::step(std::chrono::milliseconds wait) {
    try {
        impl_->step(wait);
    } catch (const std::exception& e) {
        impl_->failed(std::string("internal error: ") + e.what());
    } catch (...) {
        impl_->failed("internal error");
    }
}

std::string DirectoryWatcher::method() const { return impl_->method; }

}  // namespace userphoto::directory
