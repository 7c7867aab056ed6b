/// The anomalies the simulator injects, in three families: arrhythmias, falls and device malfunctions.
public enum AnomalyKind: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Heart rate rises to 140-185 BPM at rest and stays (30 s to 3 min).
    case tachycardia
    /// Heart rate drops to 35-48 BPM (30 s to 3 min).
    case bradycardia
    /// Erratic beat-to-beat jumps of 10-35 BPM around an elevated rate (30 s to 2.5 min).
    case irregularRhythm
    /// Free-fall dip, impact spike, orientation change to lying, then stillness (10-60 s).
    case fall
    /// Every channel freezes at its last value (10-60 s).
    case flatline
    /// Accelerometer gain fault: readings pinned at the ±8 g rails (5-30 s).
    case saturation
    /// Intermittent link loss: bursts of missing samples, gaps in the timestamps (10-40 s).
    case dropout
    /// Heart rate stops updating while the rest goes on (30 s to 2 min).
    case stuckHeartRate

    /// The family the kind belongs to.
    public var family: String {
        switch self {
        case .tachycardia, .bradycardia, .irregularRhythm: return "arrhythmia"
        case .fall: return "fall"
        case .flatline, .saturation, .dropout, .stuckHeartRate: return "malfunction"
        }
    }

    /// Snake-case name used in printouts.
    public var description: String {
        switch self {
        case .tachycardia: return "tachycardia"
        case .bradycardia: return "bradycardia"
        case .irregularRhythm: return "irregular_rhythm"
        case .fall: return "fall"
        case .flatline: return "flatline"
        case .saturation: return "saturation"
        case .dropout: return "dropout"
        case .stuckHeartRate: return "stuck_hr"
        }
    }

    /// Shortest and longest episode in seconds.
    var durationRangeSeconds: (Double, Double) {
        switch self {
        case .tachycardia, .bradycardia: return (30, 180)
        case .irregularRhythm: return (30, 150)
        case .fall: return (10, 60)
        case .flatline: return (10, 60)
        case .saturation: return (5, 30)
        case .dropout: return (10, 40)
        case .stuckHeartRate: return (30, 120)
        }
    }

    /// Relative frequency before a client's own mix is applied.
    var baseWeight: Double {
        switch self {
        case .tachycardia: return 0.18
        case .bradycardia: return 0.12
        case .irregularRhythm: return 0.15
        case .fall: return 0.20
        case .flatline: return 0.08
        case .saturation: return 0.07
        case .dropout: return 0.12
        case .stuckHeartRate: return 0.08
        }
    }
}

/// What the wearer is doing; drives heart rate and motion.
public enum Activity: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Sitting, standing or lying still (including sleep).
    case rest
    /// Walking, about 1.6-2 steps per second.
    case walking
    /// Running, about 2.5-3 steps per second.
    case running

    /// Lower-case name used in printouts.
    public var description: String {
        switch self {
        case .rest: return "rest"
        case .walking: return "walking"
        case .running: return "running"
        }
    }
}
