#!/usr/bin/env python3
"""Exports the Swift-quantized int8 model as an ONNX QDQ graph and runs ONNX Runtime.

Input: Tests/Fixtures/model/onnx/model.int8.safetensors, written by the Swift
quantizer (`InferenceBench quantize`) from float_model.safetensors and the
calibration windows. The graph is built by hand from exactly those int8 weights,
per-output-channel weight scales, int32 biases and activation scales/zero points,
so ONNX Runtime runs the same quantized model, not a re-quantization:

  window -> Sub(mean) -> Div(std) -> QuantizeLinear(input)
  per conv: DQ -> Conv(DQ(int8 W, axis 0), DQ(int32 bias)) -> Relu -> Q -> DQ -> MaxPool(2) -> Q
            (last conv: ... -> Q -> DQ -> GlobalAveragePool -> Q, same scale)
  per linear: (first: DQ -> Reshape to [N, C] -> Q) DQ -> Gemm(transB, DQ(W, axis 0), DQ(bias)) [-> Relu] -> Q
  logit: DQ -> output "logit" [N, 1]

ONNX Runtime fuses these QDQ groups into its integer kernels (QLinearConv etc.).
Writes model.qdq.onnx and onnxruntime_logits.f32 (float32 per window of windows.f16).
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from quant_common import ONNX_DIR, layer_names, load_int8_model, read_windows


def build_graph(spec, standardization, tensors):
    nodes, initializers = [], []

    known = set()

    def const(name, array):
        if name not in known:
            known.add(name)
            initializers.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    scales = tensors["activations.scale"].astype(np.float32)
    zeros = tensors["activations.zero_point"].astype(np.int8)
    point = lambda i: (const(f"act{i}.scale", scales[i]), const(f"act{i}.zero", zeros[i]))

    def quantize(x, i, name):
        s, z = point(i)
        nodes.append(helper.make_node("QuantizeLinear", [x, s, z], [name + "_q"]))
        return name + "_q"

    def dequantize(x, i, name):
        s, z = point(i)
        nodes.append(helper.make_node("DequantizeLinear", [x, s, z], [name + "_dq"]))
        return name + "_dq"

    channels = spec["inputChannels"]
    mean = np.array(standardization["mean"], np.float32).reshape(1, channels, 1)
    std = np.array(standardization["std"], np.float32).reshape(1, channels, 1)
    nodes.append(helper.make_node("Sub", ["window", const("mean", mean)], ["centered"]))
    nodes.append(helper.make_node("Div", ["centered", const("std", std)], ["standardized"]))
    x = quantize("standardized", 0, "input")

    names = layer_names(spec)
    conv_count = len(spec["convChannels"])
    for index, name in enumerate(names):
        weight = tensors[f"{name}.weight"]
        weight_scale = tensors[f"{name}.weight_scale"].astype(np.float32)
        out = weight.shape[0]
        w = const(f"{name}.weight", weight)
        nodes.append(helper.make_node(
            "DequantizeLinear", [w, const(f"{name}.weight_scale", weight_scale),
                                 const(f"{name}.weight_zero", np.zeros(out, np.int8))], [f"{name}.w_dq"], axis=0))
        bias_scale = (scales[index] * weight_scale).astype(np.float32)
        nodes.append(helper.make_node(
            "DequantizeLinear", [const(f"{name}.bias", tensors[f"{name}.bias"].astype(np.int32)),
                                 const(f"{name}.bias_scale", bias_scale),
                                 const(f"{name}.bias_zero", np.zeros(out, np.int32))], [f"{name}.b_dq"], axis=0))
        if index < conv_count:
            x_dq = dequantize(x, index, f"{name}_in")
            kernel = weight.shape[2]
            nodes.append(helper.make_node(
                "Conv", [x_dq, f"{name}.w_dq", f"{name}.b_dq"], [f"{name}_out"], pads=[kernel // 2, kernel // 2]))
        else:
            if index == conv_count:
                # [N, C, 1] -> [N, C] wrapped in DQ/Q: ONNX Runtime reshapes the int8 tensor and
                # keeps every group fusable (QLinearGlobalAveragePool, QGemm).
                shape = const("flat_shape", np.array([-1, weight.shape[1]], np.int64))
                nodes.append(helper.make_node(
                    "Reshape", [dequantize(x, index, f"{name}_pre_flat"), shape], [f"{name}_flat"]))
                x = quantize(f"{name}_flat", index, f"{name}_flat")
            x_dq = dequantize(x, index, f"{name}_in")
            nodes.append(helper.make_node(
                "Gemm", [x_dq, f"{name}.w_dq", f"{name}.b_dq"], [f"{name}_out"], transB=1))
        y = f"{name}_out"
        if index < len(names) - 1:
            nodes.append(helper.make_node("Relu", [y], [f"{name}_relu"]))
            y = f"{name}_relu"
        x = quantize(y, index + 1, name)
        if index < conv_count - 1:
            nodes.append(helper.make_node(
                "MaxPool", [dequantize(x, index + 1, f"{name}_pool_in")], [f"{name}_pool"], kernel_shape=[2],
                strides=[2]))
            x = quantize(f"{name}_pool", index + 1, f"{name}_pool")
        elif index == conv_count - 1:
            # Global average pool keeps the convolution's scale and zero point.
            nodes.append(helper.make_node(
                "GlobalAveragePool", [dequantize(x, index + 1, f"{name}_gap_in")], [f"{name}_gap"]))
            x = quantize(f"{name}_gap", index + 1, f"{name}_gap")
    nodes.append(helper.make_node("DequantizeLinear", [x, *point(len(names))], ["logit"]))

    graph = helper.make_graph(
        nodes, "fedsense_int8_qdq",
        [helper.make_tensor_value_info("window", TensorProto.FLOAT, ["N", channels, spec["windowLength"]])],
        [helper.make_tensor_value_info("logit", TensorProto.FLOAT, ["N", 1])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)], producer_name="edge-agent")
    model.ir_version = 10
    onnx.checker.check_model(model)
    return model


def session(path, threads=1, optimized_path=None):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if optimized_path:
        options.optimized_model_filepath = str(optimized_path)
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def main():
    spec, standardization, tensors = load_int8_model(ONNX_DIR / "model.int8.safetensors")
    model = build_graph(spec, standardization, tensors)
    onnx.save(model, str(ONNX_DIR / "model.qdq.onnx"))
    optimized = sys.argv[1] if len(sys.argv) > 1 else None
    runner = session(ONNX_DIR / "model.qdq.onnx", optimized_path=optimized)
    windows = read_windows(ONNX_DIR / "windows.f16")
    logits = runner.run(["logit"], {"window": windows})[0].reshape(-1).astype("<f4")
    logits.tofile(ONNX_DIR / "onnxruntime_logits.f32")
    print(f"ONNX Runtime scored {len(logits)} windows; logit range {logits.min():.3f}..{logits.max():.3f}")


if __name__ == "__main__":
    main()
