#!/usr/bin/env python3
"""Recall and scores per anomaly kind, from a replay of a kind-labelled recording.

    edge-agent simulate --out rec.parquet --hours 70 --seed 101 --label-kinds
    edge-agent replay rec.parquet --db rec.db
    scripts/evaluate_by_kind.py rec.parquet rec.db --threshold T [--last 0.2]

Each anomalous stored window is attributed to the kind most of its anomalous samples
carry; --last restricts the table to the last fraction of windows by time (the held-out
part of `make default-model`). Shows which kinds the model finds and which it cannot;
the ROC AUC column ranks each kind's windows against all normal windows (ties count half),
so it shows which kinds pull the overall AUC down.
"""
import argparse
import sqlite3

import numpy as np
import pyarrow.parquet as pq

KINDS = ["tachycardia", "bradycardia", "irregular_rhythm", "fall", "flatline", "saturation", "dropout", "stuck_hr"]


def auc_against(normal: np.ndarray, scores: np.ndarray) -> float:
    """Probability that a window of the kind outscores a normal one (ties count half)."""
    ordered = np.sort(normal)
    below = np.searchsorted(ordered, scores, side="left")
    not_above = np.searchsorted(ordered, scores, side="right")
    return float(((below + not_above) / 2).mean() / len(ordered))


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

    normal = np.array(normal_scores)
    print(f"{'kind':18s}{'windows':>9s}{'detected':>10s}{'recall':>8s}{'median score':>14s}{'ROC AUC':>9s}")
    for kind in sorted(by_kind):
        scores = np.array(by_kind[kind])
        detected = int((scores >= args.threshold).sum())
        name = KINDS[kind - 1] if 1 <= kind <= len(KINDS) else f"label {kind}"
        auc = auc_against(normal, scores) if len(normal) else float("nan")
        print(
            f"{name:18s}{len(scores):9d}{detected:10d}{detected / len(scores):8.2f}{np.median(scores):14.3f}{auc:9.3f}"
        )
    flagged = int((normal >= args.threshold).sum())
    print(f"{'normal':18s}{len(normal):9d}{flagged:10d}{'':8s}{np.median(normal):14.3f}  (flagged = false positives)")


if __name__ == "__main__":
    main()
