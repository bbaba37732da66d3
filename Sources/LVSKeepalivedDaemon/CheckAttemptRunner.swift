import LVSHealth
import LVSKeepalived

/// Runs one attempt of a checker. The daemon's only door to the network and to scripts, so
/// tests drive the daemon with scripted outcomes.
public typealias CheckAttemptRunner = @Sendable (HealthChecker) async -> CheckAttemptResult

extension KeepalivedConfiguration {
    /// The real runner for this configuration: probes through LVSHealth, FILE_CHECK reading the
    /// configuration's `track_file` blocks, scripts as global_defs' script_user by default.
    public var attemptRunner: CheckAttemptRunner {
        let files = trackedFiles
        let user = globalDefinitions.scriptUser
        return { checker in
            await CheckAttempt(checker: checker, trackedFiles: files, scriptUser: user).run()
        }
    }

    /// `track_file NAME { file PATH; weight N }` blocks, by name.
    var trackedFiles: [String: CheckAttempt.TrackedFile] {
        var files: [String: CheckAttempt.TrackedFile] = [:]
        for block in otherBlocks where block.keyword == "track_file" || block.keyword == "vrrp_track_file" {
            guard let name = block.argument(0) else { continue }
            guard let path = block.children.first(where: { $0.keyword == "file" })?.argument(0) else { continue }
            let weight = block.children.first { $0.keyword == "weight" }?.argument(0).flatMap { Int32($0) } ?? 1
            files[name] = CheckAttempt.TrackedFile(path: path, weight: weight)
        }
        return files
    }
}
