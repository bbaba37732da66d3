import Testing

/// The keepalived oracle fixtures (Fixtures/oracle/keepalived, captured from keepalived 2.2.7 on a
/// real kernel) replayed through the lifecycle: every `ipvsadm -L -n` snapshot must match byte
/// for byte.
@Suite struct LifecycleOracleReplayTests {
    /// Scenarios this replay cannot reproduce yet, and why. They still run, as known issues: one
    /// that starts to match fails here until it is taken off the list.
    static let knownUnsupported: [String: String] = [:]

    @Test(arguments: OracleScenario.available())
    func replay(_ name: String) throws {
        if let reason = Self.knownUnsupported[name] {
            withKnownIssue(Comment(rawValue: reason)) {
                try Self.check(name)
            }
        } else {
            try Self.check(name)
        }
    }

    static func check(_ name: String) throws {
        var replay = OracleReplay(try OracleScenario.load(name))
        try replay.run()
        #expect(replay.compared > 0, "\(name): no snapshot compared")
        for mismatch in replay.mismatches {
            Issue.record("\(name) \(mismatch)")
        }
    }
}
