#!/usr/bin/env python3
"""The Python peer of `edge-agent replay` for scripts/bench-replay: the same work with
the usual Python tools, so the agent's end-to-end throughput has a yardstick.

  pyarrow  reads the Parquet file one row group at a time (ParquetFile.iter_batches)
  numpy    cuts 250-row windows ([N, 4, 250] float32: hr, accel_x, accel_y, accel_z),
           labels each window with the agent's rule (>= 50 of 250 samples anomalous,
           unknown unless every sample carries a label) and encodes the data blob
  ONNX Runtime scores each row group's windows in batches of 256 (faster and smaller here
           than one call per row group) on the agent's int8 model exported as a QDQ graph
           (scripts/reference/export_onnx_qdq.py), 2 intra-op threads
  sqlite3  stores the rows the agent stores in its `windows` table (device, start/end
           micros, data blob, score, flagged, label, model version, labelled/total
           sample counts) plus the device row and merged events, in transactions of
           1,024 windows (the agent's batch size for a fast replay), WAL mode,
           synchronous=NORMAL and 8 KiB pages (the agent's settings for `--db`)

The data blob uses the agent's encoding (Sources/Store/WindowDataCodec.swift: per
channel min and step as float32, then uint16 samples channel-major, 2,036 bytes), so
both sides write the same bytes per row; numpy computes it for a whole batch at once.

Windows follow the agent's windower rules (grid_windows.py): epoch-aligned 50 Hz grid,
steps up to 1 s filled (acceleration interpolated, heart rate held), longer gaps drop the
window in progress; a simulated day has ~65 dropout gaps, so this matters for the counts.

Prints one JSON line: windows, samples, seconds, windows_per_s, samples_per_s,
peak_rss_kb (this process's, from getrusage), flagged, events.
Usage: python_replay_pipeline.py FILE.parquet MODEL.qdq.onnx DB [--threshold T] [--threads N]
"""
import argparse
import json
import os
import resource
import sqlite3
import sys
import time

import numpy as np
import pyarrow.parquet as pq

from grid_windows import INTERVAL_MICROS, GridWindower

CHANNELS, LENGTH = 4, 250
COMMIT_EVERY = 1024
EVENT_GAP_MICROS = 5_000_000
MIN_ANOMALOUS_SAMPLES = 50

SCHEMA = """
CREATE TABLE devices (
    id INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,
    first_seen_micros INTEGER NOT NULL,
    last_seen_micros INTEGER NOT NULL
);
CREATE TABLE windows (
    id INTEGER PRIMARY KEY,
    device_id INTEGER NOT NULL REFERENCES devices(id),
    start_micros INTEGER NOT NULL,
    end_micros INTEGER NOT NULL CHECK (end_micros > start_micros),
    data BLOB NOT NULL,
    score REAL NOT NULL,
    flagged INTEGER NOT NULL CHECK (flagged IN (0, 1)),
    label INTEGER CHECK (label IN (0, 1)),
    model_version TEXT NOT NULL,
    labelled_samples INTEGER CHECK (labelled_samples >= 0),
    total_samples INTEGER CHECK (total_samples >= 0)
);
CREATE UNIQUE INDEX windows_by_device_time ON windows(device_id, start_micros);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    device_id INTEGER NOT NULL REFERENCES devices(id),
    start_micros INTEGER NOT NULL,
    end_micros INTEGER NOT NULL CHECK (end_micros >= start_micros),
    peak_score REAL NOT NULL,
    window_count INTEGER NOT NULL CHECK (window_count >= 1),
    acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged IN (0, 1)),
    acknowledged_micros INTEGER
);
CREATE INDEX events_by_device_end ON events(device_id, end_micros);
"""

INSERT_WINDOW = """
INSERT INTO windows (device_id, start_micros, end_micros, data, score, flagged, label, model_version,
                     labelled_samples, total_samples)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (device_id, start_micros) DO UPDATE SET
    end_micros = excluded.end_micros, data = excluded.data, score = excluded.score,
    flagged = excluded.flagged, label = excluded.label, model_version = excluded.model_version,
    labelled_samples = excluded.labelled_samples, total_samples = excluded.total_samples
"""


def encode_blobs(windows):
    """The agent's window blob for each of `windows` ([N, 4, 250] float32), as bytes objects."""
    count = len(windows)
    low = windows.min(axis=2)
    high = windows.max(axis=2)
    step = ((high.astype(np.float64) - low) / 65535).astype(np.float32)
    inverse = np.divide(np.float32(1), step, out=np.zeros_like(step), where=step > 0)
    scaled = (windows - low[:, :, None]) * inverse[:, :, None] + np.float32(0.5)
    quantized = np.minimum(scaled.astype(np.uint32), 65535).astype("<u2")
    header = np.frombuffer(bytes([1, CHANNELS]) + LENGTH.to_bytes(2, "little"), np.uint8)
    params = np.stack([low, step], axis=2).astype("<f4").view(np.uint8).reshape(count, -1)
    rows = np.concatenate(
        [np.broadcast_to(header, (count, 4)), params, quantized.view(np.uint8).reshape(count, -1)], axis=1)
    return [row.tobytes() for row in rows]


def window_labels(labels):
    """(label, anomalous samples, labelled samples) per window; all None unless every sample is labelled."""
    anomalous = (labels > 0).sum(axis=1)
    known = (labels >= 0).all(axis=1)
    return [(int(count >= MIN_ANOMALOUS_SAMPLES), count, LENGTH) if full else (None, None, None)
            for count, full in zip(anomalous.tolist(), known.tolist())]


