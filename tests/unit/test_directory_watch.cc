// The directory watcher's pure parts: the directives' values, change-marker comparison and the
// poller's memory, RFC 4533 message encoding and decoding, and the content-sync consumer's cookie
// and publishing rules.
#include <cppunit/extensions/HelperMacros.h>
#include <lber.h>

#include <string>
#include <vector>

#include "directory/change_marker_tracker.h"
#include "directory/server_features.h"
#include "directory/sync_messages.h"
#include "directory/sync_state.h"
#include "directory/watch_settings.h"
#include "config/config.h"

using namespace userphoto::directory;
namespace sm = userphoto::directory::sync;

namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += "<" + item + ">";
    return out;
}

// Test-side BER writer: the server's side of the messages.
std::string ber_bytes(BerElement* ber) {
    berval out{};
    CPPUNIT_ASSERT(ber_flatten2(ber, &out, 0) >= 0);
    std::string bytes(out.bv_val, out.bv_len);
    ber_free(ber, 1);
    return bytes;
}

// The berval points into `s`: keep `s` alive while the berval is used (no temporaries).
berval bv(const std::string& s) {
    berval b{};
    b.bv_len = s.size();
    b.bv_val = const_cast<char*>(s.data());
    return b;
}
berval bv(std::string&&) = delete;  // a temporary would die before the berval is used

std::string state_value(int state, const std::string& uuid, const char* cookie = nullptr) {
    BerElement* ber = ber_alloc_t(LBER_USE_DER);
    berval u = bv(uuid);
    if (cookie) {
        const std::string cookie_text(cookie);
        berval c = bv(cookie_text);
        ber_printf(ber, "{eOO}", state, &u, &c);
    } else {
        ber_printf(ber, "{eO}", state, &u);
    }
    return ber_bytes(ber);
}

std::string refresh_value(ber_tag_t tag, const char* cookie, int done /* -1: absent */) {
    BerElement* ber = ber_alloc_t(LBER_USE_DER);
    ber_printf(ber, "t{", tag);
    if (cookie) {
        const std::string cookie_text(cookie);
        berval c = bv(cookie_text);
        ber_printf(ber, "O", &c);
    }
    if (done >= 0) ber_printf(ber, "b", done);
    ber_printf(ber, "N}");
    return ber_bytes(ber);
}

std::string id_set_value(const std::vector<std::string>& uuids, bool deletes) {
    BerElement* ber = ber_alloc_t(LBER_USE_DER);
    ber_printf(ber, "t{", static_cast<ber_tag_t>(0xa3));
    if (deletes) ber_printf(ber, "b", 1);
    ber_printf(ber, "[");
    for (const auto& u : uuids) {
        berval b = bv(u);
        ber_printf(ber, "O", &b);
    }
    ber_printf(ber, "]N}");
    return ber_bytes(ber);
}

sm::StateControl state(sm::EntryState s, const std::string& uuid, const char* cookie = nullptr) {
    sm::StateControl c;
    c.state = s;
    c.uuid = uuid;
    if (cookie) c.cookie = cookie;
    return c;
}

sm::InfoMessage refresh_done(sm::InfoMessage::Kind kind, const char* cookie = nullptr) {
    sm::InfoMessage m;
    m.kind = kind;
    m.refresh_done = true;
    if (cookie) m.cookie = cookie;
    return m;
}

}  // namespace

class WatchSettingsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WatchSettingsTest);
    CPPUNIT_TEST(parses_the_four_modes_in_any_case);
    CPPUNIT_TEST(defaults_are_auto_and_ten_seconds);
    CPPUNIT_TEST(directives_merge_and_resolve);
    CPPUNIT_TEST_SUITE_END();

