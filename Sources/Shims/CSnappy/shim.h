// Thin shim over the system's snappy-c.h; typed wrappers for variadic or
// macro-only APIs live here as static inline functions, each with its reason.
#pragma once
#include <snappy-c.h>
