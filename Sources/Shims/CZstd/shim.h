// Thin shim over the system's zstd.h; typed wrappers for variadic or
// macro-only APIs live here as static inline functions, each with its reason.
#pragma once
#include <zstd.h>
