import LVSControl
import LVSCore
import LVSDirector
import LVSLinux
import LVSVocabulary
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `--bgp-peer`: runs BIRD 2 (`bird -f`) as the director's child, in its network namespace, and
/// keeps BIRD's static protocol equal to the VIPs the director can serve (`AnnouncedVIPs`).
///
/// BIRD runs under `setpriv --pdeathsig KILL`, started from this speaker's own thread, which
/// lives as long as the director: if the director is killed, the kernel kills BIRD, the session
/// drops and the router takes this director out of its ECMP set after the hold time. (The death
/// signal follows the thread that started the child, which is why no pooled thread starts it.)
///
/// A change is made by rewriting the file and `birdc configure`: BIRD compares the new file with
/// the running one, changes the static protocol's routes in place (a withdrawal goes to the
/// peer at once) and leaves the BGP session alone, whose settings did not change. One file that
/// always says the whole truth is simpler than enabling and disabling protocols one by one, and
/// a BIRD restarted after a crash reads the current truth from it.
final class BGPSpeaker: Sendable {
    let configurationPath: String
    let controlSocketPath: String
    private let stopFlag = StopFlag()
    private let thread: WorkerThread

    /// What the speaker runs, and where Debian has it.
    static let requiredPrograms: [(program: String, package: String)] = [
        ("bird", "bird2"), ("birdc", "bird2"), ("setpriv", "util-linux"),
    ]

    /// How often a small table is read: a VIP whose last real server went to weight 0 is
    /// withdrawn within this (plus the peer's own processing).
    static let pollMilliseconds: Int64 = 100

    /// Files beside the state file: `STATE.bird.conf`, `STATE.bird.ctl`.
    init(
        settings: BGPSettings, stateFile: String, table: @escaping @Sendable () -> TableSnapshot,
        draining: @escaping @Sendable () -> Bool, logger: Logger
    ) throws {
        let configurationPath = stateFile + ".bird.conf"
        let controlSocketPath = stateFile + ".bird.ctl"
        self.configurationPath = configurationPath
        self.controlSocketPath = controlSocketPath
        let stop = stopFlag
        // The first file is written before BIRD starts, so it never announces what is not served.
        let first = AnnouncedVIPs.healthy(in: table(), draining: draining())
        try TextFile.writeAtomically(
            configurationPath, BIRDConfiguration.text(settings, announcing: first), mode: 0o600)
        let argv = [
            "setpriv", "--pdeathsig", "KILL", "bird", "-f", "-c", configurationPath, "-s", controlSocketPath,
        ]
        thread = try WorkerThread(name: "lvs-bgp") {
            var bird: ChildProcess?
            var written = first
            var applied = first
            var nextStart: Int64 = 0
            var lastRefusal = ""
            logger.notice(
                "announcing the served VIPs over BGP",
                metadata: ["peer": "\(settings.peer)", "vips": "\(written.map(\.description))"])
            while !stop.isSet {
                let now = MonotonicClock.now().milliseconds
                if let running = bird, let status = running.poll() {
                    logger.error("bird ended; starting it again", metadata: ["status": "\(status)"])
                    bird = nil
                    nextStart = now + 1000
                }
                if bird == nil && now >= nextStart {
                    do {
                        // BIRD's log lines go to the director's standard error, beside its own.
                        bird = try Subprocess.start(argv, stderr: 2)
                        applied = written
                    } catch {
                        logger.error("cannot start bird", metadata: ["error": "\(error)"])
                        nextStart = now + 1000
                    }
                }
                let read = MonotonicClock.now().milliseconds
                let wanted = AnnouncedVIPs.healthy(in: table(), draining: draining())
                // The table is read through the workers: a big one (100,000s of services) is
                // read less often, so reading it never takes more than a tenth of their time.
                let pause = max(Self.pollMilliseconds, 10 * (MonotonicClock.now().milliseconds - read))
                if wanted != written {
                    do {
                        try TextFile.writeAtomically(
                            configurationPath, BIRDConfiguration.text(settings, announcing: wanted), mode: 0o600)
                        written = wanted
                    } catch {
                        logger.error("cannot write the BIRD configuration", metadata: ["error": "\(error)"])
                    }
                }
                if written != applied, bird != nil {
                    // Until BIRD has made its socket (it is starting) this fails and is tried again.
                    // Bounded: a hung BIRD must not hang the speaker, nor the director's stop.
                    let out = try? Subprocess.run(["timeout", "2", "birdc", "-s", controlSocketPath, "configure"])
                    let answer = out.map { String(decoding: $0.standardOutput + $0.standardError, as: UTF8.self) } ?? ""
                    if out?.status != 0 || !answer.contains("Reconfigur") {
                        // Said once per distinct answer: a BIRD still starting is retried quietly.
                        if answer != lastRefusal && !answer.isEmpty && !answer.contains("Unable to connect") {
                            logger.error("bird did not take the new configuration", metadata: ["birdc": "\(answer)"])
                        }
                        lastRefusal = answer
                    } else {
                        lastRefusal = ""
                        let withdrawn = Set(applied).subtracting(written)
                        let added = Set(written).subtracting(applied)
                        logger.notice(
                            "BGP announcements changed",
                            metadata: [
                                "announced": "\(added.sorted().map(\.description))",
                                "withdrawn": "\(withdrawn.sorted().map(\.description))",
                            ])
                        applied = written
                    }
                }
                let due = MonotonicClock.now().milliseconds + pause
                while !stop.isSet && MonotonicClock.now().milliseconds < due { usleep(10_000) }
            }
            // SIGTERM: BIRD closes the session with a Cease, so the router withdraws at once
            // rather than after the hold time. A BIRD that does not end within 2 s is killed
            // (the kernel closes its session then).
            if let bird {
                kill(bird.pid, SIGTERM)
                let deadline = MonotonicClock.now().milliseconds + 2000
                while bird.poll() == nil && MonotonicClock.now().milliseconds < deadline { usleep(10_000) }
                bird.terminate(signal: SIGKILL)
            }
            _ = try? TextFile.remove(controlSocketPath)
        }
    }

    /// Closes the session and stops BIRD; call once, before the data plane stops.
    func stop() {
        stopFlag.set()
        thread.join()
    }
}
