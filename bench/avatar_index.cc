// Avatar hash index: build time and memory from a real directory, and lookup cost.
//   avatar_index LDAP_URL BIND_DN BIND_PASSWORD ALIAS_ATTRIBUTE
// Builds the index the way the module does (paged searches, IndexBuilder) into a 64 MiB buffer
// and prints one line of figures; bench/avatar_index.sh seeds the directory and runs it.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "directory/directory.h"
#include "index/address_hash.h"
#include "index/hash_index.h"
#include "index/index_builder.h"

using namespace userphoto;

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s LDAP_URL BIND_DN BIND_PASSWORD ALIAS_ATTRIBUTE\n", argv[0]);
        return 2;
    }
    std::string problem;
    auto url = directory::parse_ldap_url(argv[1], &problem);
    if (!url) {
        std::fprintf(stderr, "bad URL: %s\n", problem.c_str());
        return 2;
    }
    directory::initialize_client_library();
    directory::Settings settings;
    settings.url = *url;
    settings.bind_dn = argv[2];
    settings.bind_password = argv[3];
    settings.operation_timeout_ms = 60000;
    auto dir = std::make_shared<directory::Directory>(settings, Logger());
    std::vector<unsigned char> region(64u << 20);
    avatar::HashIndex index(region.data(), region.size(), true);
    avatar::IndexBuilderSettings builder_settings;
    builder_settings.email_attribute = url->attribute;
    builder_settings.alias_attribute = argv[4];
    avatar::IndexBuilder builder(builder_settings, dir, index, Logger());
    const avatar::BuildReport report = builder.build();
    if (!report.ok) {
        std::fprintf(stderr, "build failed: %s\n", report.message.c_str());
        return 1;
    }
    const avatar::IndexStats stats = index.stats();
    // Lookups: known addresses and unknown ones, same count.
    const int n = 200000;
    auto time_lookups = [&](const char* prefix) {
        std::vector<AddressDigest> digests;
        for (int i = 0; i < 1000; ++i) {
            const avatar::AddressDigests d = avatar::digest_address(prefix + std::to_string(i + 1) + "@example.test");
            AddressDigest a;
            a.kind = DigestKind::Sha256;
            std::copy(d.sha256.begin(), d.sha256.end(), a.bytes.begin());
            digests.push_back(a);
        }
        int known = 0;
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i) known += index.find(digests[i % 1000], nullptr) == avatar::FindStatus::Known;
        const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() / n;
        return std::make_pair(ns, known);
    };
    const auto known = time_lookups("user");
    const auto unknown = time_lookups("nobody");
    std::printf("people %zu addresses %zu digests md5 %llu sha256 %llu | build %lld ms (%d searches) | index %.1f MiB"
                " | lookup known %.0f ns (%d hits) unknown %.0f ns (%d hits)\n",
                report.people, report.addresses, static_cast<unsigned long long>(stats.md5_entries),
                static_cast<unsigned long long>(stats.sha256_entries), static_cast<long long>(report.duration_ms),
                report.round_trips, stats.bytes_used / 1048576.0, known.first, known.second, unknown.first,
                unknown.second);
    return 0;
}
