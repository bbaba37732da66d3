/// A checker as keepalived tracks it (checker_t): up or down, whether it has reported yet, and
/// for MISC_CHECK with misc_dynamic the weight offset its last exit code gave the real server.
struct CheckerState: Hashable, Sendable {
    var checker: HealthChecker
    /// keepalived starts every checker up; alpha ones are set down before the first check.
    var isUp = true
    var hasRun = false
    /// misc_dynamic: exit code - 2 - the configured weight (0 when the code is 0 or after a failure).
    var weightOffset: Int64 = 0
    var lastExitCode: UInt32 = 0
    var lastFailureReason: String?

    init(checker: HealthChecker) {
        self.checker = checker
    }

    var isDynamicMisc: Bool {
        if case .misc(let misc) = checker.kind { misc.dynamic } else { false }
    }

    /// keepalived's compare functions, approximated: the same type checking the same thing
    /// (connection, script, URLs) is the same checker across a reload; timings may differ.
    func isSameCheck(as other: HealthChecker) -> Bool {
        checker.kind == other.kind && checker.connection == other.connection
    }
}
