// inference-bench: quantizes a float model for the int8 reference scripts and
// measures the int8 scorer (used by scripts/bench-inference).
//
//   InferenceBench quantize FLOAT.safetensors CALIBRATION.f16 OUT.int8.safetensors
//   InferenceBench bench MODEL.int8.safetensors WINDOWS.f16 [SINGLE_CALLS] [BATCH_SECONDS] [PATH] [BATCH_SIZE]
//     PATH: automatic (default), portable, avx512-vnni, avx2, neon-dot, neon
//   InferenceBench score MODEL.int8.safetensors WINDOWS.f16 OUT.f32
import Model

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    let text = "InferenceBench: \(message)\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

func nowNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Peak resident set size in kilobytes (VmHWM), or -1 where /proc is absent.
func peakResidentKilobytes() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmHWM:") {
            return Int(text.dropFirst(6).filter(\.isNumber)) ?? -1
        }
    }
    return -1
}

func quantize(_ arguments: [String]) throws {
    guard arguments.count == 3 else { fail("quantize FLOAT.safetensors CALIBRATION.f16 OUT.int8.safetensors") }
    let parameters = try ModelParameters(safeTensorsAt: arguments[0])
    let windowSize = parameters.spec.inputChannels * parameters.spec.windowLength
    let calibration = try ReferenceFiles.windows(
        float16Contents: try ReferenceFiles.read(arguments[1]), windowSize: windowSize)
    let model = try QuantizedModel(parameters: parameters, calibrationWindows: calibration)
    try model.save(to: arguments[2])
    print("quantized \(parameters.spec.name) with \(calibration.count) calibration windows -> \(arguments[2])")
}

func loadModelAndWindows(
    _ arguments: [String], path: QuantizedScorer.KernelPath = .automatic
) throws -> (QuantizedScorer, [Float], Int) {
    let model = try QuantizedModel.load(from: arguments[0])
    let windows = try ReferenceFiles.windows(
        float16Contents: try ReferenceFiles.read(arguments[1]), windowSize: model.windowSize)
    return (QuantizedScorer(model: model, kernelPath: path), windows.flatMap { $0 }, windows.count)
}

func score(_ arguments: [String]) throws {
    guard arguments.count == 3 else { fail("score MODEL.int8.safetensors WINDOWS.f16 OUT.f32") }
    let (scorer, flat, count) = try loadModelAndWindows(arguments)
    var logits: [Float] = []
    for index in 0..<count {
        let window = Array(flat[index * scorer.windowSize..<(index + 1) * scorer.windowSize])
        logits.append(scorer.model.logit.dequantize(try scorer.quantizedLogit(window)))
    }
    guard let file = fopen(arguments[2], "wb") else { fail("cannot write \(arguments[2])") }
    _ = logits.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
}

func bench(_ arguments: [String]) throws {
    guard arguments.count >= 2 else { fail("bench MODEL.int8.safetensors WINDOWS.f16 [SINGLE_CALLS] [BATCH_SECONDS]") }
    let requested = arguments.count > 4 ? arguments[4] : "automatic"
    guard let path = QuantizedScorer.KernelPath(rawValue: requested) else { fail("unknown kernel path \(requested)") }
    let (scorer, flat, count) = try loadModelAndWindows(arguments, path: path)
    let kernelName = path == .automatic ? QuantizedScorer.activeKernelPath.rawValue : path.rawValue
    let calls = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000
    let batchSeconds = arguments.count > 3 ? Double(arguments[3]) ?? 2 : 2
    let size = scorer.windowSize
    var sink: Float = 0

    try flat.withUnsafeBufferPointer { (all) throws in
        // Warm up caches and the branch predictors.
        for index in 0..<Swift.min(count, 500) {
            sink += try scorer.score(UnsafeBufferPointer(rebasing: all[index * size..<(index + 1) * size]))
        }
        var latencies = [UInt64](repeating: 0, count: calls)
        for call in 0..<calls {
            let index = call % count
            let window = UnsafeBufferPointer(rebasing: all[index * size..<(index + 1) * size])
            let start = nowNanoseconds()
            sink += try scorer.score(window)
            latencies[call] = nowNanoseconds() - start
        }
        latencies.sort()
        let median = Double(latencies[calls / 2]) / 1000
        let p99 = Double(latencies[calls * 99 / 100]) / 1000

        // Throughput from the median batch time: robust to the moments a shared
        // machine takes the core away, like the latency median.
        let batchSize = Swift.min(count, arguments.count > 5 ? Int(arguments[5]) ?? 256 : 256)
        let batch = UnsafeBufferPointer(rebasing: all[0..<batchSize * size])
        var probabilities = [Float](repeating: 0, count: batchSize)
        var batchTimes: [UInt64] = []
        let start = nowNanoseconds()
        try probabilities.withUnsafeMutableBufferPointer { (output) throws in
            repeat {
                let batchStart = nowNanoseconds()
                try scorer.score(batch: batch, into: output)
                batchTimes.append(nowNanoseconds() - batchStart)
            } while Double(nowNanoseconds() - start) / 1e9 < batchSeconds
        }
        batchTimes.sort()
        let batchRate = Double(batchSize) / (Double(batchTimes[batchTimes.count / 2]) / 1e9)
        sink += probabilities[0]
        print(
            "{\"engine\": \"edge-agent\", \"kernel\": \"\(kernelName)\", "
                + "\"median_us\": \(median), \"p99_us\": \(p99), "
                + "\"batch_windows_per_s\": \(batchRate), \"batches\": \(batchTimes.count), \"batch_size\": \(batchSize), "
                + "\"multiply_adds\": \(scorer.model.spec.multiplyAddsPerWindow), "
                + "\"peak_rss_kb\": \(peakResidentKilobytes()), \"checksum\": \(sink)}")
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "quantize": try quantize(Array(arguments.dropFirst()))
    case "bench": try bench(Array(arguments.dropFirst()))
    case "score": try score(Array(arguments.dropFirst()))
    default: fail("usage: InferenceBench quantize|bench|score ...")
    }
} catch {
    fail("\(error)")
}