class Store:
    """The agent's window rows, device row and merged events, committed every COMMIT_EVERY windows."""

    def __init__(self, path, device, model_version):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA page_size = 8192")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.executescript(SCHEMA)
        self.device_external = device
        self.model_version = model_version
        self.device_row = None
        self.rows = []
        self.event = None  # [row id, start, end, peak score, window count, unwritten] of the latest event
        self.events = 0
        self.stored = 0

    def add(self, rows):
        self.rows.extend(rows)
        while len(self.rows) >= COMMIT_EVERY:
            self.commit(self.rows[:COMMIT_EVERY])
            del self.rows[:COMMIT_EVERY]

    def finish(self):
        if self.rows:
            self.commit(self.rows)
        self.rows = []
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()

    def commit(self, rows):
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        last_end = rows[-1][1]
        if self.device_row is None:
            self.device_row = db.execute(
                "INSERT INTO devices (external_id, first_seen_micros, last_seen_micros) VALUES (?, ?, ?) "
                "ON CONFLICT (external_id) DO UPDATE SET "
                "last_seen_micros = max(last_seen_micros, excluded.last_seen_micros) RETURNING id",
                (self.device_external, rows[0][0], last_end)).fetchone()[0]
        device = self.device_row
        version = self.model_version
        db.executemany(INSERT_WINDOW, [(device, start, end, blob, score, flag, label, version, anomalous, total)
                                       for start, end, blob, score, flag, label, anomalous, total in rows])
        for start, end, _, score, flag, *_ in rows:
            if flag:
                self.merge_event(device, start, end, score)
        if self.event is not None and self.event[5]:
            event = self.event
            db.execute("UPDATE events SET end_micros = ?, peak_score = ?, window_count = ? WHERE id = ?",
                       (event[2], event[3], event[4], event[0]))
            event[5] = False
        db.execute("UPDATE devices SET last_seen_micros = max(last_seen_micros, ?) WHERE id = ?", (last_end, device))
        db.execute("COMMIT")
        self.stored += len(rows)

    def merge_event(self, device, start, end, score):
        """Extends the open event in memory (written at commit) or inserts a new one."""
        event = self.event
        if event is not None and start - event[2] <= EVENT_GAP_MICROS:
            event[2] = max(event[2], end)
            event[3] = max(event[3], score)
            event[4] += 1
            event[5] = True
        else:
            if event is not None and event[5]:
                self.db.execute("UPDATE events SET end_micros = ?, peak_score = ?, window_count = ? WHERE id = ?",
                                (event[2], event[3], event[4], event[0]))
            row = self.db.execute(
                "INSERT INTO events (device_id, start_micros, end_micros, peak_score, window_count) "
                "VALUES (?, ?, ?, ?, 1) RETURNING id", (device, start, end, score)).fetchone()[0]
            self.event = [row, start, end, score, 1, False]
            self.events += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("model")
    parser.add_argument("db")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--score-batch", type=int, default=256, help="windows per ONNX Runtime call")
    parser.add_argument("--model-version", default="bench")
    args = parser.parse_args()

    import onnxruntime as ort

    started = time.perf_counter()
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(args.model, options, providers=["CPUExecutionProvider"])

    # pre_buffer=False: the default pre-buffering doubled the peak RSS and ran slower here.
    parquet = pq.ParquetFile(args.file, pre_buffer=False)
    columns = ["timestamp", "hr", "accel_x", "accel_y", "accel_z"]
    has_labels = "label" in parquet.schema_arrow.names
    if has_labels:
        columns.append("label")
    metadata = parquet.metadata
    batch_rows = max(LENGTH, metadata.row_group(0).num_rows) if metadata.num_row_groups else 65536
    store = Store(args.db, "file:" + os.path.basename(args.file), args.model_version)

    windower = GridWindower(LENGTH)
    windows_total = flagged_total = 0
    for batch in parquet.iter_batches(batch_size=batch_rows, columns=columns):
        timestamps = batch.column(0).cast("int64").to_numpy()
        values = np.stack([batch.column(i).to_numpy() for i in range(1, 5)])
        labels = (batch.column(5).fill_null(-1).to_numpy().astype(np.int8)
                  if has_labels else np.full(len(timestamps), -1, np.int8))
        starts, windows, window_samples = windower.append(timestamps, values, labels)
        count = len(starts)
        if count == 0:
            continue
        logits = np.concatenate([session.run(["logit"], {"window": windows[at:at + args.score_batch]})[0].reshape(-1)
                                 for at in range(0, count, args.score_batch)])
        scores = 1 / (1 + np.exp(-logits.astype(np.float64)))
        flagged = scores >= args.threshold
        blobs = encode_blobs(windows)
        per_window = window_labels(window_samples)
        store.add([(start, start + LENGTH * INTERVAL_MICROS, blob, score, flag, *label)
                   for start, blob, score, flag, label in zip(
                       starts.tolist(), blobs, scores.tolist(), flagged.astype(int).tolist(), per_window)])
        windows_total += count
        flagged_total += int(flagged.sum())
    windower.finish()
    store.finish()
    seconds = time.perf_counter() - started
    print(json.dumps({
        "windows": windows_total, "stored": store.stored, "samples": windows_total * LENGTH,
        "seconds": seconds, "windows_per_s": windows_total / seconds,
        "samples_per_s": windows_total * LENGTH / seconds,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "flagged": flagged_total, "events": store.events,
    }))


if __name__ == "__main__":
    sys.exit(main())
