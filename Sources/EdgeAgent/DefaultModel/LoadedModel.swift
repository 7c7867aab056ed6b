import FoundationEssentials
import Model

/// The int8 model a command scores with, and the version string stored with
/// every window it scores.
struct LoadedModel {
    /// The quantized network.
    var quantized: QuantizedModel
    /// `<spec name>-<16 hex digits of the file's FNV-1a hash>`, or `…-default` for the embedded model.
    var version: String

    /// The model embedded in the binary (trained by `make default-model`).
    static func embedded() throws(CommandFailure) -> LoadedModel {
        guard !EmbeddedModelData.int8Base64.isEmpty, let bytes = Data(base64Encoded: EmbeddedModelData.int8Base64)
        else {
            throw CommandFailure(
                .unavailable, "this build has no embedded model; pass --model PATH (an int8 model file)")
        }
        do {
            let model = try QuantizedModel(fileContents: [UInt8](bytes))
            return LoadedModel(quantized: model, version: "\(model.spec.name)-default")
        } catch {
            throw CommandFailure(.software, "the embedded model does not load: \(error)")
        }
    }

    /// An int8 model file (`format = edge-agent-int8` safetensors).
    static func load(path: String) throws(CommandFailure) -> LoadedModel {
        let bytes: [UInt8]
        do {
            bytes = try SystemFile.read(path, limit: 64 << 20)
        } catch {
            throw CommandFailure(.noInput, "model \(path): \(error)")
        }
        do {
            let model = try QuantizedModel(fileContents: bytes)
            return LoadedModel(quantized: model, version: "\(model.spec.name)-\(Self.fingerprint(bytes))")
        } catch {
            var hint = ""
            if (try? ModelParameters(safeTensors: SafeTensorsFile(decoding: bytes, path: path), path: path)) != nil {
                hint =
                    " (this is a float weight file; scoring needs its int8 model, which `edge-agent train` writes"
                    + " beside it as *.int8.safetensors)"
            }
            throw CommandFailure(.dataError, "model \(path) is not a usable int8 model: \(error)\(hint)")
        }
    }

    /// The model named by `--model`, else the embedded one.
    static func resolve(path: String?) throws(CommandFailure) -> LoadedModel {
        if let path { return try load(path: path) }
        return try embedded()
    }

    /// FNV-1a 64 of the file: a stable, dependency-free version tag (not a security hash).
    static func fingerprint(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
