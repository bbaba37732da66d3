import Foundation
import LVSCore
import LVSLab
import LVSLabServices
import LVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// One mode of `lvs demo`: lab up, servers, real-server setup, director, requests, tables,
/// teardown. Each stage prints one short line of what it did, as a shell transcript would.
struct DemoModeRun {
    let scenario: DemoScenario
    let requests: Int
    /// `--keep`: hold the lab (and its processes) until Ctrl-C, whose teardown ends the process.
    let keepUntilInterrupted: Bool
    let session: DemoSession

    static let requestTimeoutSeconds = 2
    static let directorStartMilliseconds: Int64 = 8000

    func run() -> DemoModeOutcome {
        session.say("== \(scenario.mode.title) ==")
        var lab: Lab?
        var background: [ChildProcess] = []
        defer {
            if keepUntilInterrupted, let lab { holdUntilInterrupted(lab) }
            session.stop(background)
            if let lab {
                let left = session.remove(lab)
                session.say(left.isEmpty ? "(lab removed)" : "could not remove: \(left.joined(separator: " "))")
            }
        }
        do {
            let built = try session.createLab(scenario.mode.rawValue, hosts: scenario.hosts)
            lab = built
            session.say(scenario.topologyLine)
            try startWebServers(built, into: &background)
            // Both parts are tried, so one run says everything that is missing.
            var missing: [String] = []
            do { try configureRealServers(built, into: &background) } catch let m as DemoPartMissing {
                missing.append(m.part)
            }
            do { try startDirector(built, into: &background) } catch let m as DemoPartMissing { missing.append(m.part) }
            if !missing.isEmpty {
                session.say("skipping \(scenario.mode.rawValue.uppercased()): this build cannot show it yet")
                return .unavailable(missing)
            }
            try configureDirector()
            let answers = try sendRequests(built)
            for listing in DemoScenario.ipvsadmListings {
                let out = try ipvsadm(listing)
                session.say("director# ipvsadm \(listing.joined(separator: " "))")
                for line in out.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
                    out.output.hasSuffix("\n") ? 1 : 0)
                {
                    session.say(String(line))
                }
            }
            return .ran(answers: answers)
        } catch {
            session.say("error: \(error)")
            return .failed("\(error)")
        }
    }

    // MARK: stages

    /// `lvs lab-http-server` in each real server; waits until each listens.
    private func startWebServers(_ lab: Lab, into background: inout [ChildProcess]) throws {
        for rs in scenario.realServers {
            let (child, log) = try session.start(
                ["lab-http-server", "--name", rs.host, "--port", String(scenario.port)],
                in: lab[rs.host], log: "\(rs.host)-http")
            background.append(child)
            let deadline = MonotonicClock.now().milliseconds + 5000
            while !DemoSession.read(log).contains("listening") {
                if child.poll() != nil || MonotonicClock.now().milliseconds > deadline {
                    throw DemoError(
                        "the web server in \(rs.host) did not start: \(Self.firstLine(DemoSession.read(log)))")
                }
                usleep(10_000)
            }
        }
        session.say("rs1, rs2: web servers answer \"i am rs1\" / \"i am rs2\" on port \(scenario.port)")
    }

    /// `lvs realserver start` in each real server (DR, TUN). A helper that stays running (a
    /// userspace decapsulator in the foreground) is kept until the teardown.
    private func configureRealServers(_ lab: Lab, into background: inout [ChildProcess]) throws {
        guard let arguments = scenario.realServerArguments else {
            session.say("rs1, rs2: default route via the director (198.18.1.1)")
            return
        }
        let hosts = scenario.realServers.map(\.host)
        session.say("\(hosts.joined(separator: ", "))# lvs \(arguments.joined(separator: " "))")
        for host in hosts {
            let (child, log) = try session.start(arguments, in: lab[host], log: "\(host)-realserver")
            background.append(child)
            guard let status = DemoSession.waitForExit(child, milliseconds: 10_000) else { continue }
            let output = DemoSession.read(log)
            if status != 0 {
                if Self.isUnknownCommand(output) {
                    throw missingPart(
                        "`lvs realserver` (VIP on lo, ARP sysctls\(scenario.mode == .tun ? ", ipip tunnel" : ""))")
                }
                throw DemoError("lvs realserver start failed in \(host): \(Self.firstLine(output))")
            }
        }
    }

    /// `lvs director --interface ...` in the director; waits until its control socket answers.
    private func startDirector(_ lab: Lab, into background: inout [ChildProcess]) throws {
        let arguments = scenario.directorArguments(controlSocket: controlSocket)
        session.say(
            "director# lvs director \(scenario.directorInterfaces.flatMap { ["--interface", $0] }.joined(separator: " ")) &"
        )
        let (director, log) = try session.start(arguments, in: lab["director"], log: "director")
        background.append(director)
        let deadline = MonotonicClock.now().milliseconds + Self.directorStartMilliseconds
        while true {
            if director.poll() != nil {
                let output = DemoSession.read(log)
                if Self.isUnknownCommand(output) {
                    throw missingPart("packet forwarding in `lvs director` (it says: \(Self.firstLine(output)))")
                }
                throw DemoError("lvs director exited: \(Self.firstLine(output))")
            }
            if FileManager.default.fileExists(atPath: controlSocket), (try? ipvsadm(["-L", "-n"]))?.status == 0 {
                return
            }
            if MonotonicClock.now().milliseconds > deadline {
                throw DemoError(
                    "lvs director did not open its control socket within \(Self.directorStartMilliseconds / 1000) s: \(Self.firstLine(DemoSession.read(log)))"
                )
            }
            usleep(50_000)
        }
    }

    /// The seeds' ipvsadm commands, printed as run.
    private func configureDirector() throws {
        for command in scenario.ipvsadmSetup {
            session.say("director# ipvsadm \(command.joined(separator: " "))")
            let out = try ipvsadm(command)
            guard out.status == 0 else {
                throw DemoError("ipvsadm \(command.joined(separator: " ")): \(Self.firstLine(out.output))")
            }
        }
    }

    private func sendRequests(_ lab: Lab) throws -> [String?] {
        var answers: [String?] = []
        let url = scenario.url.description
        for _ in 0..<requests {
            let out = try session.run(
                ["lab-http-get", "--timeout", String(Self.requestTimeoutSeconds), url],
                in: lab["client"], log: "client-get",
                timeoutMilliseconds: Int64(Self.requestTimeoutSeconds) * 1000 + 3000)
            if out.status == 0 {
                let body = out.output.hasSuffix("\n") ? String(out.output.dropLast()) : out.output
                session.say("curl \(scenario.virtualAddress) -> \(body)")
                answers.append(body.hasPrefix("i am ") ? String(body.dropFirst(5)) : body)
            } else {
                let why = out.status == nil ? "the client hung" : Self.firstLine(out.output)
                session.say(
                    "curl \(scenario.virtualAddress) -> no answer (\(why.replacingOccurrences(of: "lab-http-get: ", with: "")))"
                )
                answers.append(nil)
            }
        }
        return answers
    }

    // MARK: helpers

    private func holdUntilInterrupted(_ lab: Lab) -> Never {
        let client = lab["client"].namespace.name
        session.say("lab kept up; try: ip netns exec \(client) \(session.lvsPath) lab-http-get \(scenario.url)")
        session.say("press Ctrl-C to remove it")
        while true { sleep(3600) }
    }

    /// Says so at once, under the command that needed the part.
    private func missingPart(_ part: String) -> DemoPartMissing {
        session.say("  not available yet: \(part)")
        return DemoPartMissing(part: part)
    }

    private var controlSocket: String { "\(session.workDirectory)/\(scenario.mode.rawValue)-director.sock" }

    private func ipvsadm(_ arguments: [String]) throws -> (status: Int32?, output: String) {
        try session.run(
            ["env", "LVS_CONTROL_SOCKET=\(controlSocket)", session.lvsPath, "ipvsadm"] + arguments,
            lvs: false, in: nil, log: "ipvsadm", timeoutMilliseconds: 5000)
    }

    /// ArgumentParser's words for an option or subcommand this build does not have.
    static func isUnknownCommand(_ output: String) -> Bool {
        output.contains("Unknown option") || output.contains("Unexpected argument")
            || output.contains("unknown subcommand")
    }

    static func firstLine(_ text: String) -> String {
        let line =
            text.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "(no output)"
        return line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : String(line)
    }
}
