"""Writes a small labelled wearable recording (the replay schema) with pyarrow, for
the replay integration tests. Independent of the agent's own simulator and writer.

Signals: 50 Hz grid; heart rate held at 1 Hz around 70 BPM; acceleration is gravity
plus noise. Every `--period` seconds a `--event` seconds block is labelled anomalous
with tachycardia (about 150 BPM) and strong shaking, so a trained model separates it.
Optional faults: a gap (rows removed), duplicate rows and out-of-order rows.
"""

import argparse

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start-micros", type=int, default=1_760_000_000_000_000)
    parser.add_argument("--period", type=float, default=120)
    parser.add_argument("--event", type=float, default=20)
    parser.add_argument("--gap-at", type=float, default=None, help="seconds into the recording")
    parser.add_argument("--gap-seconds", type=float, default=3)
    parser.add_argument("--duplicates", type=int, default=0)
    parser.add_argument("--out-of-order", type=int, default=0)
    parser.add_argument("--row-group-size", type=int, default=15_000)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    rows = int(args.minutes * 60 * 50)
    seconds = np.arange(rows) / 50.0
    timestamps = args.start_micros - args.start_micros % 20_000 + np.arange(rows, dtype=np.int64) * 20_000
    anomalous = (seconds % args.period) >= (args.period - args.event)

    beats = 70 + 5 * np.sin(seconds / 60) + rng.normal(0, 1.5, rows)
    beats[anomalous] += 80
    # Straps report about once a second: hold each second's first value.
    heart_rate = beats[(np.arange(rows) // 50) * 50].round(0)

    shake = np.where(anomalous, 6.0, 0.3)
    accel_x = rng.normal(0, 1, rows) * shake
    accel_y = rng.normal(0, 1, rows) * shake
    accel_z = 9.81 + rng.normal(0, 1, rows) * shake
    labels = anomalous.astype(np.int8)

    keep = np.ones(rows, dtype=bool)
    if args.gap_at is not None:
        first = int(args.gap_at * 50)
        keep[first : first + int(args.gap_seconds * 50)] = False
    order = np.flatnonzero(keep)
    if args.duplicates:
        picks = rng.choice(order[1:-1], size=args.duplicates, replace=False)
        order = np.sort(np.concatenate([order, picks]), kind="stable")
    if args.out_of_order:
        # Swap neighbouring rows so a few timestamps go backwards.
        for position in rng.choice(np.arange(10, len(order) - 10), size=args.out_of_order, replace=False):
            order[position], order[position + 1] = order[position + 1], order[position]

    table = pa.table(
        {
            "timestamp": pa.array(timestamps[order], type=pa.timestamp("us", tz="UTC")),
            "hr": pa.array(heart_rate[order], type=pa.float64()),
            "accel_x": pa.array(accel_x[order], type=pa.float64()),
            "accel_y": pa.array(accel_y[order], type=pa.float64()),
            "accel_z": pa.array(accel_z[order], type=pa.float64()),
            "label": pa.array(labels[order], type=pa.int8()),
        }
    )
    pq.write_table(table, args.out, row_group_size=args.row_group_size, compression="zstd")


if __name__ == "__main__":
    main()
