#include "directory/tls_probe.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>

namespace userphoto::directory {
namespace {

struct Target {
    bool ldaps = false;
    std::string host;
    std::string port;
};

bool parse_server(const std::string& uri, Target* out) {
    std::string rest;
    if (uri.rfind("ldaps://", 0) == 0) {
        out->ldaps = true;
        rest = uri.substr(8);
    } else if (uri.rfind("ldap://", 0) == 0) {
        rest = uri.substr(7);
    } else {
        return false;  // ldapi: no TLS
    }
    if (!rest.empty() && rest[0] == '[') {
        size_t close = rest.find(']');
        if (close == std::string::npos) return false;
        out->host = rest.substr(1, close - 1);
        rest = rest.substr(close + 1);
        out->port = rest.size() > 1 && rest[0] == ':' ? rest.substr(1) : (out->ldaps ? "636" : "389");
        return true;
    }
    size_t colon = rest.rfind(':');
    out->host = rest.substr(0, colon);
    out->port = colon == std::string::npos ? (out->ldaps ? "636" : "389") : rest.substr(colon + 1);
    return !out->host.empty();
}

// A TCP connection within timeout_ms, with send/receive timeouts for what follows; -1 on failure.
int connect_tcp(const Target& target, int timeout_ms) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(target.host.c_str(), target.port.c_str(), &hints, &found) != 0) return -1;
    int fd = -1;
    for (addrinfo* ai = found; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) continue;
        int rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            int err = 0;
            socklen_t len = sizeof err;
            rc = poll(&p, 1, timeout_ms) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0 ? 0 : -1;
        }
        if (rc != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0) return -1;
    // Blocking from here on, bounded by the socket timeouts.
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return fd;
}

// RFC 4511 StartTLS extended request; true when the server answered success (resultCode 0).
bool start_tls(int fd, std::string* why) {
    static const unsigned char request[] = {0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16, '1', '.', '3', '.',
                                            '6',  '.',  '1',  '.',  '4',  '.',  '1',  '.',  '1',  '4', '6', '6', '.',
                                            '2',  '0',  '0',  '3',  '7'};
    if (send(fd, request, sizeof request, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof request)) return false;
    unsigned char reply[512];
    ssize_t n = recv(fd, reply, sizeof reply, 0);
    for (ssize_t i = 0; i + 2 < n; ++i) {
        if (reply[i] == 0x78) {  // ExtendedResponse; its first element is the ENUMERATED resultCode
            for (ssize_t j = i + 1; j + 2 < n && j < i + 8; ++j)
                if (reply[j] == 0x0a && reply[j + 1] == 0x01) {
                    if (reply[j + 2] == 0) return true;
                    *why = "StartTLS refused by the server (resultCode " + std::to_string(reply[j + 2]) + ")";
                    return false;
                }
        }
    }
    return false;
}

bool is_ip_literal(const std::string& host) {
    unsigned char buf[sizeof(in6_addr)];
    return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::string handshake_problem(const Settings& settings, const Target& target) {
    int fd = connect_tcp(target, std::max(settings.network_timeout_ms, 100));
    if (fd < 0) return "";
    std::string why;
    if (!target.ldaps && !start_tls(fd, &why)) {
        close(fd);
        return why;
    }
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
    if (!ctx) {
        close(fd);
        return "";
    }
    if (settings.trusted_ca.empty()) {
        SSL_CTX_set_default_verify_paths(ctx.get());
    } else {
        struct stat st {};
        bool dir = stat(settings.trusted_ca.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
        SSL_CTX_load_verify_locations(ctx.get(), dir ? nullptr : settings.trusted_ca.c_str(),
                                      dir ? settings.trusted_ca.c_str() : nullptr);
    }
    if (!settings.client_cert.empty()) {
        SSL_CTX_use_certificate_chain_file(ctx.get(), settings.client_cert.c_str());
        SSL_CTX_use_PrivateKey_file(ctx.get(), settings.client_key.c_str(), SSL_FILETYPE_PEM);
    }
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);  // finish the handshake, then read the verdict
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
    if (!ssl) {
        close(fd);
        return "";
    }
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
    if (is_ip_literal(target.host)) {
        X509_VERIFY_PARAM_set1_ip_asc(param, target.host.c_str());
    } else {
        X509_VERIFY_PARAM_set1_host(param, target.host.c_str(), 0);
        SSL_set_tlsext_host_name(ssl.get(), target.host.c_str());
    }
    SSL_set_fd(ssl.get(), fd);
    std::string problem;
    if (SSL_connect(ssl.get()) != 1) {
        unsigned long err = ERR_peek_last_error();
        char text[256] = "";
        if (err) ERR_error_string_n(err, text, sizeof text);
        problem = std::string("TLS handshake failed") + (*text ? std::string(": ") + text : std::string());
    } else {
        long verdict = SSL_get_verify_result(ssl.get());
        if (verdict != X509_V_OK)
            problem = std::string("certificate verify failed: ") + X509_verify_cert_error_string(verdict);
        SSL_shutdown(ssl.get());
    }
    ERR_clear_error();
    close(fd);
    return problem;
}

std::string probe_servers(const Settings& settings) {
    size_t tried = 0;
    for (const std::string& uri : settings.url.servers) {
        if (++tried > 3) break;
        Target target;
        if (!parse_server(uri, &target) || (!target.ldaps && !settings.start_tls)) continue;
        std::string problem = handshake_problem(settings, target);
        if (!problem.empty()) return uri + ": " + problem;
    }
    return "";
}

struct Verdict {
    std::chrono::steady_clock::time_point at;
    std::string text;
};

}  // namespace

std::string probe_tls_failure(const Settings& settings) {
    // The last verdict per server list, reused for 10 s: failures come in floods.
    static std::mutex mutex;
    static std::map<std::string, Verdict> verdicts;  // one per configured directory
    const auto now = std::chrono::steady_clock::now();
    const std::string key = settings.url.uri_list();
    {
        std::lock_guard guard(mutex);
        auto it = verdicts.find(key);
        if (it != verdicts.end() && now - it->second.at < std::chrono::seconds(10)) return it->second.text;
        verdicts[key] = Verdict{now, ""};  // concurrent failures meanwhile do not probe again
    }
    std::string text = probe_servers(settings);
    std::lock_guard guard(mutex);
    verdicts[key] = Verdict{std::chrono::steady_clock::now(), text};
    return text;
}

}  // namespace userphoto::directory