public:
    void parses_the_four_modes_in_any_case() {
        CPPUNIT_ASSERT(parse_watch_mode("auto") == WatchMode::Auto);
        CPPUNIT_ASSERT(parse_watch_mode("SyncRepl") == WatchMode::Syncrepl);
        CPPUNIT_ASSERT(parse_watch_mode("POLL") == WatchMode::Poll);
        CPPUNIT_ASSERT(parse_watch_mode("off") == WatchMode::Off);
        CPPUNIT_ASSERT(!parse_watch_mode("on"));
        CPPUNIT_ASSERT(!parse_watch_mode(""));
        CPPUNIT_ASSERT_EQUAL(std::string("syncrepl"), std::string(watch_mode_name(WatchMode::Syncrepl)));
    }

    void defaults_are_auto_and_ten_seconds() {
        userphoto::ServerConfig config;
        config.ldap_url = parse_ldap_url("ldap://127.0.0.1/dc=example,dc=test", nullptr);
        auto resolved = userphoto::resolve(config, nullptr);
        CPPUNIT_ASSERT(resolved.has_value());
        CPPUNIT_ASSERT(resolved->watch.mode == WatchMode::Auto);
        CPPUNIT_ASSERT_EQUAL(10000, resolved->watch.interval_ms);
    }

    void directives_merge_and_resolve() {
        userphoto::ServerConfig main;
        main.ldap_url = parse_ldap_url("ldap://127.0.0.1/dc=example,dc=test", nullptr);
        main.directory_watch = WatchMode::Poll;
        main.directory_watch_interval_ms = 1000;
        userphoto::ServerConfig vhost;
        vhost.directory_watch = WatchMode::Off;
        auto merged = userphoto::resolve(userphoto::merge(main, vhost), nullptr);
        CPPUNIT_ASSERT(merged->watch.mode == WatchMode::Off);     // the vhost's own
        CPPUNIT_ASSERT_EQUAL(1000, merged->watch.interval_ms);    // inherited
        // The directive's duration syntax (shared with the other timeouts).
        CPPUNIT_ASSERT_EQUAL(500, *userphoto::parse_duration_ms("500ms"));
        CPPUNIT_ASSERT_EQUAL(10000, *userphoto::parse_duration_ms("10s"));
    }
};

class ChangeMarkerTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ChangeMarkerTest);
    CPPUNIT_TEST(usn_compares_as_numbers);
    CPPUNIT_TEST(timestamps_compare_by_time_and_fraction);
    CPPUNIT_TEST(invalid_markers_sort_below_valid_ones);
    CPPUNIT_TEST(usn_filter_asks_for_the_next_number);
    CPPUNIT_TEST(usn_poll_reports_each_change_once);
    CPPUNIT_TEST(timestamp_poll_reports_same_second_changes_once);
    CPPUNIT_TEST(generalized_time_formats_utc);
    CPPUNIT_TEST_SUITE_END();

