"""pyarrow side of scripts/bench-parquet-read.

  make DIR        writes replay-<codec>.parquet (4,320,000 rows: one day at 50 Hz) for
                  codecs snappy, zstd and none, with pyarrow's default writer settings.
  read FILE N     reads FILE N times with pq.read_table(use_threads=False) on one thread and
                  prints one JSON line: fastest wall time, the CPU time of that read, rows, and
                  this process's peak RSS.

One thread really means one: use_threads=False alone still lets pyarrow 26 decode on its CPU
thread pool (measured: CPU time 1.8x the wall time), so both Arrow pools are set to one thread
and the CPU time is reported beside the wall time to show it.

The data mimics a wearable recording: timestamps every 20 ms, heart rate updated once a second
and held, accelerometer channels quantised to 1/1000 g like a 12-bit sensor, labels in 0..2.
"""
import json
import resource
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROWS = 4_320_000


def make(directory):
    rng = np.random.default_rng(20261203)
    timestamps = 1_700_000_000_000_000 + np.arange(ROWS, dtype=np.int64) * 20_000
    beats = 70 + np.cumsum(rng.normal(0, 0.3, ROWS // 50 + 1))
    hr = np.repeat(np.round(beats, 1), 50)[:ROWS]
    def channel(offset):
        return np.round(offset + rng.normal(0, 0.25, ROWS), 3)
    labels = (np.arange(ROWS) // 15_000 % 3).astype(np.int8)
    table = pa.table({
        "timestamp": pa.array(timestamps, pa.timestamp("us")),
        "hr": hr, "accel_x": channel(0.0), "accel_y": channel(0.0), "accel_z": channel(1.0),
        "label": labels,
    })
    for codec in ("snappy", "zstd", "none"):
        pq.write_table(table, f"{directory}/replay-{codec}.parquet", compression=codec)


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def read(path, repeats):
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    best = float("inf")
    best_cpu = 0.0
    rows = 0
    for _ in range(repeats):
        cpu = cpu_seconds()
        start = time.perf_counter()
        table = pq.read_table(path, use_threads=False)
        elapsed = time.perf_counter() - start
        if elapsed < best:
            best, best_cpu = elapsed, cpu_seconds() - cpu
        rows = table.num_rows
        del table
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"reader": "pyarrow", "seconds": best, "cpu_seconds": best_cpu, "rows": rows,
                      "peak_rss_kb": peak}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        read(sys.argv[2], int(sys.argv[3]))
