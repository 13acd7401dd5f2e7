#include "fake_directory.h"

#include <algorithm>
#include <stdexcept>

#include "image/photo_image.h"
#include "image/rgb_image.h"
#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto::testing {
namespace {

using directory::Entry;
using directory::Status;

// RFC 4515 value: \XX escapes decoded; '*' kept as a wildcard marker only when unescaped.
struct Pattern {
    std::vector<std::string> parts;  // split at unescaped '*'
};

Pattern parse_value(const std::string& raw) {
    Pattern p;
    p.parts.emplace_back();
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '*') {
            p.parts.emplace_back();
        } else if (raw[i] == '\\' && i + 2 < raw.size()) {
            p.parts.back() += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            p.parts.back() += raw[i];
        }
    }
    return p;
}

bool wildcard_match(const std::string& value, const Pattern& p) {
    const std::string v = to_lower(value);
    if (p.parts.size() == 1) return v == to_lower(p.parts[0]);
    size_t at = 0;
    for (size_t i = 0; i < p.parts.size(); ++i) {
        const std::string part = to_lower(p.parts[i]);
        if (i == 0) {
            if (v.compare(0, part.size(), part) != 0) return false;
            at = part.size();
        } else if (i + 1 == p.parts.size()) {
            return v.size() >= at + part.size() && v.compare(v.size() - part.size(), part.size(), part) == 0;
        } else {
            size_t found = v.find(part, at);
            if (found == std::string::npos) return false;
            at = found + part.size();
        }
    }
    return true;
}

int compare_values(const std::string& a, const std::string& b) {
    auto x = parse_integer<int64_t>(a), y = parse_integer<int64_t>(b);
    if (x && y) return *x < *y ? -1 : *x > *y ? 1 : 0;
    const std::string la = to_lower(a), lb = to_lower(b);
    return la < lb ? -1 : la > lb ? 1 : 0;
}

// Evaluates the filter starting at text[*at] == '('; leaves *at after its ')'.
bool evaluate(const Entry& entry, const std::string& text, size_t* at) {
    if (*at >= text.size() || text[*at] != '(') throw std::invalid_argument("filter: '(' expected");
    ++*at;
    const char op = text.at(*at);
    if (op == '&' || op == '|' || op == '!') {
        ++*at;
        std::vector<bool> results;
        while (text.at(*at) == '(') results.push_back(evaluate(entry, text, at));
        if (text.at(*at) != ')') throw std::invalid_argument("filter: ')' expected");
        ++*at;
        if (op == '!') return results.size() == 1 && !results[0];
        if (op == '&') return std::all_of(results.begin(), results.end(), [](bool b) { return b; });
        return std::any_of(results.begin(), results.end(), [](bool b) { return b; });
    }
    const size_t close = text.find(')', *at);
    if (close == std::string::npos) throw std::invalid_argument("filter: unclosed item");
    const std::string item = text.substr(*at, close - *at);
    *at = close + 1;
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) throw std::invalid_argument("filter: no '=' in " + item);
    char relation = '=';
    std::string attribute = item.substr(0, eq);
    if (attribute.back() == '>' || attribute.back() == '<') {
        relation = attribute.back();
        attribute.pop_back();
    }
    const std::string raw = item.substr(eq + 1);
    const directory::Values* values = entry.get(attribute);
    if (!values) return false;
    if (relation == '=' && raw == "*") return true;
    const Pattern pattern = parse_value(raw);
    for (const std::string& v : *values) {
        if (relation == '=' && wildcard_match(v, pattern)) return true;
        if (relation == '>' && compare_values(v, pattern.parts[0]) >= 0) return true;
        if (relation == '<' && compare_values(v, pattern.parts[0]) <= 0) return true;
    }
    return false;
}

}  // namespace

std::string test_jpeg(int width, int height, int shade) {
    image::RgbImage picture;
    picture.width = width;
    picture.height = height;
    picture.rgb.assign(static_cast<size_t>(width) * height * 3, static_cast<uint8_t>(shade));
    return image::encode_jpeg(picture, 90).jpeg;
}

Entry make_entry(const std::string& dn, const std::vector<std::pair<std::string, directory::Values>>& attributes) {
    Entry entry;
    entry.dn = dn;
    for (const auto& [name, values] : attributes) entry.attributes[name] = values;
    return entry;
}

Logger CapturedLines::logger() {
    return Logger([this](LogLevel level, std::string_view line) { lines.emplace_back(level, std::string(line)); });
}