public:
    void usn_compares_as_numbers() {
        CPPUNIT_ASSERT(compare_markers(MarkerKind::Usn, "9", "10") < 0);
        CPPUNIT_ASSERT(compare_markers(MarkerKind::Usn, "0010", "10") == 0);
        CPPUNIT_ASSERT(compare_markers(MarkerKind::Usn, "18446744073709551616", "18446744073709551615") > 0);
    }

    void timestamps_compare_by_time_and_fraction() {
        CPPUNIT_ASSERT(compare_markers(MarkerKind::Timestamp, "20261201031500Z", "20261201031459Z") > 0);
        CPPUNIT_ASSERT(compare_markers(MarkerKind::Timestamp, "20261201031500.0Z", "20261201031500Z") == 0);
        CPPUNIT_ASSERT(compare_markers(MarkerKind::Timestamp, "20261201031500.5Z", "20261201031500.50Z") == 0);
        CPPUNIT_ASSERT(compare_markers(MarkerKind::Timestamp, "20261201031500.25Z", "20261201031500.3Z") < 0);
    }

    void invalid_markers_sort_below_valid_ones() {
        CPPUNIT_ASSERT(compare_markers(MarkerKind::Usn, "12a", "1") < 0);
        CPPUNIT_ASSERT(compare_markers(MarkerKind::Timestamp, "20261201031500+0100", "19700101000000Z") < 0);
        CPPUNIT_ASSERT(compare_markers(MarkerKind::Timestamp, "", "") == 0);
    }

    void usn_filter_asks_for_the_next_number() {
        ChangeMarkerTracker t(MarkerKind::Usn, "4099");
        CPPUNIT_ASSERT_EQUAL(std::string("(&(objectClass=user)(uSNChanged>=4100))"), t.filter("(objectClass=user)"));
        ChangeMarkerTracker nines(MarkerKind::Usn, "999");
        CPPUNIT_ASSERT_EQUAL(std::string("(&(a=b)(uSNChanged>=1000))"), nines.filter("(a=b)"));
    }

    void usn_poll_reports_each_change_once() {
        ChangeMarkerTracker t(MarkerKind::Usn, "100");
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=a><cn=b>"), joined(t.take({{"cn=a", "101"}, {"cn=b", "105"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("105"), t.last());
        CPPUNIT_ASSERT_EQUAL(std::string("(&(x=y)(uSNChanged>=106))"), t.filter("(x=y)"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), joined(t.take({})));
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=a>"), joined(t.take({{"cn=a", "106"}})));
    }

    void timestamp_poll_reports_same_second_changes_once() {
        ChangeMarkerTracker t(MarkerKind::Timestamp, "20261201030000Z");
        CPPUNIT_ASSERT_EQUAL(std::string("(&(o=x)(modifyTimestamp>=20261201030000Z))"), t.filter("(o=x)"));
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=a>"), joined(t.take({{"cn=a", "20261201030005Z"}})));
        // The next poll asks for >= that second again: cn=a comes back, cn=b changed in the same second.
        CPPUNIT_ASSERT_EQUAL(std::string("(&(o=x)(modifyTimestamp>=20261201030005Z))"), t.filter("(o=x)"));
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=b>"),
                             joined(t.take({{"cn=a", "20261201030005Z"}, {"cn=b", "20261201030005Z"}})));
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             joined(t.take({{"cn=a", "20261201030005Z"}, {"cn=b", "20261201030005Z"}})));
        // A later second: cn=a again, and cn=b (still at the old second) is no news.
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=a>"),
                             joined(t.take({{"cn=a", "20261201030009Z"}, {"cn=b", "20261201030005Z"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("20261201030009Z"), t.last());
    }

    void generalized_time_formats_utc() {
        CPPUNIT_ASSERT_EQUAL(std::string("19700101000000Z"), generalized_time(0));
        CPPUNIT_ASSERT_EQUAL(std::string("20261201030000Z"), generalized_time(1796094000));
    }
};

class SyncMessagesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SyncMessagesTest);
    CPPUNIT_TEST(request_without_cookie_is_refresh_and_persist);
    CPPUNIT_TEST(request_carries_the_cookie_byte_for_byte);
    CPPUNIT_TEST(state_control_with_and_without_cookie);
    CPPUNIT_TEST(info_new_cookie);
    CPPUNIT_TEST(info_refresh_phases_and_done_flag);
    CPPUNIT_TEST(info_id_set);
    CPPUNIT_TEST(malformed_values_are_refused);
    CPPUNIT_TEST_SUITE_END();

