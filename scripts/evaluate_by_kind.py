#!/usr/bin/env python3
"""Recall and scores per anomaly kind, from a replay of a kind-labelled recording.

    edge-agent simulate --out rec.parquet --hours 70 --seed 101 --label-kinds
    edge-agent replay rec.parquet --db rec.db
    scripts/evaluate_by_kind.py rec.parquet rec.db --threshold T [--last 0.2]

Each anomalous stored window is attributed to the kind most of its anomalous samples
carry; --last restricts the table to the last fraction of windows by time (the held-out
part of `make default-model`). Shows which kinds the model finds and which it cannot.
"""
import argparse
import sqlite3

import numpy as np
import pyarrow.parquet as pq

KINDS = ["tachycardia", "bradycardia", "irregular_rhythm", "fall", "flatline", "saturation", "dropout", "stuck_hr"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("recording")
    parser.add_argument("database")
    parser.add_argument("--threshold", type=float, required=True)
    parser.add_argument("--last", type=float, default=1.0)
    args = parser.parse_args()

    table = pq.read_table(args.recording, columns=["timestamp", "label"])
    times = table.column("timestamp").cast("int64").to_numpy()
    labels = table.column("label").to_numpy()
    rows = (
        sqlite3.connect(args.database)
        .execute("SELECT start_micros, end_micros, score, label FROM windows ORDER BY start_micros")
        .fetchall()
    )
    rows = rows[len(rows) - int(round(len(rows) * args.last)) :]

    by_kind: dict[int, list[float]] = {}
    normal_scores = []
    for start, end, score, label in rows:
        if label is None:
            continue
        if label == 0:
            normal_scores.append(score)
            continue
        window = labels[np.searchsorted(times, start) : np.searchsorted(times, end)]
        anomalous = window[window > 0]
        kind = int(np.bincount(anomalous).argmax()) if len(anomalous) else 0
        by_kind.setdefault(kind, []).append(score)

    print(f"{'kind':18s}{'windows':>9s}{'detected':>10s}{'recall':>8s}{'median score':>14s}")
    for kind in sorted(by_kind):
        scores = np.array(by_kind[kind])
        detected = int((scores >= args.threshold).sum())
        name = KINDS[kind - 1] if 1 <= kind <= len(KINDS) else f"label {kind}"
        print(f"{name:18s}{len(scores):9d}{detected:10d}{detected / len(scores):8.2f}{np.median(scores):14.3f}")
    normal = np.array(normal_scores)
    flagged = int((normal >= args.threshold).sum())
    print(f"{'normal':18s}{len(normal):9d}{flagged:10d}{'':8s}{np.median(normal):14.3f}  (flagged = false positives)")


if __name__ == "__main__":
    main()
