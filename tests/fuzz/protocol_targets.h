// Fuzz entry points of the protocol parsers. Each tests/fuzz/<target>.cc defines its target with
// USERPHOTO_FUZZ_TARGET(<target>): a plain function userphoto_fuzz_<target>() that the corpus-replay
// unit test calls, and, built with -DUSERPHOTO_LIBFUZZER, libFuzzer's LLVMFuzzerTestOneInput.
#pragma once
#include <cstddef>
#include <cstdint>

#ifdef USERPHOTO_LIBFUZZER
#define USERPHOTO_FUZZ_EXPORT(name) \
    extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return userphoto_fuzz_##name(data, size); }
#else
#define USERPHOTO_FUZZ_EXPORT(name)
#endif

#define USERPHOTO_FUZZ_TARGET(name)                           \
    int userphoto_fuzz_##name(const uint8_t* data, size_t size); \
    USERPHOTO_FUZZ_EXPORT(name)                               \
    int userphoto_fuzz_##name(const uint8_t* data, size_t size)

int userphoto_fuzz_onoffice_api(const uint8_t* data, size_t size);
int userphoto_fuzz_chatter_multipart(const uint8_t* data, size_t size);
int userphoto_fuzz_chatter_request(const uint8_t* data, size_t size);
int userphoto_fuzz_upload_image(const uint8_t* data, size_t size);
int userphoto_fuzz_photo_links(const uint8_t* data, size_t size);
int userphoto_fuzz_cache_records(const uint8_t* data, size_t size);
int userphoto_fuzz_graph_request(const uint8_t* data, size_t size);
int userphoto_fuzz_avatar_request(const uint8_t* data, size_t size);
