/// The agent's whole configuration, as read from `agent.toml`. Every key is
/// documented in `packaging/agent.toml`, which is the shipped example.
struct AgentConfig: Equatable {
    /// `[agent]`: identity, state and logging.
    struct Agent: Equatable {
        /// Directory for the database, node key and models (systemd `StateDirectory=`).
        var stateDirectory = AgentPaths.defaultStateDirectory
        /// The least severe log level written.
        var logLevel = "info"
        /// Name of this gateway in logs and coordinator metrics; empty means the host name.
        var gatewayName = ""
    }

    /// `[model]`: which scorer to run.
    struct Model: Equatable {
        /// Weight file (safetensors); empty means the model embedded in the binary.
        var path = ""
        /// Windows scoring at or above this probability are flagged; nil uses the threshold
        /// stored with the model when it was trained (else 0.5).
        var threshold: Double?
    }

    /// `[windowing]`: how readings become windows.
    struct Windowing: Equatable {
        /// Samples between the starts of consecutive windows (250 = no overlap).
        var hop = 250
        /// A gap in a device's readings longer than this ends (and drops) the current window.
        var maxGapMilliseconds = 1000
    }

    /// `[store]`: the SQLite database.
    struct Store: Equatable {
        /// Database file; relative paths are inside the state directory.
        var path = "agent.db"
        /// Size limit; the oldest window data is evicted beyond it.
        var quotaMegabytes = 512
        /// Live mode commits at most this often, to spare SD cards.
        var commitIntervalMilliseconds = 1000
    }

    /// `[[device]]`: one wearable or stream to read.
    struct Device: Equatable {
        /// Name used in logs and the database.
        var id: String
        /// `ble`, `serial` or `file`.
        var source: String
        /// Bluetooth address (`AA:BB:CC:DD:EE:FF`) for `ble`.
        var address = ""
        /// Device node for `serial`, recording for `file`.
        var path = ""
        /// Line speed for `serial`.
        var baudRate = 115_200
    }

    /// `[federation]`: the Flower coordinator.
    struct Federation: Equatable {
        /// Whether the agent takes part in federated training.
        var enabled = false
        /// Base URL of the SuperLink's Fleet API (`https://host:port`).
        var superlink = ""
        /// CA bundle to verify the SuperLink with; empty means the system's CAs.
        var caFile = ""
        /// Optional client certificate and key (PEM) for mutual TLS.
        var clientCertificate = ""
        /// Private key of `clientCertificate`.
        var clientKey = ""
        /// Optional public-key pin, `sha256//BASE64`.
        var pinnedPublicKey = ""
        /// Plain HTTP, only for tests on loopback.
        var insecure = false
        /// The Flower app this gateway joins (`publisher/name` from get-run).
        var fabID = "fedsense/edge"
        /// Versions of that app accepted.
        var fabVersion = "1.0.0"
        /// Seconds between pulls for work.
        var pollIntervalSeconds = 30
        /// Per-request timeout in seconds.
        var requestTimeoutSeconds = 30
        /// Largest message accepted from the coordinator, in megabytes.
        var maxMessageMegabytes = 16
    }

    /// `[training]`: local epochs when the coordinator asks.
    struct Training: Equatable {
        /// Default local epochs (the coordinator's config overrides).
        var localEpochs = 2
        /// Mini-batch size.
        var batchSize = 32
        /// Learning rate.
        var learningRate = 0.001
        /// `adam` or `sgd`.
        var optimizer = "adam"
        /// Fewer labelled windows than this and the agent declines to train.
        var minimumLabelledWindows = 200
    }

    /// `[privacy]`: differential privacy of local training and uploads.
    struct Privacy: Equatable {
        /// Per-example gradient clipping bound (DP-SGD).
        var maxGradientNorm = 1.0
        /// Gaussian noise standard deviation as a multiple of the clipping bound.
        var noiseMultiplier = 1.1
        /// Norm bound of the uploaded model delta.
        var updateClipNorm = 1.0
        /// Total ε a device's data may spend; training stops when it is reached.
        var epsilonBudget = 8.0
        /// δ of the (ε, δ) guarantee.
        var delta = 1e-5
    }

    var agent = Agent()
    var model = Model()
    var windowing = Windowing()
    var store = Store()
    var devices: [Device] = []
    var federation = Federation()
    var training = Training()
    var privacy = Privacy()
}
