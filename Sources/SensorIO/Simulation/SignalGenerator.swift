/// Generates one client's wearable stream sample by sample on the grid: activity
/// segments and postures, heart rate updated about once a second and held,
/// 3-axis acceleration (gravity in the posture's orientation, gait motion,
/// fidgeting, sensor noise, bias, ±8 g range in 16-bit counts) and the scheduled anomalies with
/// their labels. All randomness comes from `SimulationRandom` streams of (seed, client).
struct SignalGenerator {
    /// Standard gravity, m/s².
    static let gravity = 9.80665
    /// The accelerometer's full-scale range (±8 g), m/s².
    static let fullScale = 8 * gravity
    /// One count of the accelerometer's 16-bit converter, m/s² (about 0.0024).
    static let countSize = fullScale / 32_768

    private enum Posture: Int {
        case upright, sitting, lying, lyingSide
    }

    let profile: ClientProfile
    /// Labels carry the anomaly kind (rawValue + 1) rather than 1.
    private let labelsKinds: Bool
    private let rateHz: Int
    private let secondsPerSample: Double
    private let stepMicros: Int64
    private let startMicros: Int64
    private let startHourOfDay: Double
    private var random: SimulationRandom
    private var scheduler: AnomalyScheduler
    /// Grid index of the next sample.
    private(set) var gridIndex = 0
    /// Running statistics of what was generated.
    private(set) var statistics: SimulationStatistics

    // Activity and orientation.
    private var activity = Activity.rest
    private var posture = Posture.sitting
    private var segmentEnd = 0
    private var up = Vector3(0, 0, 1)
    private var upTarget = Vector3(0, 0, 1)
    private var lateral = Vector3(1, 0, 0)
    private var forward = Vector3(0, 1, 0)
    private var transitionRemaining = 0
    private var stepPhase = 0.0
    private var cadenceHz = 0.0
    private var motionAmplitude = 0.0
    private var fidget = Vector3(0, 0, 0)

    // Heart rate.
    private var heartLevel: Double
    private var heartNoise = 0.0
    private var reportedHeartRate: Double
    private var nextHeartUpdate = 0

    // The episode in progress.
    private var episode: AnomalyScheduler.Episode?
    private var episodeHeartTarget = 0.0
    private var fallImpactStart = 0
    private var fallStillStart = 0
    private var fallImpact = Vector3(0, 0, 0)
    private var fallLyingDirection = Vector3(0, 0, 1)
    private var saturationGain = 1.0
    private var gapRemaining = 0
    private var gapStartProbability = 0.0
    private var lastOutput = Vector3(0, 0, SignalGenerator.gravity)

    /// A generator for the client and rate in `options`.
    init(options: SimulationOptions) {
        labelsKinds = options.labelsKinds
        profile = ClientProfile(seed: options.seed, clientID: options.clientID)
        rateHz = options.sampleRateHz
        secondsPerSample = 1 / Double(options.sampleRateHz)
        stepMicros = Int64(1_000_000 / options.sampleRateHz)
        startMicros = options.startTimestampMicros
        let microsPerDay: Int64 = 86_400_000_000
        let dayMicros = ((options.startTimestampMicros % microsPerDay) + microsPerDay) % microsPerDay
        startHourOfDay = Double(dayMicros) / 3_600_000_000
        random = SimulationRandom(seed: options.seed, client: UInt64(options.clientID), stream: 2)
        scheduler = AnomalyScheduler(
            random: SimulationRandom(seed: options.seed, client: UInt64(options.clientID), stream: 3),
            rate: options.effectiveAnomalyRate, sampleRateHz: options.sampleRateHz, mix: profile.anomalyMix)
        heartLevel = profile.restingHeartRateBPM
        reportedHeartRate = profile.restingHeartRateBPM.rounded()
        statistics = SimulationStatistics(sampleRateHz: options.sampleRateHz)
    }

    /// Generates `count` grid samples into `chunk` (rows in dropout gaps are left out).
    mutating func generate(_ count: Int, into chunk: inout SimulatedChunk) {
        for _ in 0..<count {
            step(into: &chunk)
            gridIndex += 1
        }
    }

    /// Closes the last partial window of the statistics.
    mutating func finish() {
        statistics.finish()
    }

    // MARK: - One sample

