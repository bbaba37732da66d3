import ArgumentParser
import LVSCore
import LVSLabServices
import LVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// `lvs demo`: the newcomer's one command. Builds a lab of network namespaces per mode, shows
/// `curl VIP` answered in turn by two real servers, prints the tables, removes everything.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Show DR, NAT and TUN load balancing in a lab of network namespaces (needs root).",
        discussion: """
            Builds a client, a director and two real servers in network namespaces (addresses in \
            198.18.0.0/15; nothing touches this machine's own interfaces), runs `lvs director`, \
            configures it with ipvsadm, sends HTTP requests to the VIP and prints who answered, \
            then the `ipvsadm -L -n` and `--stats` tables. Everything is removed afterwards, also \
            on Ctrl-C. Needs only iproute2.
            """)

    @Option(help: "dr, nat or tun (default: all three in turn).")
    var mode: String?

    @Option(help: "IPVS scheduler: \(SchedulerRegistry.all.map { $0.name }.joined(separator: ", ")).")
    var scheduler: String = "rr"

    @Option(help: "Requests sent to the VIP per mode.")
    var requests: Int = 6

    @Flag(help: "Keep the lab up after the requests, to look around with `ip netns exec`, until Ctrl-C (needs --mode).")
    var keep = false

    func validate() throws {
        if let mode, DemoMode(rawValue: mode) == nil {
            throw ValidationError("unknown mode '\(mode)': use dr, nat or tun")
        }
        guard SchedulerRegistry.type(named: scheduler) != nil else {
            throw ValidationError(
                "unknown scheduler '\(scheduler)': use one of \(SchedulerRegistry.all.map { $0.name }.joined(separator: " "))"
            )
        }
        guard (1...1000).contains(requests) else { throw ValidationError("--requests must be between 1 and 1000") }
        if keep && mode == nil { throw ValidationError("--keep needs --mode (it keeps one lab until Ctrl-C)") }
    }

    func run() throws {
        guard geteuid() == 0 else {
            StandardStreams.err(
                """
                lvs demo needs root: it creates network namespaces and runs a director in them.
                Run it as root, e.g. `sudo swift run -c release lvs demo` (nothing outside its own namespaces is touched).

                """)
            throw ExitCode(1)
        }
        guard (try? Subprocess.run(["ip", "-V"]))?.status == 0 else {
            StandardStreams.err("lvs demo needs iproute2 (the `ip` command) on PATH.\n")
            throw ExitCode(1)
        }
        let modes = mode.flatMap(DemoMode.init(rawValue:)).map { [$0] } ?? DemoMode.allCases
        let session = DemoSession()
        DemoSignals.install { signal in session.interrupt(signal: signal) }
        try session.createWorkDirectory()

        session.say("SwiftLVS demo: a client, a director and two real servers in network namespaces")
        session.say(
            "scheduler \(scheduler), \(requests) request\(requests == 1 ? "" : "s") per mode; Ctrl-C removes everything"
        )
        var outcomes: [(DemoMode, DemoModeOutcome)] = []
        for mode in modes {
            session.say()
            let run = DemoModeRun(
                scenario: DemoScenario(mode: mode, scheduler: scheduler), requests: requests,
                keepUntilInterrupted: keep, session: session)
            outcomes.append((mode, run.run()))
        }
        session.removeWorkDirectory()

        session.say()
        session.say("summary:")
        for (mode, outcome) in outcomes { session.say("  " + Self.summary(mode, outcome)) }
        // Missing parts are not a failure (the command is always safe to run); lost requests are.
        let failed = outcomes.contains { _, outcome in
            switch outcome {
            case .failed: true
            case .ran(let answers): answers.contains(nil)
            case .unavailable: false
            }
        }
        if failed { throw ExitCode(1) }
    }

    static func summary(_ mode: DemoMode, _ outcome: DemoModeOutcome) -> String {
        let name = mode.rawValue.uppercased()
        switch outcome {
        case .ran(let answers):
            var counts: [String: Int] = [:]
            for case let answer? in answers { counts[answer, default: 0] += 1 }
            let by = counts.keys.sorted().map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ")
            let answered = answers.compactMap { $0 }.count
            return "\(name): \(answered)/\(answers.count) answered" + (by.isEmpty ? "" : " (\(by))")
        case .unavailable:
            return "\(name): not available yet in this build"
        case .failed(let why):
            return "\(name): failed: \(why)"
        }
    }
}
