// Microsoft's own Graph JavaScript client (@microsoft/microsoft-graph-client, from npm) against the
// module over TLS: the client sends its Bearer token only to https hosts in customHosts, so a
// second httpd serves the stock test configuration with mod_ssl and a certificate made here.
// The node script's checks (tests/integration/graph_client/graph_client.cjs) are counted here.
#include <nlohmann/json.hpp>

#include "integration/bearer_token.h"
#include "integration/fixture.h"

using namespace itest;

namespace {

const std::string kSrc = TOP_SRCDIR;
const std::string kBuild = TOP_BUILDDIR;
const int kChecks = 11;  // the checks graph_client.cjs runs

}  // namespace

class GraphClientTest : public IntegrationFixture {
    CPPUNIT_TEST_SUITE(GraphClientTest);
    CPPUNIT_TEST(microsoft_graph_client_passes_every_check);
    CPPUNIT_TEST_SUITE_END();

public:
    void microsoft_graph_client_passes_every_check() {
        run(quote(kSrc + "/tests/harness/graph-client-setup.sh") + " " + quote(kBuild));
        const std::string tls = env().work_dir() + "/graph-tls-cert";
        run("mkdir -p " + quote(tls) + " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
            "-nodes -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
            quote(tls + "/key.pem") + " -out " + quote(tls + "/cert.pem") + " && chmod 644 " +
            quote(tls + "/key.pem"));
        const std::string conf = "<IfModule !ssl_module>\nLoadModule ssl_module " + module_dir() +
                                 "/mod_ssl.so\n</IfModule>\nSSLEngine on\nSSLSessionCache none\n"
                                 "SSLCertificateFile " + tls + "/cert.pem\nSSLCertificateKeyFile " + tls + "/key.pem\n";
        const int port = env().start_extra_httpd("graph-tls", env().ldap_port(), conf);

        nlohmann::json tokens;
        for (const char* uid : {"gnode", "gadele"}) tokens[uid] = jwt(std::string(uid) + "@example.test");
        const std::string command =
            "cd " + quote(kBuild) + " && GRAPH_BASE_URL=https://localhost:" + std::to_string(port) +
            "/graph GRAPH_TOKENS=" + quote(tokens.dump()) + " NODE_PATH=" +
            quote(kBuild + "/node/node_modules") + " NODE_EXTRA_CA_CERTS=" + quote(tls + "/cert.pem") +
            " timeout 120 node " + quote(kSrc + "/tests/integration/graph_client/graph_client.cjs");
        std::string output;
        try {
            output = run(command);
        } catch (const std::exception& e) {
            CPPUNIT_FAIL(std::string("the Graph client's checks failed:\n") + e.what());
        }
        CPPUNIT_ASSERT_MESSAGE(output, output.find("passed " + std::to_string(kChecks) + " failed 0") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(output, output.find("not ok") == std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GraphClientTest);
