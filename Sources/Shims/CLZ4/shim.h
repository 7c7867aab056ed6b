// Thin shim over liblz4: LZ4_RAW and Hadoop-framed LZ4 Parquet pages.
#pragma once
#include <lz4.h>
