// Thin shim over the system's zlib.h; typed wrappers for variadic or
// macro-only APIs live here as static inline functions, each with its reason.
#pragma once
#include <zlib.h>
