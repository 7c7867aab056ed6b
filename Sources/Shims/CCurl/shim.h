// Thin shim over the system's curl/curl.h; typed wrappers for variadic or
// macro-only APIs live here as static inline functions, each with its reason.
#pragma once
#include <curl/curl.h>
