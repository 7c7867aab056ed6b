#!/usr/bin/env python3
"""Converts the Swift-quantized int8 model to a LiteRT (.tflite) flatbuffer and runs it.

There is no pip converter from our int8 file (the TF/ai-edge-torch converters would
re-quantize from float), so the flatbuffer is written directly with the schema
classes that ship in `ai-edge-litert`, from exactly the int8 weights, per-channel
weight scales, int32 biases and activation scales/zero points of
Tests/Fixtures/model/onnx/model.int8.safetensors. The 1-D model runs as 2-D with
height 1 (NHWC):

  window [N,4,250] f32 -> SUB mean -> DIV std -> QUANTIZE int8 -> TRANSPOSE [N,250,4]
  -> RESHAPE [N,1,250,4] -> (CONV_2D SAME + RELU -> MAX_POOL_2D 1x2) x2 -> CONV_2D + RELU
  -> AVERAGE_POOL_2D 1x62 -> RESHAPE [N,64] -> FULLY_CONNECTED(+RELU) x2 -> FULLY_CONNECTED
  -> DEQUANTIZE -> logit [N,1]

Writes Tests/Fixtures/model/litert/model.int8.tflite and litert_logits.f32 (one
float32 logit per window of Tests/Fixtures/model/onnx/windows.f16).
"""
import flatbuffers
import numpy as np
from ai_edge_litert import schema_py_generated as schema

from quant_common import LITERT_DIR, ONNX_DIR, layer_names, load_int8_model, read_windows

Op = schema.BuiltinOperator
Options = schema.BuiltinOptions
T = schema.TensorType


class Builder:
    def __init__(self):
        self.tensors, self.buffers, self.operators, self.codes = [], [schema.BufferT()], [], []

    def tensor(self, name, shape, dtype, data=None, scale=None, zero=None, axis=0):
        tensor = schema.TensorT()
        tensor.name, tensor.shape, tensor.type = name, list(shape), dtype
        tensor.buffer = 0
        if data is not None:
            buffer = schema.BufferT()
            buffer.data = np.frombuffer(np.ascontiguousarray(data).tobytes(), np.uint8)
            self.buffers.append(buffer)
            tensor.buffer = len(self.buffers) - 1
        if scale is not None:
            quantization = schema.QuantizationParametersT()
            quantization.scale = [float(s) for s in np.atleast_1d(scale)]
            quantization.zeroPoint = [int(z) for z in np.atleast_1d(zero)]
            quantization.quantizedDimension = axis
            tensor.quantization = quantization
        self.tensors.append(tensor)
        return len(self.tensors) - 1

    def op(self, code, inputs, outputs, options_type=Options.NONE, options=None, version=1):
        key = (code, version)
        if key not in self.codes:
            self.codes.append(key)
        operator = schema.OperatorT()
        operator.opcodeIndex = self.codes.index(key)
        operator.inputs, operator.outputs = list(inputs), list(outputs)
        operator.builtinOptionsType, operator.builtinOptions = options_type, options
        self.operators.append(operator)

    def finish(self, inputs, outputs):
        subgraph = schema.SubGraphT()
        subgraph.tensors, subgraph.operators = self.tensors, self.operators
        subgraph.inputs, subgraph.outputs, subgraph.name = inputs, outputs, "main"
        model = schema.ModelT()
        model.version, model.description = 3, "edge-agent fedsense-cnn int8"
        model.subgraphs, model.buffers = [subgraph], self.buffers
        model.operatorCodes = []
        for code, version in self.codes:
            operator_code = schema.OperatorCodeT()
            operator_code.builtinCode, operator_code.deprecatedBuiltinCode = code, min(code, 127)
            operator_code.version = version
            model.operatorCodes.append(operator_code)
        builder = flatbuffers.Builder(1 << 16)
        builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
        return bytes(builder.Output())


def conv_options(relu):
    options = schema.Conv2DOptionsT()
    options.padding, options.strideW, options.strideH = schema.Padding.SAME, 1, 1
    options.dilationWFactor, options.dilationHFactor = 1, 1
    options.fusedActivationFunction = schema.ActivationFunctionType.RELU if relu else 0
    return options


def pool_options(width):
    options = schema.Pool2DOptionsT()
    options.padding, options.strideW, options.strideH = schema.Padding.VALID, width, 1
    options.filterWidth, options.filterHeight = width, 1
    return options


