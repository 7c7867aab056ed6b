#!/usr/bin/env python3
"""Measures one int8 peer runtime on the committed int8 model, one thread, in its own
process (so its peak RSS is its own): `litert` (ai_edge_litert Interpreter,
num_threads=1, XNNPACK) or `onnxruntime` (CPU EP, intra_op_num_threads=1).

Single-window latency times one `invoke`/`run` of a [1, 4, 250] window through the
Python API (its call overhead included, as a Python user would see); the same calls
on a one-op model give that overhead ("call_floor_us") for a net figure; batched
throughput scores BATCH_SIZE (256) windows per call (median call time). Prints one JSON line.
Usage: bench_onnx_litert_peer.py litert|onnxruntime [SINGLE_CALLS] [BATCH_SECONDS] [BATCH_SIZE]
"""
import json
import resource
import sys
import time

import numpy as np

from quant_common import LITERT_DIR, ONNX_DIR, read_windows


def litert(batch):
    from convert_litert import interpreter

    runner = interpreter(LITERT_DIR / "model.int8.tflite", batch)
    input_index = runner.get_input_details()[0]["index"]
    output_index = runner.get_output_details()[0]["index"]

    def call(windows):
        runner.set_tensor(input_index, windows)
        runner.invoke()
        return runner.get_tensor(output_index)

    return call


def onnxruntime(batch):
    from export_onnx_qdq import session

    runner = session(ONNX_DIR / "model.qdq.onnx", threads=1)
    return lambda windows: runner.run(["logit"], {"window": windows})[0]


def litert_call_floor():
    """The same Python calls on a one-op model (SUB), to separate API overhead from inference."""
    import tempfile

    from convert_litert import Builder, Op, Options, T, schema
    from ai_edge_litert.interpreter import Interpreter

    builder = Builder()
    window = builder.tensor("window", [1, 4, 250], T.FLOAT32)
    zero = builder.tensor("zero", [1, 4, 1], T.FLOAT32, np.zeros((1, 4, 1), "<f4"))
    out = builder.tensor("out", [1, 4, 250], T.FLOAT32)
    builder.op(Op.SUB, [window, zero], [out], Options.SubOptions, schema.SubOptionsT())
    with tempfile.NamedTemporaryFile(suffix=".tflite") as file:
        file.write(builder.finish([window], [out]))
        file.flush()
        runner = Interpreter(model_path=file.name, num_threads=1)
    runner.allocate_tensors()
    input_index, output_index = runner.get_input_details()[0]["index"], runner.get_output_details()[0]["index"]

    def call(windows):
        runner.set_tensor(input_index, windows)
        runner.invoke()
        return runner.get_tensor(output_index)

    return call


def onnxruntime_call_floor():
    """The same Python call on a one-op model (Identity)."""
    import onnxruntime as ort
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Identity", ["window"], ["logit"])], "floor",
        [helper.make_tensor_value_info("window", TensorProto.FLOAT, ["N", 4, 250])],
        [helper.make_tensor_value_info("logit", TensorProto.FLOAT, ["N", 4, 250])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    model.ir_version = 10
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    runner = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    return lambda windows: runner.run(["logit"], {"window": windows})[0]


def median_latency_us(call, windows, calls):
    for index in range(500):
        call(windows[index % len(windows)][None])
    latencies = np.empty(calls, np.int64)
    for index in range(calls):
        window = windows[index % len(windows)][None]
        start = time.perf_counter_ns()
        call(window)
        latencies[index] = time.perf_counter_ns() - start
    latencies.sort()
    return latencies


def main():
    engine = sys.argv[1]
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    batch_size = int(sys.argv[4]) if len(sys.argv) > 4 else 256
    windows = read_windows(ONNX_DIR / "windows.f16")
    make = {"litert": litert, "onnxruntime": onnxruntime}[engine]

    latencies = median_latency_us(make(1), windows, calls)
    floor = median_latency_us({"litert": litert_call_floor, "onnxruntime": onnxruntime_call_floor}[engine](),
                              windows, calls)

    # Throughput from the median batch time, robust to preemption on a shared machine.
    batch = np.ascontiguousarray(windows[:batch_size])
    batched = make(len(batch))
    batched(batch)
    times, start = [], time.perf_counter()
    while time.perf_counter() - start < seconds:
        batch_start = time.perf_counter()
        batched(batch)
        times.append(time.perf_counter() - batch_start)
    times.sort()
    print(json.dumps({
        "engine": engine, "median_us": latencies[calls // 2] / 1000, "p99_us": latencies[calls * 99 // 100] / 1000,
        "batch_windows_per_s": len(batch) / times[len(times) // 2], "batches": len(times), "batch_size": len(batch),
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "call_floor_us": floor[calls // 2] / 1000,
    }))


if __name__ == "__main__":
    main()
