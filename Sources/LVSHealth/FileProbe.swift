/// FILE_CHECK: reads the track_file and judges its value. Synchronous: one small read of a
/// (usually tmpfs) file; keepalived itself re-reads on inotify events, the scheduler decides when.
public struct FileProbe: Sendable {
    public var path: String
    public var weight: TrackedFileWeight

    public init(path: String, weight: TrackedFileWeight = TrackedFileWeight()) {
        self.path = path
        self.weight = weight
    }

    /// `.success(.up(adjustment))`, `.failure` for a fault; `ignored` readings come back as
    /// `.cannotProbe` so the caller keeps the previous state, as keepalived does.
    public func run() -> ProbeOutcome<TrackedFileWeight.Verdict> {
        switch TrackedFileValue.read(path: path) {
        case .ignored(let why):
            return .failure(.cannotProbe("\(path): \(why), ignored"))
        case .value(let value):
            let verdict = weight.verdict(for: value)
            if verdict == .fault { return .failure(.unexpectedReply("\(path): value \(value) is a fault")) }
            return .success(verdict)
        }
    }
}
