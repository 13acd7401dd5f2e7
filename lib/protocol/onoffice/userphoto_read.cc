#include "protocol/onoffice/userphoto_read.h"

#include <algorithm>
#include <charconv>

#include "util/base64.h"
#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto::onoffice {
namespace {

using nlohmann::json;

std::optional<int64_t> integer(const json& v) {
    if (v.is_number_integer()) return v.get<int64_t>();
    if (!v.is_string()) return std::nullopt;
    return parse_integer<int64_t>(trim(v.get<std::string>()));
}

std::optional<bool> boolean(const json& v) {
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_number_integer()) return v.get<int64_t>() != 0;
    if (v.is_string()) {
        std::string s = to_lower(trim(v.get<std::string>()));
        if (s == "true" || s == "1") return true;
        if (s == "false" || s == "0" || s.empty()) return false;
    }
    return std::nullopt;
}

bool is_empty_id(const json& v) { return v.is_null() || (v.is_string() && trim(v.get<std::string>()).empty()); }

}  // namespace

ParsedRead parse_userphoto_read(const json& parameters, const json& resourceid, const FieldMap& fields,
                                const PeopleAttributes& attributes) {
    ParsedRead out;
    UserPhotoRead& read = out.read;
    read.query.limit = kDefaultListLimit;
    static const json kNoParameters = json::object();
    const json& params = parameters.is_object() ? parameters : kNoParameters;  // a reference: never copy client JSON
    auto fail = [&](ApiError e) {
        out.error = std::move(e);
        return out;
    };

    if (params.contains("photosAsLinks")) {
        auto b = boolean(params["photosAsLinks"]);
        if (!b) return fail(invalid_value("photosAsLinks"));
        read.as_links = *b;
    }
    if (params.contains("listlimit")) {
        auto n = integer(params["listlimit"]);
        if (!n || *n < 1) return fail(invalid_value("listlimit"));
        read.query.limit = static_cast<size_t>(std::min<int64_t>(*n, kMaxListLimit));
    }
    if (params.contains("listoffset")) {
        auto n = integer(params["listoffset"]);
        if (!n || *n < 0) return fail(invalid_value("listoffset"));
        read.query.offset = static_cast<size_t>(*n);
    }
    if (params.contains("sortby")) {
        const json& sort = params["sortby"];
        if (sort.is_object() && !sort.empty()) {
            auto first = sort.begin();
            auto attribute = fields.attribute_of(first.key());
            if (!attribute) return fail(unknown_field(first.key()));
            if (!first.value().is_string()) return fail(invalid_value("sortby"));
            std::string direction = to_lower(trim(first.value().get<std::string>()));
            if (direction != "asc" && direction != "desc") return fail(invalid_value("sortby"));
            read.query.descending = direction == "desc";
            if (*attribute != fields.number_attribute) read.query.sort_attribute = *attribute;
        } else if (!(sort.is_array() && sort.empty()) && !sort.is_null()) {
            return fail(invalid_value("sortby"));
        }
    }

    PeopleCriteria& criteria = read.query.criteria;
    if (params.contains("messengerUIds")) {
        // Selects by messenger ids and ignores "filter", as the vendor documents.
        if (attributes.messenger.empty()) return fail(invalid_value("messengerUIds"));
        const json& ids = params["messengerUIds"];
        if (!ids.is_array()) return fail(invalid_value("messengerUIds"));
        if (ids.size() > kMaxIds) return fail(too_many_ids());
        read.with_messenger = true;
        criteria.messenger_ids.emplace();
        for (const json& id : ids) {
            auto v = filter_value(id, true);
            if (!v) return fail(invalid_value("messengerUIds"));
            criteria.messenger_ids->push_back(std::move(*v));
        }
    } else if (params.contains("filter")) {
        FilterTranslation t = translate_filter(params["filter"], fields);
        if (t.error) return fail(*t.error);
        criteria.all_of = std::move(t.conditions);
    }
    if (!is_empty_id(resourceid)) {
        auto v = filter_value(resourceid, true);
        if (!v) return fail(invalid_value("resourceid"));
        criteria.all_of.push_back(Condition{fields.number_attribute, Comparison::Equal, {std::move(*v)}, {}});
    }
    return out;
}

