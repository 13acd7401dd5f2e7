// Translates between httpd's request_rec and the core's neutral HttpRequest / HttpResponse.
#pragma once
#include <cstdint>

#include "glue.h"
#include "protocol/body_source.h"
#include "protocol/http_exchange.h"

namespace userphoto::glue {

// Fills everything but the body.
HttpRequest describe_request(request_rec* r);

// Reads the body into `into` up to `cap` bytes (RequestBody and read_capped, as the codecs that
// read on demand do). Returns OK, HTTP_REQUEST_ENTITY_TOO_LARGE when the body (declared or actual)
// is larger, or another HTTP status on a read error.
int read_body(request_rec* r, uint64_t cap, std::string& into);

// The request body, read on demand by a codec, chunk by chunk (the codec enforces its cap).
class RequestBody : public BodySource {
public:
    explicit RequestBody(request_rec* r) : r_(r) {}
    // Prepares httpd's body reading (once); OK or the HTTP status httpd refused the body with.
    int start();
    long read(char* into, size_t capacity) override;

private:
    request_rec* r_;
    bool started_ = false;
    bool done_ = false;
    int setup_ = OK;
};

// Sends the response; returns what the handler returns to httpd.
int send_response(request_rec* r, const HttpResponse& response);

}  // namespace userphoto::glue