    private mutating func step(into chunk: inout SimulatedChunk) {
        let index = gridIndex
        if index >= segmentEnd { startSegment(at: index) }
        updateEpisode(at: index)
        if index >= nextHeartUpdate { updateHeartRate(at: index) }

        var acceleration = bodyAcceleration(at: index)
        let heartRate = reportedHeartRate
        var kind: AnomalyKind?
        if let current = episode {
            kind = current.kind
            switch current.kind {
            case .flatline:
                acceleration = lastOutput
            case .saturation:
                acceleration = acceleration * saturationGain
            case .dropout:
                if gapRemaining > 0 {
                    gapRemaining -= 1
                    statistics.recordGap(at: index, activity: activity)
                    return
                }
                // Gaps keep a second of samples at both ends of the episode, so labelled rows bracket every gap.
                let latestGapEnd = current.end - rateHz
                if index >= current.start + rateHz && index < latestGapEnd && random.chance(gapStartProbability) {
                    gapRemaining = min(Int(random.uniform(0.2, 3) * Double(rateHz)), latestGapEnd - index) - 1
                    statistics.recordGap(at: index, activity: activity)
                    return
                }
            default:
                break
            }
        }
        acceleration = Vector3(clip(acceleration.x), clip(acceleration.y), clip(acceleration.z))
        lastOutput = acceleration

        chunk.timestamps.append(startMicros + Int64(index) * stepMicros)
        chunk.heartRate.append(heartRate)
        chunk.accelX.append(acceleration.x)
        chunk.accelY.append(acceleration.y)
        chunk.accelZ.append(acceleration.z)
        chunk.labels.append(kind.map { labelsKinds ? Int32($0.rawValue + 1) : 1 } ?? 0)
        statistics.recordRow(
            at: index, heartRate: heartRate, acceleration: acceleration, activity: activity, kind: kind)
    }

    /// The 16-bit converter's output: counts of `fullScale / 32768`, clipped to the rails.
    private func clip(_ value: Double) -> Double {
        let counts = (value / Self.countSize).rounded()
        return min(32_767, max(-32_768, counts)) * Self.countSize
    }

    private func hourOfDay(at index: Int) -> Double {
        let hours = startHourOfDay + Double(index) * secondsPerSample / 3600
        return hours - 24 * (hours / 24).rounded(.down)
    }

    // MARK: - Activity

    private mutating func startSegment(at index: Int) {
        let hour = hourOfDay(at: index)
        let seconds: Double
        if hour >= 22.5 || hour < 6.5 {
            activity = .rest
            posture = random.chance(0.7) ? .lying : .lyingSide
            seconds = random.uniform(600, 3600)
        } else {
            let draw = random.uniform()
            if draw < profile.activityMix[0] {
                activity = .rest
                let postureDraw = random.uniform()
                posture = postureDraw < 0.6 ? .sitting : postureDraw < 0.9 ? .upright : .lying
                seconds = random.uniform(120, 1500)
            } else if draw < profile.activityMix[0] + profile.activityMix[1] {
                activity = .walking
                posture = .upright
                seconds = random.uniform(60, 900)
            } else {
                activity = .running
                posture = .upright
                seconds = random.uniform(120, 1200)
            }
        }
        segmentEnd = index + max(1, Int(seconds * Double(rateHz)))
        cadenceHz = activity == .running ? profile.runningCadenceHz : profile.walkingCadenceHz
        motionAmplitude = activity == .running ? random.uniform(6, 9) : random.uniform(2, 3)
        orient(toward: direction(of: posture), overSeconds: 1.5)
    }

    private func direction(of posture: Posture) -> Vector3 {
        let base: Vector3
        switch posture {
        case .upright: base = Vector3(0.1, -0.97, 0.2)
        case .sitting: base = Vector3(0.55, -0.35, 0.75)
        case .lying: base = Vector3(0.05, 0.15, 0.98)
        case .lyingSide: base = Vector3(0.9, 0.1, 0.4)
        }
        return (base + profile.wearTilt).normalized
    }

    private mutating func orient(toward target: Vector3, overSeconds seconds: Double) {
        upTarget = target
        transitionRemaining = max(1, Int(seconds * Double(rateHz)))
        // A body frame around the new vertical for gait motion.
        let reference = abs(target.x) < 0.9 ? Vector3(1, 0, 0) : Vector3(0, 1, 0)
        lateral = target.cross(reference).normalized
        forward = lateral.cross(target)
    }