def build(spec, standardization, tensors):
    b = Builder()
    scales = tensors["activations.scale"].astype(np.float32)
    zeros = tensors["activations.zero_point"].astype(np.int64)
    channels, length = spec["inputChannels"], spec["windowLength"]
    lengths = [length]
    for _ in spec["convChannels"][:-1]:
        lengths.append(lengths[-1] // 2)

    window = b.tensor("window", [1, channels, length], T.FLOAT32)
    mean = b.tensor("mean", [1, channels, 1], T.FLOAT32, np.array(standardization["mean"], "<f4").reshape(1, -1, 1))
    std = b.tensor("std", [1, channels, 1], T.FLOAT32, np.array(standardization["std"], "<f4").reshape(1, -1, 1))
    centered = b.tensor("centered", [1, channels, length], T.FLOAT32)
    standardized = b.tensor("standardized", [1, channels, length], T.FLOAT32)
    b.op(Op.SUB, [window, mean], [centered], Options.SubOptions, schema.SubOptionsT())
    b.op(Op.DIV, [centered, std], [standardized], Options.DivOptions, schema.DivOptionsT())
    q = lambda i: dict(scale=scales[i], zero=zeros[i])
    x = b.tensor("input_q", [1, channels, length], T.INT8, **q(0))
    b.op(Op.QUANTIZE, [standardized], [x], version=2)
    permutation = b.tensor("perm", [3], T.INT32, np.array([0, 2, 1], "<i4"))
    transposed = b.tensor("input_nwc", [1, length, channels], T.INT8, **q(0))
    b.op(Op.TRANSPOSE, [x, permutation], [transposed], Options.TransposeOptions, schema.TransposeOptionsT(), 2)
    shape = b.tensor("nhwc_shape", [4], T.INT32, np.array([-1, 1, length, channels], "<i4"))
    x = b.tensor("input_nhwc", [1, 1, length, channels], T.INT8, **q(0))
    b.op(Op.RESHAPE, [transposed, shape], [x])

    names = layer_names(spec)
    conv_count = len(spec["convChannels"])
    for index, name in enumerate(names):
        weight = tensors[f"{name}.weight"]
        out = weight.shape[0]
        weight_scale = tensors[f"{name}.weight_scale"].astype(np.float32)
        bias_scale = (scales[index] * weight_scale).astype(np.float32)
        bias = b.tensor(f"{name}.bias", [out], T.INT32, tensors[f"{name}.bias"].astype("<i4"),
                        bias_scale, np.zeros(out, np.int64))
        relu = index < len(names) - 1
        if index < conv_count:
            kernel = weight.shape[2]
            # PyTorch [O, C, k] -> TFLite filter [O, 1, k, C].
            filter_data = np.ascontiguousarray(weight.transpose(0, 2, 1)).reshape(out, 1, kernel, -1)
            w = b.tensor(f"{name}.weight", filter_data.shape, T.INT8, filter_data.astype(np.int8), weight_scale,
                         np.zeros(out, np.int64))
            width = lengths[index]
            y = b.tensor(f"{name}_out", [1, 1, width, out], T.INT8, **q(index + 1))
            b.op(Op.CONV_2D, [x, w, bias], [y], Options.Conv2DOptions, conv_options(True), version=3)
            if index < conv_count - 1:
                x = b.tensor(f"{name}_pool", [1, 1, width // 2, out], T.INT8, **q(index + 1))
                b.op(Op.MAX_POOL_2D, [y, ], [x], Options.Pool2DOptions, pool_options(2), version=2)
            else:
                pooled = b.tensor(f"{name}_gap", [1, 1, 1, out], T.INT8, **q(index + 1))
                b.op(Op.AVERAGE_POOL_2D, [y], [pooled], Options.Pool2DOptions, pool_options(width), version=2)
                flat_shape = b.tensor("flat_shape", [2], T.INT32, np.array([-1, out], "<i4"))
                x = b.tensor(f"{name}_flat", [1, out], T.INT8, **q(index + 1))
                b.op(Op.RESHAPE, [pooled, flat_shape], [x])
        else:
            w = b.tensor(f"{name}.weight", weight.shape, T.INT8, weight.astype(np.int8), weight_scale,
                         np.zeros(out, np.int64))
            y = b.tensor(f"{name}_out", [1, out], T.INT8, **q(index + 1))
            options = schema.FullyConnectedOptionsT()
            options.fusedActivationFunction = schema.ActivationFunctionType.RELU if relu else 0
            b.op(Op.FULLY_CONNECTED, [x, w, bias], [y], Options.FullyConnectedOptions, options, version=5)
            x = y
    logit = b.tensor("logit", [1, 1], T.FLOAT32)
    b.op(Op.DEQUANTIZE, [x], [logit], version=2)
    return b.finish([window], [logit])


def interpreter(path, batch):
    from ai_edge_litert.interpreter import Interpreter

    runner = Interpreter(model_path=str(path), num_threads=1)
    runner.resize_tensor_input(runner.get_input_details()[0]["index"], [batch, 4, 250])
    runner.allocate_tensors()
    return runner


def run(runner, windows):
    runner.set_tensor(runner.get_input_details()[0]["index"], windows)
    runner.invoke()
    return runner.get_tensor(runner.get_output_details()[0]["index"]).reshape(-1)


def main():
    spec, standardization, tensors = load_int8_model(ONNX_DIR / "model.int8.safetensors")
    LITERT_DIR.mkdir(parents=True, exist_ok=True)
    path = LITERT_DIR / "model.int8.tflite"
    path.write_bytes(build(spec, standardization, tensors))
    windows = read_windows(ONNX_DIR / "windows.f16")
    logits = run(interpreter(path, len(windows)), windows).astype("<f4")
    logits.tofile(LITERT_DIR / "litert_logits.f32")
    print(f"LiteRT scored {len(logits)} windows; logit range {logits.min():.3f}..{logits.max():.3f}")


if __name__ == "__main__":
    main()
