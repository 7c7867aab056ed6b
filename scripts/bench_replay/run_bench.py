#!/usr/bin/env python3
"""Times `edge-agent replay` against the Python peer (python_replay_pipeline.py) on the
same 1-day 50 Hz file and int8 model, RUNS times each, and prints a side-by-side table
of the medians with ratios. Called by scripts/bench-replay.

Each run is its own child process; its wall time is measured from fork to exit and its
peak resident memory is the child's ru_maxrss from wait4 (not this process's). Every
run starts from a fresh database file. Runs alternate agent, peer, agent, ... so a busy
shared machine slows both sides alike.

Usage: run_bench.py AGENT_BINARY FILE.parquet MODEL.int8.safetensors MODEL.qdq.onnx OUT_DIR [RUNS]
"""
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def remove_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def run(command):
    """(stdout, wall seconds, peak RSS KiB) of `command`; exits with its stderr if it fails."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Read the pipes before waiting so a chatty child cannot block on a full pipe.
    out, err = child.stdout.read(), child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"bench-replay: {' '.join(command)} failed ({child.returncode}):\n{err.decode(errors='replace')}")
    return out.decode(), seconds, usage.ru_maxrss


def compare_stores(agent_db, peer_db):
    """One line saying how far the two databases' window rows agree (after the last runs)."""
    import sqlite3

    query = ("SELECT start_micros, end_micros, data, flagged, label, labelled_samples, total_samples, score "
             "FROM windows ORDER BY start_micros")
    ours = sqlite3.connect(agent_db).execute(query).fetchall()
    theirs = sqlite3.connect(peer_db).execute(query).fetchall()
    pairs = list(zip(ours, theirs))
    same_rows = sum(a[:7] == b[:7] for a, b in pairs)
    gap = max((abs(a[7] - b[7]) for a, b in pairs), default=0.0)
    return (f"stored rows: {same_rows} of {len(ours)} (agent) / {len(theirs)} (python) identical in start, end, data"
            f" blob, flag, label and sample counts; largest score difference {gap:.4f} (int8 kernels vs ONNX Runtime)")


