import Model

// ModelBench: measurements of the Model module for scripts/bench-train (and later
// scripts/bench). One subcommand per measurement; each prints one JSON line.
//
//   ModelBench train-epoch [--windows N] [--batch B] [--epochs E] [--seed S] [--reference-kernels] [--out FILE]
//       trains fedsense-cnn-v1 for E epochs on N synthetic windows (one thread) and
//       reports each epoch's seconds and the process's peak resident set size;
//       --out writes the trained model as safetensors.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses `--name value` pairs and bare `--flag`s.
struct Options {
    var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--") else { fail("unexpected argument \(argument)") }
            let name = String(argument.dropFirst(2))
            if name.hasSuffix("-kernels") {
                values[name] = "true"
            } else {
                guard let value = iterator.next() else { fail("\(argument) needs a value") }
                values[name] = value
            }
        }
    }

    func integer(_ name: String, default fallback: Int) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), value > 0 else { fail("--\(name) must be a positive integer, got \(text)") }
        return value
    }
}

func fail(_ message: String) -> Never {
    let line = "ModelBench: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

/// Peak resident set size of this process, in mebibytes.
func peakResidentMebibytes() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes.
}

/// CPU time consumed by this process so far, in seconds.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Synthetic windows with realistic scales: heart rate around 70 bpm, acceleration
/// around 1 g on z with motion noise; 5 % are anomalous (a heart-rate step and a
/// burst of motion), so the loss and gradients behave like real training.
func syntheticWindows(count: Int, seed: UInt64) -> LabeledWindows {
    var generator = SplitMix64(seed: seed)
    let length = ModelSpec.fedsenseV1.windowLength
    var values = [Float](repeating: 0, count: count * 4 * length)
    var labels = [Float](repeating: 0, count: count)
    for window in 0..<count {
        let anomalous = generator.nextUnitFloat() < 0.05
        labels[window] = anomalous ? 1 : 0
        let heartRate = 60 + 30 * generator.nextUnitFloat()
        for t in 0..<length {
            let base = window * 4 * length + t
            let step: Float = anomalous && t > length / 2 ? 40 : 0
            values[base] = heartRate + step + generator.nextFloat(symmetricBound: 2)
            let motion: Float = anomalous ? 1.5 : 0.2
            values[base + length] = generator.nextFloat(symmetricBound: motion)
            values[base + 2 * length] = generator.nextFloat(symmetricBound: motion)
            values[base + 3 * length] = 1 + generator.nextFloat(symmetricBound: motion)
        }
    }
    // Sizes and labels are consistent by construction.
    return try! LabeledWindows(values: values, labels: labels, channels: 4, length: length)
}

func trainEpoch(_ options: Options) {
    let windows = options.integer("windows", default: 10_000)
    let batch = options.integer("batch", default: 64)
    let epochs = options.integer("epochs", default: 3)
    let seed = UInt64(options.integer("seed", default: 1))
    let data = syntheticWindows(count: windows, seed: seed)
    let configuration = TrainingConfiguration(
        epochs: epochs, batchSize: batch, validationFraction: 0, patience: 0, seed: seed)
    var trainer = Trainer(spec: .fedsenseV1, configuration: configuration)
    trainer.usesReferenceKernels = options.values["reference-kernels"] != nil
    let result: TrainingResult
    // CPU time per epoch, read when each epoch's final progress report arrives:
    // on a shared machine it is steadier than wall-clock time.
    var cpuSeconds: [Double] = []
    var lastCPU = processCPUSeconds()
    do {
        result = try trainer.train(data) { progress in
            guard progress.completedEpoch != nil else { return }
            let now = processCPUSeconds()
            cpuSeconds.append(now - lastCPU)
            lastCPU = now
        }
    } catch { fail("\(error)") }
    if let path = options.values["out"] {
        do { try result.parameters.writeSafeTensors(to: path, batchesTracked: result.batchesTracked) } catch {
            fail("\(error)")
        }
    }
    let seconds = result.history.map(\.durationSeconds)
    let losses = result.history.map { String($0.trainingLoss) }
    print(
        "{\"runtime\": \"swift\", \"windows\": \(windows), \"batch\": \(batch), "
            + "\"epoch_seconds\": [\(seconds.map { String($0) }.joined(separator: ", "))], "
            + "\"epoch_cpu_seconds\": [\(cpuSeconds.map { String($0) }.joined(separator: ", "))], "
            + "\"losses\": [\(losses.joined(separator: ", "))], "
            + "\"peak_rss_mib\": \(peakResidentMebibytes())}")
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { fail("usage: ModelBench train-epoch [options]") }
switch arguments[1] {
case "train-epoch": trainEpoch(Options(arguments.dropFirst(2)))
default: fail("unknown subcommand \(arguments[1])")
}