    /// Gravity in the current orientation plus motion, fidgeting, noise and bias.
    private mutating func bodyAcceleration(at index: Int) -> Vector3 {
        if transitionRemaining > 0 {
            up = (up + (upTarget - up) * (1 / Double(transitionRemaining))).normalized
            transitionRemaining -= 1
        }
        var motion = Vector3(0, 0, 0)
        let still = episode?.kind == .fall && index >= fallStillStart
        if let current = episode, current.kind == .fall {
            // Free fall: the sensor sees almost no acceleration; then the impact spike; then the wearer lies still.
            if index < fallImpactStart { return up * (0.08 * Self.gravity) + noiseVector() }
            if index < fallStillStart { return fallImpact + noiseVector() }
            if index == fallStillStart {
                up = fallLyingDirection
                orient(toward: fallLyingDirection, overSeconds: 0.1)
            }
        }
        if activity != .rest && !still {
            stepPhase += 2 * Double.pi * cadenceHz * secondsPerSample
            if stepPhase >= 4 * Double.pi { stepPhase -= 4 * Double.pi }
            let s1 = DeterministicMath.sin(stepPhase)
            let s2 = DeterministicMath.sin(2 * stepPhase)
            let half = DeterministicMath.sin(0.5 * stepPhase)
            let c1 = DeterministicMath.cos(stepPhase)
            let vertical = motionAmplitude * (0.7 * s1 + 0.3 * s2)
            motion = up * vertical + lateral * (0.35 * motionAmplitude * half) + forward * (0.5 * motionAmplitude * c1)
        } else if !still {
            // Fidgeting at rest: a slow AR(1) wander with a standard deviation of about 0.08 m/s².
            fidget = fidget * 0.98 + Vector3(random.normal(), random.normal(), random.normal()) * 0.016
            motion = fidget
        }
        let bias = Vector3(profile.axisBias[0], profile.axisBias[1], profile.axisBias[2])
        return up * Self.gravity + motion + noiseVector() + bias
    }

    private mutating func noiseVector() -> Vector3 {
        Vector3(random.normal(), random.normal(), random.normal()) * profile.deviceNoise
    }

    // MARK: - Heart rate

    /// The heart rate the wearer tends to: resting rate, circadian swing (lowest near 04:00), sleep dip, activity.
    private func normalHeartTarget(at index: Int) -> Double {
        let hour = hourOfDay(at: index)
        let circadian = -4 * DeterministicMath.cos(2 * Double.pi * (hour - 4) / 24)
        let asleep = activity == .rest && (hour >= 22.5 || hour < 6.5)
        var target = profile.restingHeartRateBPM + circadian + (asleep ? -6 : 0)
        switch activity {
        case .rest: break
        case .walking: target += profile.walkingHeartRateRiseBPM
        case .running: target += profile.runningHeartRateRiseBPM
        }
        return target
    }

    /// Lowest normal heart rate, BPM: bradycardia episodes (35-48) start below it.
    static let normalHeartRateFloorBPM = 48.0
    /// Width of the band above the floor where low rates are compressed rather than clipped.
    static let normalHeartRateKneeBPM = 6.0

    /// Keeps a normal heart rate above `normalHeartRateFloorBPM` by compressing the band
    /// below floor + knee (same value and slope at the knee, approaching the floor smoothly).
    /// A hard clip would pin a sleeping wearer's reported rate to one value for minutes,
    /// which is exactly what a stuck-heart-rate fault looks like: normal data must not.
    static func softFloor(_ bpm: Double) -> Double {
        let knee = normalHeartRateFloorBPM + normalHeartRateKneeBPM
        guard bpm < knee else { return bpm }
        let (floor, width) = (normalHeartRateFloorBPM, normalHeartRateKneeBPM)
        return floor + width * width / (width + (knee - bpm))
    }