def main():
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__.strip().splitlines()[-1])
    agent, recording, model, onnx_model, out_dir = sys.argv[1:6]
    runs = int(sys.argv[6]) if len(sys.argv) == 7 else 3
    agent_db = os.path.join(out_dir, "agent.db")
    peer_db = os.path.join(out_dir, "python.db")
    peer = [sys.executable, os.path.join(HERE, "python_replay_pipeline.py"), recording, onnx_model, peer_db]

    results = {"edge-agent": [], "python": []}
    for _ in range(runs):
        remove_db(agent_db)
        out, seconds, peak = run([agent, "replay", recording, "--model", model, "--db", agent_db, "--json"])
        summary = json.loads(out)
        windows = summary["windows"]
        results["edge-agent"].append({
            "threshold": windows["threshold"], "seconds": seconds, "peak_kb": peak, "scored": windows["scored"],
            "stored": windows["committed"],
            "flagged": windows["flagged"], "events": len(summary.get("events", [])),
        })
        remove_db(peer_db)
        # The agent flags at the model's own threshold unless told otherwise; the peer uses the same.
        out, seconds, peak = run(peer + ["--threshold", repr(windows["threshold"])])
        report = json.loads(out.strip().splitlines()[-1])
        results["python"].append({
            "seconds": seconds, "inner_seconds": report["seconds"], "peak_kb": peak, "scored": report["windows"],
            "stored": report["stored"],
            "flagged": report["flagged"], "events": report["events"],
        })

    medians = {}
    for name, rows in results.items():
        seconds = statistics.median(row["seconds"] for row in rows)
        windows = rows[0]["scored"]
        # Counts come from the first run (every run does the same work); times and memory are medians.
        medians[name] = {
            **rows[0], "seconds": seconds, "windows_per_s": windows / seconds,
            "samples_per_s": windows * 250 / seconds,
            "peak_mb": statistics.median(row["peak_kb"] for row in rows) / 1024,
            "all_seconds": [row["seconds"] for row in rows], "all_peak_mb": [row["peak_kb"] / 1024 for row in rows],
        }
    ours, theirs = medians["edge-agent"], medians["python"]
    rows_in_file = None
    try:
        import pyarrow.parquet as pq

        rows_in_file = pq.ParquetFile(recording).metadata.num_rows
    except Exception:  # noqa: BLE001 - the row count is informative only
        pass

    print(f"end-to-end replay of {os.path.basename(recording)}"
          + (f" ({rows_in_file:,} rows at 50 Hz)" if rows_in_file else "")
          + f", model {os.path.basename(model)}; median of {runs} runs, wall time of the whole process"
          " (start-up, model load, database create and final checkpoint included), peak RSS from wait4")
    header = (f"{'pipeline':<12}{'seconds':>9}{'windows/s':>12}{'samples/s':>13}{'peak RSS MB':>13}"
              f"{'scored':>8}{'stored':>8}{'flagged':>9}{'events':>8}")
    print(header)
    for name, row in medians.items():
        print(f"{name:<12}{row['seconds']:>9.3f}{row['windows_per_s']:>12,.0f}{row['samples_per_s']:>13,.0f}"
              f"{row['peak_mb']:>13.1f}{row['scored']:>8}{row['stored']:>8}{row['flagged']:>9}{row['events']:>8}")
    throughput = ours["windows_per_s"] / theirs["windows_per_s"]
    memory = theirs["peak_mb"] / ours["peak_mb"]
    print(f"throughput x (edge-agent / python): {throughput:.2f}   (target >= 2)")
    print(f"memory x (python peak / edge-agent peak): {memory:.2f}   (target >= 5)")
    for name, row in medians.items():
        print(f"{name} runs: " + ", ".join(f"{value:.3f} s" for value in row["all_seconds"]) + "; peak RSS "
              + ", ".join(f"{value:.1f} MB" for value in row["all_peak_mb"]))
    if ours["scored"] != theirs["scored"] or ours["stored"] != theirs["stored"]:
        print(f"note: window counts differ (edge-agent scored {ours['scored']} stored {ours['stored']}, python "
              f"scored {theirs['scored']} stored {theirs['stored']}); the agent's windower uses an epoch-aligned "
              "grid and may cut one window fewer at the file's edges")
    else:
        print("both pipelines scored and stored the same number of windows")
    inner = statistics.median(row["inner_seconds"] for row in results["python"])
    print(f"python without interpreter start-up and imports (its own clock): {inner:.3f} s, "
          f"{theirs['scored'] / inner:,.0f} windows/s; throughput x against that: "
          f"{ours['windows_per_s'] * inner / theirs['scored']:.2f}")
    print(compare_stores(agent_db, peer_db))
    print("python peer: pyarrow row-group batches (pre_buffer off), numpy windows on the agent's grid rules and"
          " blobs in the agent's uint16 encoding (2,036 B), ONNX Runtime QDQ int8 in calls of 256 windows on 2"
          " intra-op threads, sqlite3 WAL synchronous=NORMAL, 1,024 windows per transaction;"
          " edge-agent: `replay --db` (WAL, synchronous=NORMAL, commits of 1,024 windows)")
    root = os.path.dirname(os.path.dirname(HERE))
    relative = lambda path: os.path.relpath(path, root)
    print(f"commands: {relative(agent)} replay {relative(recording)} --model {relative(model)} --db "
          f"{relative(agent_db)} --json; {relative(peer[1])} {relative(recording)} {relative(onnx_model)} "
          f"{relative(peer_db)} --threshold {ours['threshold']}")
    with open(os.path.join(out_dir, "replay-results.json"), "w") as handle:
        json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
