// The directory and image work behind a photo, in the three steps a cache needs to keep apart:
// resolve (the person and their photos), render (one size), probe_marker (has the entry moved?).
#pragma once
#include <string>

#include "log.h"
#include "service/photo_service.h"

namespace userphoto {

class PersonSource {
public:
    virtual ~PersonSource() = default;
    virtual ResolvedPerson resolve(const PhotoQuery& query, const Logger& log) = 0;
    virtual PhotoResult render(const ResolvedPerson& person, int edge, ImageFormat format, PhotoShape shape,
                               const Logger& log) = 0;
    virtual MarkerProbe probe_marker(const PhotoQuery& query, const Logger& log) = 0;
    // The attribute the query's identity is matched against (cache keys are built from it).
    virtual std::string identity_attribute(const PhotoQuery& query) const = 0;
};

// PhotoService as a PersonSource.
class ServicePersonSource : public PersonSource {
public:
    explicit ServicePersonSource(std::shared_ptr<PhotoService> service) : service_(std::move(service)) {}
    ResolvedPerson resolve(const PhotoQuery& query, const Logger& log) override { return service_->resolve(query, log); }
    PhotoResult render(const ResolvedPerson& person, int edge, ImageFormat format, PhotoShape shape,
                       const Logger& log) override {
        return service_->render(person, edge, log, format, shape);
    }
    MarkerProbe probe_marker(const PhotoQuery& query, const Logger& log) override {
        return service_->probe_marker(query, log);
    }
    std::string identity_attribute(const PhotoQuery& query) const override { return service_->attribute_for(query); }

private:
    std::shared_ptr<PhotoService> service_;
};

}  // namespace userphoto
