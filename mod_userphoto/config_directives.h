// The httpd.conf interface: directive table and config create/merge callbacks.
#pragma once
#include "glue.h"

extern "C" {
extern const command_rec userphoto_directives[];
void* userphoto_create_server_config(apr_pool_t* pool, server_rec* s);
void* userphoto_merge_server_config(apr_pool_t* pool, void* base, void* add);
void* userphoto_create_dir_config(apr_pool_t* pool, char* dir);
void* userphoto_merge_dir_config(apr_pool_t* pool, void* base, void* add);
}
