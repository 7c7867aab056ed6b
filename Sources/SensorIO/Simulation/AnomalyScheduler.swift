/// Decides when anomalies start, which kind, and for how long, so that the
/// share of anomalous windows converges to the requested rate.
///
/// Each episode of `length` labelled samples makes, on average over where it falls
/// against the window grid, `(length + 250 - 2 * 50) / 250` windows anomalous under
/// `WindowLabelRule`. The scheduler keeps a budget of such window-equivalents and
/// centres each episode where the budget line `rate * samples / 250` reaches the
/// episode's midpoint, with a random shift of up to ±30 % of the mean spacing. The
/// error therefore stays within about one episode over any length of file, instead
/// of growing like a random (Poisson) schedule would.
///
/// Kinds follow the client's mix by smooth weighted round robin: every kind with a
/// share `w` appears about once every `1 / w` episodes, in a client-specific order.
struct AnomalyScheduler {
    /// A planned episode.
    struct Episode {
        /// Kind of anomaly.
        var kind: AnomalyKind
        /// First grid sample.
        var start: Int
        /// Grid samples covered.
        var length: Int
        /// Grid sample after the last.
        var end: Int { start + length }
    }

    /// Share of samples a dropout episode keeps (the rest fall in gaps); used for its window budget.
    static let dropoutKeptShare = 0.7
    /// Pause after an episode before the next may start, in seconds.
    static let minimumPauseSeconds = 30.0
    /// Normal data at the start of every file, in seconds.
    static let warmUpSeconds = 60.0

    private var random: SimulationRandom
    private let rate: Double
    private let sampleRateHz: Double
    private let mix: [Double]
    private var credits: [Double]
    private var budgetWindows = 0.0
    private let meanSpacingSamples: Double

    /// The next episode, or nil when the rate is zero.
    private(set) var next: Episode?

    /// Creates a scheduler for `rate` (share of anomalous windows) with the client's kind `mix`.
    init(random: SimulationRandom, rate: Double, sampleRateHz: Int, mix: [Double]) {
        self.random = random
        self.rate = rate
        self.sampleRateHz = Double(sampleRateHz)
        self.mix = mix
        credits = mix.map { _ in 0 }
        let meanLength = AnomalyKind.allCases.reduce(0.0) { total, kind in
            let (low, high) = kind.durationRangeSeconds
            return total + mix[kind.rawValue] * (low + high) / 2 * Double(sampleRateHz)
        }
        let meanWindows = (meanLength + Double(Self.windowSlack)) / Double(WindowLabelRule.windowLength)
        meanSpacingSamples = rate > 0 ? meanWindows * Double(WindowLabelRule.windowLength) / rate : 0
        for index in credits.indices { credits[index] = self.random.uniform() }
        // The first minute of a file is always normal, so a replay starts from a clean baseline.
        if rate > 0 { next = plan(after: Int(Self.warmUpSeconds * self.sampleRateHz)) }
    }

    /// Window length minus twice the threshold: the average extra windows an episode touches enough.
    private static var windowSlack: Int { WindowLabelRule.windowLength - 2 * WindowLabelRule.minimumLabelledSamples }

    /// Marks the current episode as started and plans the one after it.
    mutating func advance() {
        guard let current = next else { return }
        next = plan(after: current.end + Int(Self.minimumPauseSeconds * sampleRateHz))
    }

    private mutating func plan(after earliest: Int) -> Episode {
        // Smooth weighted round robin over the kinds.
        for index in credits.indices { credits[index] += mix[index] }
        var chosen = 0
        for index in credits.indices where credits[index] > credits[chosen] { chosen = index }
        credits[chosen] -= 1
        let kind = AnomalyKind(rawValue: chosen)!  // indices of `mix` are the raw values

        let (low, high) = kind.durationRangeSeconds
        let length = Int(random.uniform(low, high) * sampleRateHz)
        let labelled = Double(length) * (kind == .dropout ? Self.dropoutKeptShare : 1)
        let windows = max(0, labelled + Double(Self.windowSlack)) / Double(WindowLabelRule.windowLength)

        let centre = (budgetWindows + windows / 2) * Double(WindowLabelRule.windowLength) / rate
        let shift = random.uniform(-0.3, 0.3) * meanSpacingSamples
        let start = max(earliest, Int(centre + shift) - length / 2)
        budgetWindows += windows
        return Episode(kind: kind, start: start, length: length)
    }
}