PhotoQuery record_photo_query(const PeopleAttributes& attributes, int64_t number, const std::string& version,
                              ImageFormat format) {
    PhotoQuery query;
    query.kind = IdentityKind::Attribute;
    query.attribute = attributes.number;
    query.value = std::to_string(number);
    query.edge = kMaxListEdge;
    query.shape = PhotoShape::AsStored;
    query.follow_linked_entry = true;
    query.format = format;
    query.seen_etag = version;
    return query;
}

ReadOutcome run_userphoto_read(const UserPhotoRead& read, PeopleDirectory& people, PhotoProvider& photos,
                               const std::function<std::string(const PersonPhoto&)>& make_link, ReadBudget& budget,
                               const Logger& log) {
    ReadOutcome out;
    if (budget.records == 0) {
        out.error = too_much_data();
        return out;
    }
    // Never fetch more than the request may still return: the directory work is bounded too.
    PeopleQuery query = read.query;
    query.limit = std::min(query.limit, budget.records);
    PeoplePage page = people.list(query, log);
    switch (page.status) {
        case PeopleStatus::Ok: break;
        case PeopleStatus::TooMany:
        case PeopleStatus::InvalidQuery:
            log.info("onOffice userphoto: " + page.message);
            out.error = invalid_value("filter");
            return out;
        case PeopleStatus::Unavailable:
            log.error("onOffice userphoto: directory unavailable: " + page.message);
            out.error = internal_error();
            return out;
    }
    const std::size_t answer = page.total > read.query.offset ? std::min(read.query.limit, page.total - read.query.offset) : 0;
    if (answer > budget.records || page.people.size() > budget.records) {
        log.info("onOffice userphoto: " + std::to_string(answer) + " record(s) asked for, over the request's cap");
        out.error = too_much_data();
        return out;
    }
    std::size_t bytes = 0;
    ordered_json records = ordered_json::array();
    for (const PersonPhoto& person : page.people) {
        ordered_json elements;
        if (!person.has_photo) {
            elements["photo"] = nullptr;
        } else if (read.as_links) {
            elements["photo"] = make_link(person);
        } else {
            PhotoResult photo =
                photos.get_photo(record_photo_query(people.attributes(), person.number, person.version), log);
            if (photo.status == PhotoStatus::Unavailable) {
                log.error("onOffice userphoto: directory unavailable while reading the photo of " +
                          std::to_string(person.number));
                out.error = internal_error();
                return out;
            }
            // Gone or unusable since the list was read: no photo, as for anyone without one.
            if (photo.status == PhotoStatus::Ok)
                elements["photo"] = base64_encode(photo.jpeg);
            else
                elements["photo"] = nullptr;
        }
        if (read.with_messenger) {
            if (person.messenger_id)
                elements["messengerUId"] = *person.messenger_id;
            else
                elements["messengerUId"] = nullptr;
        }
        ordered_json record{{"id", person.number}, {"type", "user"}, {"elements", std::move(elements)}};
        bytes += record.dump(-1, ' ', false, ordered_json::error_handler_t::replace).size() + 1;
        if (bytes > budget.bytes) {
            log.info("onOffice userphoto: the answer would exceed the request's response size cap");
            out.error = too_much_data();
            return out;
        }
        records.push_back(std::move(record));
    }
    budget.records -= page.people.size();
    budget.bytes -= bytes;
    out.data = ordered_json{{"meta", ordered_json{{"cntabsolute", page.total}}}, {"records", std::move(records)}};
    log.debug("onOffice userphoto: " + std::to_string(page.people.size()) + " of " + std::to_string(page.total) +
              " record(s), " + std::to_string(page.directory_requests) + " LDAP search(es)");
    return out;
}

}  // namespace userphoto::onoffice
