// The directive table in the code, the README's directive table and the annotated
// conf/userphoto.conf must name the same directives: a directive added, renamed or dropped in one
// place and not the others fails here (read as text, as mod_auth_openidc checks its own reference).
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::set<std::string> matches(const std::string& text, const std::regex& pattern) {
    std::set<std::string> names;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it)
        names.insert((*it)[1].str());
    return names;
}

// Every AP_INIT_* entry of the module's command table (the table and the macros it includes).
std::set<std::string> code_directives() {
    static const std::regex entry(R"re(AP_INIT_[A-Z0-9_]+\(\s*"(UserPhoto[A-Za-z0-9]+)")re");
    std::set<std::string> names;
    for (const auto& file : std::filesystem::directory_iterator(std::string(TOP_SRCDIR) + "/mod_userphoto")) {
        const std::string ext = file.path().extension().string();
        if (ext != ".cc" && ext != ".h") continue;
        for (const std::string& name : matches(read_file(file.path()), entry)) names.insert(name);
    }
    return names;
}

// The first cell of a row of the README's directive tables: | `UserPhotoX args` | ...
std::set<std::string> readme_directives() {
    static const std::regex row(R"re((?:^|\n)\| `(UserPhoto[A-Za-z0-9]+))re");
    return matches(read_file(std::string(TOP_SRCDIR) + "/README.md"), row);
}

// A directive line of the reference configuration, commented out or not: #UserPhotoX, UserPhotoX.
std::set<std::string> conf_directives() {
    static const std::regex line(R"re((?:^|\n)[#\s]*(UserPhoto[A-Za-z0-9]+)\s)re");
    return matches(read_file(std::string(TOP_SRCDIR) + "/conf/userphoto.conf"), line);
}

std::string missing(const std::set<std::string>& from, const std::set<std::string>& in) {
    std::string out;
    for (const std::string& name : from)
        if (!in.count(name)) out += " " + name;
    return out;
}

}  // namespace

class DirectiveReferenceTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(DirectiveReferenceTest);
    CPPUNIT_TEST(the_code_has_a_directive_table);
    CPPUNIT_TEST(readme_table_and_code_agree);
    CPPUNIT_TEST(reference_configuration_and_code_agree);
    CPPUNIT_TEST_SUITE_END();

public:
    void the_code_has_a_directive_table() {
        const std::set<std::string> code = code_directives();
        CPPUNIT_ASSERT(code.count("UserPhotoLDAPURL"));
        CPPUNIT_ASSERT(code.size() >= 40);  // the reader sees the whole table, macros included
    }

    void readme_table_and_code_agree() {
        const std::set<std::string> code = code_directives(), readme = readme_directives();
        CPPUNIT_ASSERT_EQUAL_MESSAGE("in the code, not in the README's table", std::string(), missing(code, readme));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("in the README's table, not in the code", std::string(), missing(readme, code));
    }

    void reference_configuration_and_code_agree() {
        const std::set<std::string> code = code_directives(), conf = conf_directives();
        CPPUNIT_ASSERT_EQUAL_MESSAGE("in the code, not in conf/userphoto.conf", std::string(), missing(code, conf));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("in conf/userphoto.conf, not in the code", std::string(), missing(conf, code));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DirectiveReferenceTest);