    private mutating func updateHeartRate(at index: Int) {
        let seconds = Double(index) * secondsPerSample
        var target = normalHeartTarget(at: index)
        var response = 0.1
        var jump = 0.0
        var arrhythmia = false
        if let current = episode {
            switch current.kind {
            case .tachycardia, .bradycardia:
                target = episodeHeartTarget
                response = 0.3
                arrhythmia = true
            case .irregularRhythm:
                target = episodeHeartTarget
                response = 0.3
                jump = (random.chance(0.5) ? 1 : -1) * random.uniform(10, 35)
                arrhythmia = true
            default:
                // Falls and device faults leave the heart itself alone.
                break
            }
        }
        heartLevel += response * (target - heartLevel)
        heartNoise = 0.7 * heartNoise + 0.714 * profile.heartRateVariabilityBPM * random.normal()
        let breathing = 1.5 * DeterministicMath.sin(2 * Double.pi * seconds / 4.5)
        let raw = heartLevel + heartNoise + breathing + jump
        let value = arrhythmia ? min(220, max(30, raw)) : min(180, Self.softFloor(raw))
        // A stuck or frozen sensor stops reporting new values; the strap reports whole BPM.
        if episode?.kind != .stuckHeartRate && episode?.kind != .flatline { reportedHeartRate = value.rounded() }
        nextHeartUpdate = index + max(1, Int((random.uniform(0.9, 1.1) * Double(rateHz)).rounded()))
    }

    // MARK: - Episodes

    private mutating func updateEpisode(at index: Int) {
        if let current = episode, index >= current.end {
            episode = nil
            // Paroxysmal rhythms end abruptly, and a recovered sensor reports at once: the first
            // unlabelled sample already carries a normal heart rate.
            if current.kind.family == "arrhythmia" { heartLevel = normalHeartTarget(at: index) }
            nextHeartUpdate = index
            if current.kind == .fall {
                // The wearer stays down a while before the next activity.
                activity = .rest
                posture = .lying
                segmentEnd = index + Int(random.uniform(30, 180) * Double(rateHz))
            }
        }
        guard episode == nil, let next = scheduler.next, index >= next.start else { return }
        episode = next
        scheduler.advance()
        statistics.recordEpisode(next.kind)
        switch next.kind {
        case .tachycardia: episodeHeartTarget = random.uniform(140, 185)
        case .bradycardia: episodeHeartTarget = random.uniform(35, 48)
        case .irregularRhythm: episodeHeartTarget = random.uniform(95, 130)
        case .fall:
            fallImpactStart = index + Int(random.uniform(0.3, 0.6) * Double(rateHz))
            fallStillStart = fallImpactStart + max(1, Int(random.uniform(0.08, 0.2) * Double(rateHz)))
            let side = Vector3(random.normal(), random.normal(), random.normal()) * (0.8 * Self.gravity)
            fallImpact = up * (random.uniform(3, 7) * Self.gravity) + side
            activity = .rest
            posture = .lying
            segmentEnd = Int.max  // no new activity until the fall episode ends
            fallLyingDirection =
                (direction(of: random.chance(0.5) ? .lying : .lyingSide)
                + Vector3(random.uniform(-0.3, 0.3), random.uniform(-0.3, 0.3), 0)).normalized
        case .saturation: saturationGain = random.uniform(10, 25) * (random.chance(0.5) ? 1 : -1)
        case .dropout:
            gapRemaining = 0
            // Runs of about 3.7 s between gaps of 0.2-3 s keep about 70 % of the samples.
            gapStartProbability = 1 / (3.7 * Double(rateHz))
        case .flatline, .stuckHeartRate: break
        }
    }
}

/// One generated stretch of the replay schema's columns, contiguous per column.
public struct SimulatedChunk: Sendable {
    /// Sample times, µs since the Unix epoch (gaps where dropouts removed rows).
    public var timestamps: [Int64] = []
    /// Heart rate in BPM, held between the strap's ~1 Hz updates.
    public var heartRate: [Double] = []
    /// Acceleration along x, m/s².
    public var accelX: [Double] = []
    /// Acceleration along y, m/s².
    public var accelY: [Double] = []
    /// Acceleration along z, m/s².
    public var accelZ: [Double] = []
    /// 1 where the sample belongs to an anomaly episode, else 0.
    public var labels: [Int32] = []

    /// Creates an empty chunk with room for `capacity` rows.
    public init(capacity: Int = 0) {
        timestamps.reserveCapacity(capacity)
        heartRate.reserveCapacity(capacity)
        accelX.reserveCapacity(capacity)
        accelY.reserveCapacity(capacity)
        accelZ.reserveCapacity(capacity)
        labels.reserveCapacity(capacity)
    }

    /// Rows in the chunk.
    public var count: Int { timestamps.count }

    /// Empties the chunk, keeping its buffers.
    mutating func removeAll() {
        timestamps.removeAll(keepingCapacity: true)
        heartRate.removeAll(keepingCapacity: true)
        accelX.removeAll(keepingCapacity: true)
        accelY.removeAll(keepingCapacity: true)
        accelZ.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
    }
}