public:
    void request_without_cookie_is_refresh_and_persist() {
        std::string value = sm::encode_request(std::nullopt);
        berval in = bv(value);
        BerElement* ber = ber_init(&in);
        ber_int_t mode = 0;
        CPPUNIT_ASSERT(ber_scanf(ber, "{e", &mode) != LBER_ERROR);
        CPPUNIT_ASSERT_EQUAL(3, static_cast<int>(mode));
        ber_len_t len = 0;
        CPPUNIT_ASSERT(ber_peek_tag(ber, &len) == LBER_DEFAULT);  // nothing after the mode
        ber_free(ber, 1);
    }

    void request_carries_the_cookie_byte_for_byte() {
        std::string cookie("rid=000,csn=20261201031500.123456Z#000000#000#000000\0\xff", 54);
        std::string value = sm::encode_request(cookie);
        berval in = bv(value);
        BerElement* ber = ber_init(&in);
        ber_int_t mode = 0;
        berval got{};
        CPPUNIT_ASSERT(ber_scanf(ber, "{em}", &mode, &got) != LBER_ERROR);
        CPPUNIT_ASSERT_EQUAL(3, static_cast<int>(mode));
        CPPUNIT_ASSERT(std::string(got.bv_val, got.bv_len) == cookie);
        ber_free(ber, 1);
    }

    void state_control_with_and_without_cookie() {
        auto plain = sm::decode_state(state_value(2, "0123456789abcdef"));
        CPPUNIT_ASSERT(plain.has_value());
        CPPUNIT_ASSERT(plain->state == sm::EntryState::Modify);
        CPPUNIT_ASSERT_EQUAL(std::string("0123456789abcdef"), plain->uuid);
        CPPUNIT_ASSERT(!plain->cookie);
        auto with = sm::decode_state(state_value(3, "fedcba9876543210", "rid=001,csn=x"));
        CPPUNIT_ASSERT(with->state == sm::EntryState::Delete);
        CPPUNIT_ASSERT_EQUAL(std::string("rid=001,csn=x"), *with->cookie);
    }

    void info_new_cookie() {
        BerElement* ber = ber_alloc_t(LBER_USE_DER);
        const std::string cookie = "rid=000,csn=1";
        berval c = bv(cookie);
        ber_printf(ber, "tO", static_cast<ber_tag_t>(0x80), &c);
        auto info = sm::decode_info(ber_bytes(ber));
        CPPUNIT_ASSERT(info && info->kind == sm::InfoMessage::Kind::NewCookie);
        CPPUNIT_ASSERT_EQUAL(std::string("rid=000,csn=1"), *info->cookie);
    }

    void info_refresh_phases_and_done_flag() {
        auto present = sm::decode_info(refresh_value(0xa2, "c1", -1));
        CPPUNIT_ASSERT(present && present->kind == sm::InfoMessage::Kind::RefreshPresent);
        CPPUNIT_ASSERT(present->refresh_done);  // DEFAULT TRUE
        CPPUNIT_ASSERT_EQUAL(std::string("c1"), *present->cookie);
        auto deletes = sm::decode_info(refresh_value(0xa1, nullptr, 0));
        CPPUNIT_ASSERT(deletes && deletes->kind == sm::InfoMessage::Kind::RefreshDelete);
        CPPUNIT_ASSERT(!deletes->refresh_done);
        CPPUNIT_ASSERT(!deletes->cookie);
    }

    void info_id_set() {
        auto gone = sm::decode_info(id_set_value({"uuid-one-16bytes", "uuid-two-16bytes"}, true));
        CPPUNIT_ASSERT(gone && gone->kind == sm::InfoMessage::Kind::IdSet);
        CPPUNIT_ASSERT(gone->refresh_deletes);
        CPPUNIT_ASSERT_EQUAL(std::string("<uuid-one-16bytes><uuid-two-16bytes>"), joined(gone->uuids));
        auto present = sm::decode_info(id_set_value({"uuid-one-16bytes"}, false));
        CPPUNIT_ASSERT(!present->refresh_deletes);
    }

    void malformed_values_are_refused() {
        CPPUNIT_ASSERT(!sm::decode_state(""));
        CPPUNIT_ASSERT(!sm::decode_state(std::string("\x30\x03\x0a\x01\x07", 5)));  // state 7
        CPPUNIT_ASSERT(!sm::decode_info(std::string("\x30\x00", 2)));              // unknown choice
        CPPUNIT_ASSERT(!sm::decode_info(std::string("\xa3\x05\x04\x09", 4)));      // truncated
    }
};

class SyncStateTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SyncStateTest);
    CPPUNIT_TEST(first_refresh_publishes_nothing_then_persist_publishes);
    CPPUNIT_TEST(cookie_survives_reconnects_and_resumed_refresh_publishes);
    CPPUNIT_TEST(present_phase_reveals_deletions);
    CPPUNIT_TEST(empty_present_phase_deletes_nothing);
    CPPUNIT_TEST(deletions_by_uuid_are_named);
    CPPUNIT_TEST(refresh_required_drops_the_cookie_and_reloads_everything);
    CPPUNIT_TEST(rename_publishes_both_names);
    CPPUNIT_TEST_SUITE_END();

    using Kind = sm::InfoMessage::Kind;

