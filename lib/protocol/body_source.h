// A request body read on demand (only after routing and authorisation) and chunk by chunk, so a
// codec can cap it while it arrives. Shared by every codec that accepts uploads.
#pragma once
#include <cstddef>
#include <string>

namespace userphoto {

class BodySource {
public:
    virtual ~BodySource() = default;
    // Bytes read into `into` (at most `capacity`); 0 at the end of the body; < 0 on a read error.
    virtual long read(char* into, size_t capacity) = 0;
};

// A body already in memory (tests, or a glue that read it whole).
class StringBodySource : public BodySource {
public:
    explicit StringBodySource(std::string body, size_t chunk = 8192) : body_(std::move(body)), chunk_(chunk) {}
    long read(char* into, size_t capacity) override;

private:
    std::string body_;
    size_t offset_ = 0;
    size_t chunk_;
};

enum class BodyRead { Ok, TooLarge, Failed };

// Reads the whole body into `into`, refusing (TooLarge) as soon as it passes `cap` bytes.
BodyRead read_capped(BodySource& body, size_t cap, std::string& into);

}  // namespace userphoto
