/// How keepalived reads a MISC_CHECK script's exit status (check_misc.c):
/// - 0: success, weight unchanged;
/// - with misc_dynamic, 2...255: success, and the real server's weight becomes status - 2
///   (keepalived adds status - 2 - configured weight to the effective weight);
/// - anything else (1, and 2...255 without misc_dynamic): failure.
public enum MiscExitStatus {
    public enum Verdict: Sendable, Equatable {
        /// `weight` is the weight misc_dynamic asks for (status - 2), nil to leave it unchanged.
        case success(weight: Int?)
        case failure
    }

    public static func verdict(status: Int32, dynamic: Bool) -> Verdict {
        if status == 0 { return .success(weight: nil) }
        if dynamic, (2...255).contains(status) { return .success(weight: Int(status) - 2) }
        return .failure
    }
}