public:
    void first_refresh_publishes_nothing_then_persist_publishes() {
        SyncState s;
        s.begin_session();
        CPPUNIT_ASSERT(!s.cookie());
        CPPUNIT_ASSERT(s.on_entry(state(sm::EntryState::Add, "u1"), "cn=a").empty());
        CPPUNIT_ASSERT(s.on_entry(state(sm::EntryState::Add, "u2"), "cn=b").empty());
        CPPUNIT_ASSERT(s.on_info(refresh_done(Kind::RefreshPresent, "c1")).empty());
        CPPUNIT_ASSERT(!s.refreshing());
        CPPUNIT_ASSERT_EQUAL(std::string("c1"), *s.cookie());
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=a>"), joined(s.on_entry(state(sm::EntryState::Modify, "u1", "c2"), "cn=a")));
        CPPUNIT_ASSERT_EQUAL(std::string("c2"), *s.cookie());
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=b>"), joined(s.on_entry(state(sm::EntryState::Delete, "u2"), "cn=b")));
        CPPUNIT_ASSERT_EQUAL(size_t(1), s.known_entries());
    }

    void cookie_survives_reconnects_and_resumed_refresh_publishes() {
        SyncState s;
        s.begin_session();
        s.on_entry(state(sm::EntryState::Add, "u1"), "cn=a");
        s.on_info(refresh_done(Kind::RefreshDelete, "c1"));
        // The connection drops; a new session resumes from c1.
        s.begin_session();
        CPPUNIT_ASSERT_EQUAL(std::string("c1"), *s.cookie());
        CPPUNIT_ASSERT(s.refreshing());
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=a>"), joined(s.on_entry(state(sm::EntryState::Add, "u1"), "cn=a")));
        sm::InfoMessage newer;
        newer.kind = Kind::NewCookie;
        newer.cookie = "c9";
        s.on_info(newer);
        CPPUNIT_ASSERT_EQUAL(std::string("c9"), *s.cookie());
        sm::InfoMessage empty_cookie;  // an empty cookie never replaces a real one
        empty_cookie.kind = Kind::NewCookie;
        empty_cookie.cookie = "";
        s.on_info(empty_cookie);
        CPPUNIT_ASSERT_EQUAL(std::string("c9"), *s.cookie());
    }

    void present_phase_reveals_deletions() {
        SyncState s;
        s.begin_session();
        s.on_entry(state(sm::EntryState::Add, "u1"), "cn=a");
        s.on_entry(state(sm::EntryState::Add, "u2"), "cn=b");
        s.on_entry(state(sm::EntryState::Add, "u3"), "cn=c");
        s.on_info(refresh_done(Kind::RefreshPresent, "c1"));
        s.begin_session();
        s.on_entry(state(sm::EntryState::Present, "u1"), "cn=a");
        sm::InfoMessage ids;
        ids.kind = Kind::IdSet;
        ids.refresh_deletes = false;
        ids.uuids = {"u3"};
        CPPUNIT_ASSERT(s.on_info(ids).empty());
        // u2 was listed neither way: deleted while we were away.
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=b>"), joined(s.on_info(refresh_done(Kind::RefreshPresent, "c2"))));
        CPPUNIT_ASSERT_EQUAL(size_t(2), s.known_entries());
    }

    void empty_present_phase_deletes_nothing() {
        SyncState s;
        s.begin_session();
        s.on_entry(state(sm::EntryState::Add, "u1"), "cn=a");
        s.on_info(refresh_done(Kind::RefreshPresent, "c1"));
        s.begin_session();
        CPPUNIT_ASSERT(s.on_info(refresh_done(Kind::RefreshPresent, "c1")).empty());
        CPPUNIT_ASSERT_EQUAL(size_t(1), s.known_entries());
    }

    void deletions_by_uuid_are_named() {
        SyncState s;
        s.begin_session();
        s.on_entry(state(sm::EntryState::Add, "u1"), "cn=a");
        s.on_entry(state(sm::EntryState::Add, "u2"), "cn=b");
        s.on_info(refresh_done(Kind::RefreshDelete, "c1"));
        s.begin_session();
        sm::InfoMessage ids;
        ids.kind = Kind::IdSet;
        ids.refresh_deletes = true;
        ids.uuids = {"u2", "unknown"};
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=b>"), joined(s.on_info(ids)));
        // Deleted in persist with only the UUID (no DN in the message).
        s.on_info(refresh_done(Kind::RefreshDelete));
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=a>"), joined(s.on_entry(state(sm::EntryState::Delete, "u1"), "")));
        CPPUNIT_ASSERT_EQUAL(size_t(0), s.known_entries());
    }

    void refresh_required_drops_the_cookie_and_reloads_everything() {
        SyncState s;
        s.begin_session();
        s.on_entry(state(sm::EntryState::Add, "u1"), "cn=a");
        s.on_info(refresh_done(Kind::RefreshPresent, "c1"));
        s.begin_session();
        s.on_refresh_required();
        CPPUNIT_ASSERT(!s.cookie());
        s.begin_session();  // a full reload: every entry may have changed meanwhile
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=a>"), joined(s.on_entry(state(sm::EntryState::Add, "u1"), "cn=a")));
    }

    void rename_publishes_both_names() {
        SyncState s;
        s.begin_session();
        s.on_entry(state(sm::EntryState::Add, "u1"), "cn=old");
        s.on_info(refresh_done(Kind::RefreshPresent, "c1"));
        CPPUNIT_ASSERT_EQUAL(std::string("<cn=new><cn=old>"),
                             joined(s.on_entry(state(sm::EntryState::Modify, "u1"), "cn=new")));
    }
};

class ServerFeaturesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ServerFeaturesTest);
    CPPUNIT_TEST(openldap_with_syncprov);
    CPPUNIT_TEST(active_directory);
    CPPUNIT_TEST(plain_server);
    CPPUNIT_TEST_SUITE_END();

public:
    void openldap_with_syncprov() {
        Entry root;
        root.attributes["supportedControl"] = {"1.3.6.1.4.1.4203.1.9.1.1", "1.2.840.113556.1.4.319"};
        ServerFeatures f = classify_root_dse(root);
        CPPUNIT_ASSERT(f.content_sync);
        CPPUNIT_ASSERT(!f.active_directory);
    }

    void active_directory() {
        Entry root;
        root.attributes["supportedCapabilities"] = {"1.2.840.113556.1.4.800", "1.2.840.113556.1.4.1670"};
        root.attributes["highestCommittedUSN"] = {"41235"};
        ServerFeatures f = classify_root_dse(root);
        CPPUNIT_ASSERT(f.active_directory && !f.content_sync);
        CPPUNIT_ASSERT_EQUAL(std::string("41235"), f.highest_usn);
        Entry gc;  // isGlobalCatalogReady alone also says AD (Samba answers it)
        gc.attributes["isGlobalCatalogReady"] = {"TRUE"};
        CPPUNIT_ASSERT(classify_root_dse(gc).active_directory);
    }

    void plain_server() {
        Entry root;
        root.attributes["supportedControl"] = {"1.2.840.113556.1.4.319"};
        root.attributes["highestCommittedUSN"] = {"7"};
        ServerFeatures f = classify_root_dse(root);
        CPPUNIT_ASSERT(!f.content_sync && !f.active_directory);
        CPPUNIT_ASSERT(f.highest_usn.empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WatchSettingsTest);
CPPUNIT_TEST_SUITE_REGISTRATION(ChangeMarkerTest);
CPPUNIT_TEST_SUITE_REGISTRATION(SyncMessagesTest);
CPPUNIT_TEST_SUITE_REGISTRATION(SyncStateTest);
CPPUNIT_TEST_SUITE_REGISTRATION(ServerFeaturesTest);
