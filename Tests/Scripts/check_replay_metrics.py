"""Recomputes a replay's window labels and metrics independently of the agent.

Reads the recording with pyarrow and the windows the agent stored with sqlite3,
labels each stored window from the recording's per-sample labels (a window is
anomalous when at least 20 % of its samples are, all samples labelled), checks the
stored labels agree, and computes the confusion matrix, precision, recall, F1 and
ROC AUC (Mann-Whitney with average ranks for ties) with numpy. Prints JSON.
"""

import json
import sqlite3
import sys

import numpy as np
import pyarrow.parquet as pq


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float | None:
    positives = int(labels.sum())
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return None
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    start = 0
    while start < len(scores):
        end = start
        while end + 1 < len(scores) and sorted_scores[end + 1] == sorted_scores[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    rank_sum = ranks[labels == 1].sum()
    return float((rank_sum - positives * (positives + 1) / 2) / (positives * negatives))


def main() -> None:
    recording, database, threshold = sys.argv[1], sys.argv[2], float(sys.argv[3])
    table = pq.read_table(recording, columns=["timestamp", "label"])
    times = table.column("timestamp").cast("int64").to_numpy()
    sample_labels = table.column("label").to_numpy()
    by_time = dict(zip(times.tolist(), sample_labels.tolist()))

    connection = sqlite3.connect(database)
    rows = connection.execute(
        "SELECT start_micros, end_micros, score, flagged, label FROM windows ORDER BY start_micros"
    ).fetchall()
    scores, labels, mismatches = [], [], 0
    for start, end, score, flagged, stored_label in rows:
        grid = range(start, end, 20_000)
        window = [by_time.get(t) for t in grid]
        if any(value is None or value < 0 for value in window):
            expected = None
        else:
            expected = int(sum(1 for value in window if value > 0) >= 0.2 * len(window))
        if expected != stored_label:
            mismatches += 1
        if (score >= threshold) != bool(flagged):
            mismatches += 1
        if expected is not None:
            scores.append(score)
            labels.append(expected)

    scores_array, labels_array = np.array(scores), np.array(labels)
    predicted = scores_array >= threshold
    tp = int(np.sum(predicted & (labels_array == 1)))
    fp = int(np.sum(predicted & (labels_array == 0)))
    tn = int(np.sum(~predicted & (labels_array == 0)))
    fn = int(np.sum(~predicted & (labels_array == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        json.dumps(
            {
                "windows": len(rows),
                "labelled_windows": len(labels),
                "mismatches": mismatches,
                "true_positives": tp,
                "false_positives": fp,
                "true_negatives": tn,
                "false_negatives": fn,
                "precision": precision,
                "recall": recall,
                "f1": f1,
                "roc_auc": roc_auc(scores_array, labels_array),
                "integrity": connection.execute("PRAGMA integrity_check").fetchone()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
