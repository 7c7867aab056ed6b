// Thin shim over the system's sqlite3.h; typed wrappers for variadic or
// macro-only APIs live here as static inline functions, each with its reason.
#pragma once
#include <sqlite3.h>