int CapturedLines::count(LogLevel level, const std::string& part) const {
    int n = 0;
    for (const auto& [l, text] : lines) n += l == level && text.find(part) != std::string::npos;
    return n;
}

template <class Result>
bool FakeDirectory::switched_off(Result& result) const {
    if (available) return false;
    result.status = Status::Unavailable;
    result.message = "fake directory switched off";
    return true;
}

bool matches_filter(const Entry& entry, const std::string& filter) {
    size_t at = 0;
    bool result = evaluate(entry, filter, &at);
    if (at != filter.size()) throw std::invalid_argument("filter: trailing text");
    return result;
}

void FakeDirectory::put(Entry entry) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Entry& e : entries_)
        if (iequals(e.dn, entry.dn)) {
            e = std::move(entry);
            return;
        }
    entries_.push_back(std::move(entry));
}

Entry FakeDirectory::entry(const std::string& dn) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Entry& e : entries_)
        if (iequals(e.dn, dn)) return e;
    return Entry();
}

Entry FakeDirectory::projected(const Entry& entry, const std::vector<std::string>& wanted) const {
    Entry out;
    out.dn = entry.dn;
    for (const std::string& name : wanted)
        if (const directory::Values* values = entry.get(name)) out.attributes[name] = *values;
    return out;
}

directory::LookupResult FakeDirectory::find_unique(const std::string& attribute, std::string_view value,
                                                   const std::vector<std::string>& wanted) {
    finds++;
    directory::LookupResult result;
    if (switched_off(result)) return result;
    if (value.empty() || attribute.empty()) {
        result.status = Status::InvalidInput;
        return result;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    int matched = 0;
    for (const Entry& e : entries_) {
        const directory::Values* values = e.get(attribute);
        if (!values) continue;
        for (const std::string& v : *values)
            if (iequals(v, std::string(value))) {
                if (++matched == 1) result.entry = projected(e, wanted);
                break;
            }
    }
    result.status = matched == 0 ? Status::NotFound : matched == 1 ? Status::Found : Status::Ambiguous;
    if (matched != 1) result.entry = Entry();
    return result;
}

directory::SearchResult FakeDirectory::search_paged(const std::string& filter, const std::vector<std::string>& attrs,
                                                    int max_entries, int page_size, int* trips) {
    searches++;
    directory::SearchResult result;
    if (switched_off(result)) return result;
    if (max_entries < 1 || page_size < 1) {
        result.status = Status::InvalidInput;
        return result;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    largest_search_request = std::max(largest_search_request, max_entries);
    int matched = 0;
    try {
        for (const Entry& e : entries_) {
            if (!matches_filter(e, filter)) continue;
            if (++matched > max_entries) {
                result.truncated = true;
                break;
            }
            result.entries.push_back(projected(e, attrs));
        }
    } catch (const std::invalid_argument& bad) {
        result.status = Status::InvalidInput;
        result.message = bad.what();
        return result;
    }
    // One round trip per page read, as the LDAP directory counts them (at least one).
    const int pages = std::max(1, (std::min(matched, max_entries) + page_size - 1) / page_size);
    round_trips += pages;
    if (trips) *trips += pages;
    result.status = result.entries.empty() ? Status::NotFound : Status::Found;
    return result;
}

directory::LookupResult FakeDirectory::read_dn(const std::string& dn, const std::vector<std::string>& wanted) {
    reads++;
    directory::LookupResult result;
    if (switched_off(result)) return result;
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Entry& e : entries_)
        if (iequals(e.dn, dn)) {
            result.status = Status::Found;
            result.entry = projected(e, wanted);
            return result;
        }
    result.status = Status::NotFound;
    return result;
}

Status FakeDirectory::modify_replace(const std::string& dn, const std::vector<directory::AttributeChange>& changes,
                                     std::string* message) {
    modifies++;
    if (!available) {
        if (message) *message = "fake directory switched off";
        return Status::Unavailable;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    for (Entry& e : entries_) {
        if (!iequals(e.dn, dn)) continue;
        const Status answer = modify_answer;
        if (answer != Status::Found) {
            if (message) *message = "fake directory refused the modify";
            return answer;
        }
        for (const auto& [name, value] : changes) {
            if (value)
                e.attributes[name] = directory::Values{*value};
            else
                e.attributes.erase(name);
        }
        return Status::Found;
    }
    if (message) *message = "no such entry";
    return Status::NotFound;
}

PhotoQuery by_mail(const std::string& mail, int edge) {
    PhotoQuery q;
    q.kind = IdentityKind::Email;
    q.value = mail;
    q.edge = edge;
    return q;
}

}  // namespace userphoto::testing
