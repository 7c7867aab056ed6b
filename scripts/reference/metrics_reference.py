#!/usr/bin/env python3
"""Independent binary-classification metrics in numpy, for the Swift metrics tests.

Reads {"scores": [...], "labels": [...], "threshold": t} on stdin and prints the
confusion counts, accuracy, precision, recall, F1 and ROC AUC as JSON. The AUC is
computed a different way from the Swift code: it walks the ROC curve over the
distinct thresholds (descending) and integrates it with the trapezoid rule, so
tied scores become one diagonal segment.
"""
import json
import sys

import numpy as np


def roc_auc(scores, labels):
    positives = labels.sum()
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return None
    order = np.argsort(-scores, kind="mergesort")
    sorted_scores, sorted_labels = scores[order], labels[order]
    # Indices where the score changes: the curve gets one point per distinct threshold.
    distinct = np.where(np.diff(sorted_scores))[0]
    ends = np.r_[distinct, len(sorted_scores) - 1]
    true_positives = np.cumsum(sorted_labels)[ends]
    false_positives = (ends + 1) - true_positives
    tpr = np.r_[0.0, true_positives / positives]
    fpr = np.r_[0.0, false_positives / negatives]
    return float(np.trapezoid(tpr, fpr))


def main():
    request = json.load(sys.stdin)
    scores = np.asarray(request["scores"], dtype=np.float64)
    labels = (np.asarray(request["labels"], dtype=np.float64) >= 0.5).astype(np.float64)
    predicted = scores >= request["threshold"]
    tp = int(np.sum(predicted & (labels == 1)))
    fp = int(np.sum(predicted & (labels == 0)))
    tn = int(np.sum(~predicted & (labels == 0)))
    fn = int(np.sum(~predicted & (labels == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(json.dumps({
        "tp": tp, "fp": fp, "tn": tn, "fn": fn, "accuracy": (tp + tn) / len(labels),
        "precision": precision, "recall": recall, "f1": f1, "auc": roc_auc(scores, labels),
    }))


if __name__ == "__main__":
    main()
