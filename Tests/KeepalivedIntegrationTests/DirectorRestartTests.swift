import Foundation
import LVSTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension KeepalivedIntegrationTests {
    /// `lvs director` killed and started again, as an operator meets it: the table comes back from
    /// the state file, damaged files and wrong socket paths stop the start and are left alone.
    @Suite struct DirectorRestart {
        /// A sandbox and the directors started in it (all killed, the sandbox removed, by `stop`).
        final class Restarts {
            let lvs: URL
            let sandbox: DirectorSandbox
            private var processes: [Process] = []

            init(_ name: String) throws {
                guard let lvs = LVSBinary.url else { throw TestFailure("lvs binary not built") }
                self.lvs = lvs
                sandbox = try DirectorSandbox(lvs: lvs, name: "lvs-restart-\(name)-\(UUID().uuidString.prefix(6))")
            }

            var statePath: String { sandbox.directory.appendingPathComponent("control.state").path }
            var logPath: String { sandbox.directory.appendingPathComponent("director.log").path }

            /// Starts `lvs director ARGUMENTS` (default: the sandbox's socket), its stderr in `logPath`.
            func start(_ arguments: [String] = []) throws -> Process {
                _ = FileManager.default.createFile(atPath: logPath, contents: nil)
                let process = Process()
                process.executableURL = lvs
                process.arguments =
                    arguments.isEmpty ? sandbox.directorArguments + ["--log-level", "notice"] : arguments
                process.standardOutput = FileHandle.nullDevice
                process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
                try process.run()
                processes.append(process)
                return process
            }

            var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

            /// `lvs ipvsadm ARGUMENTS` against the sandbox's director.
            func ipvsadm(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
                let process = Process()
                process.executableURL = lvs
                process.arguments = ["ipvsadm"] + arguments
                process.environment = ProcessInfo.processInfo.environment.merging(sandbox.environment) { $1 }
                    .merging(["LVS_IPVSADM_NO_NAMES": "1"]) { $1 }
                let output = Pipe()
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                if let input {
                    let file = sandbox.directory.appendingPathComponent("ipvsadm-input")
                    try input.write(to: file, atomically: true, encoding: .utf8)
                    process.standardInput = try FileHandle(forReadingFrom: file)
                } else {
                    process.standardInput = FileHandle.nullDevice
                }
                try process.run()
                let drain = PipeDrain(output.fileHandleForReading)
                process.waitUntilExit()
                return (process.terminationStatus, String(decoding: drain.wait(), as: UTF8.self))
            }

            /// Waits until `process` exits, at most `seconds`; its status, or nil if it still runs.
            func exitStatus(_ process: Process, seconds: Double) -> Int32? {
                let deadline = Date().addingTimeInterval(seconds)
                while process.isRunning {
                    if Date() > deadline { return nil }
                    usleep(10_000)
                }
                return process.terminationStatus
            }

            /// Polls `ipvsadm -S -n` until the director answers; the seconds it took and the output.
            func firstSave(since start: Date, seconds: Double = 10) throws -> (Double, String)? {
                while Date().timeIntervalSince(start) < seconds {
                    let saved = try ipvsadm(["-S", "-n"])
                    if saved.status == 0 { return (Date().timeIntervalSince(start), saved.output) }
                    usleep(5_000)
                }
                return nil
            }

            func kill9(_ process: Process) {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }

            func stop() {
                for process in processes where process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                }
                sandbox.remove()
            }
        }

        static let table: [[String]] = [
            ["-A", "-t", "198.18.0.1:80", "-s", "wrr", "-p", "60", "-M", "255.255.255.0"],
            ["-a", "-t", "198.18.0.1:80", "-r", "198.18.1.1:80", "-g", "-w", "3", "-x", "10", "-y", "5"],
            ["-a", "-t", "198.18.0.1:80", "-r", "198.18.1.2:8080", "-m", "-w", "0"],
            ["-a", "-t", "198.18.0.1:80", "-r", "198.18.1.3", "-i", "--tun-type", "gue", "--tun-port", "6080"],
            ["-A", "-u", "198.18.0.1:53", "-s", "sh", "-b", "sh-port"],
            ["-a", "-u", "198.18.0.1:53", "-r", "198.18.1.1:53", "-m"],
            ["-A", "-t", "[2001:db8::1]:443", "-s", "mh", "-b", "mh-fallback", "-p", "300", "-M", "64"],
            ["-a", "-t", "[2001:db8::1]:443", "-r", "[2001:db8:1::1]:443", "-g", "-w", "7"],
            ["-A", "-f", "7", "-s", "rr"],
            ["-a", "-f", "7", "-r", "198.18.1.6", "-g"],
            ["--set", "100", "20", "30"],
        ]

        @Test func sigkilledDirectorComesBackWithItsTable() throws {
            let lab = try Restarts("kill")
            defer { lab.stop() }
            let first = try lab.start()
            #expect(try lab.firstSave(since: Date()) != nil, "first director did not answer: \(lab.log)")
            for command in Self.table {
                #expect(try lab.ipvsadm(command).status == 0, "ipvsadm \(command.joined(separator: " "))")
            }
            let saved = try lab.ipvsadm(["-S", "-n"]).output
            let timeouts = try lab.ipvsadm(["-L", "-n", "--timeout"]).output
            #expect(saved.split(separator: "\n").count == 10)
            lab.kill9(first)
            // What a crash leaves: the socket file, nobody listening on it.
            #expect(FileManager.default.fileExists(atPath: lab.sandbox.socketPath))

            // A save cut short by the kill would leave its temporary file beside the state file.
            let temporary = lab.statePath + ".tmp-99999"
            try "{\"version\":1,\"operations\":[\n".write(toFile: temporary, atomically: false, encoding: .utf8)

            let restartedAt = Date()
            let second = try lab.start()
            let answered = try lab.firstSave(since: restartedAt)
            let (seconds, restored) = try #require(answered, "restarted director did not answer: \(lab.log)")
            print(
                "director restart: ipvsadm -S -n answered with the restored table \(Int(seconds * 1000)) ms after start"
            )
            #expect(restored == saved)
            #expect(try lab.ipvsadm(["-L", "-n", "--timeout"]).output == timeouts)
            #expect(seconds < 5)
            #expect(lab.log.contains("removed a stale control socket"))
            #expect(!FileManager.default.fileExists(atPath: temporary))

            // A change after the restart is kept too; --fresh then starts empty and says so in the file.
            #expect(try lab.ipvsadm(["-D", "-f", "7"]).status == 0)
            lab.kill9(second)
            let third = try lab.start()
            let (_, afterDelete) = try #require(try lab.firstSave(since: Date()))
            #expect(
                afterDelete == saved.split(separator: "\n").filter { !$0.contains("-f 7") }.map { $0 + "\n" }.joined())
            lab.kill9(third)
            _ = try lab.start(lab.sandbox.directorArguments + ["--fresh"])
            let (_, fresh) = try #require(try lab.firstSave(since: Date()))
            #expect(fresh == "")
        }

        /// Each batch is appended to the journal; once the journal outgrows the state file (and
        /// 1 MiB) the state file is rewritten from the table and the journal starts afresh. Both
        /// ways the table comes back whole after a kill -9.
        @Test func journalIsFoldedIntoTheStateFile() throws {
            let lab = try Restarts("journal")
            defer { lab.stop() }
            let first = try lab.start()
            #expect(try lab.firstSave(since: Date()) != nil, "first director did not answer: \(lab.log)")
            let journalPath = lab.statePath + ".journal"
            func journalLines() throws -> Int {
                try String(contentsOfFile: journalPath, encoding: .utf8).split(separator: "\n").count
            }
            #expect(try lab.ipvsadm(["-A", "-t", "198.18.0.1:80"]).status == 0)
            #expect(try lab.ipvsadm(["-D", "-t", "198.18.0.1:80"]).status == 0)
            #expect(try journalLines() == 3, "the header and two batches")
            // 6,000 services in one -R: a journal line of more than 1 MiB, so the state file is
            // rewritten with them and the journal starts empty again.
            let restore = (0..<6000).map { "-A -t 198.19.\($0 / 250).\($0 % 250 + 1):80 -s wlc\n" }.joined()
            #expect(try lab.ipvsadm(["-R"], input: restore).status == 0)
            #expect(try journalLines() == 1, "only the new journal's header")
            #expect(try lab.ipvsadm(["-D", "-t", "198.19.0.1:80"]).status == 0)
            #expect(try journalLines() == 2)
            let saved = try lab.ipvsadm(["-S", "-n"]).output
            #expect(saved.split(separator: "\n").count == 5999)
            lab.kill9(first)
            try FileManager.default.removeItem(atPath: lab.sandbox.socketPath)
            _ = try lab.start()
            let (_, restored) = try #require(try lab.firstSave(since: Date()), "no restart: \(lab.log)")
            #expect(restored == saved)
        }

        @Test func damagedStateFileStopsTheStartAndIsKept() throws {
            let lab = try Restarts("corrupt")
            defer { lab.stop() }
            let damaged = #"{"version":1,"operations":[{"addService":"#
            try damaged.write(toFile: lab.statePath, atomically: true, encoding: .utf8)
            let refused = try lab.start()
            #expect(lab.exitStatus(refused, seconds: 10) == 1)
            #expect(lab.log.contains("the state file \(lab.statePath) is unusable"), "\(lab.log)")
            #expect(lab.log.contains("--fresh"))
            #expect(try String(contentsOfFile: lab.statePath, encoding: .utf8) == damaged)
            #expect(!FileManager.default.fileExists(atPath: lab.sandbox.socketPath))

            // A state file whose operations conflict (a hand edit adding a service twice) is refused
            // as a whole, too: nothing of it is served.
            try FileManager.default.removeItem(atPath: lab.statePath)
            let writer = try lab.start()
            #expect(try lab.firstSave(since: Date()) != nil, "\(lab.log)")
            #expect(try lab.ipvsadm(["-A", "-t", "198.18.0.1:80"]).status == 0)
            lab.kill9(writer)
            // The -A is in the journal (one line per batch after a line naming it), not yet in
            // the state file, which is rewritten only when the journal has grown past it.
            let journal = try String(contentsOfFile: lab.statePath + ".journal", encoding: .utf8)
            let lines = journal.split(separator: "\n")
            #expect(lines.count == 2, "\(journal)")
            let batch = try #require(
                try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [Any])
            #expect(batch.count == 1)
            let saved = try Data(contentsOf: URL(fileURLWithPath: lab.statePath))
            var object = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
            #expect((object["operations"] as? [Any])?.isEmpty == true)
            object["operations"] = batch + batch
            let conflicting = try JSONSerialization.data(withJSONObject: object)
            try conflicting.write(to: URL(fileURLWithPath: lab.statePath))
            try FileManager.default.removeItem(atPath: lab.sandbox.socketPath)
            let refusedAgain = try lab.start()
            #expect(lab.exitStatus(refusedAgain, seconds: 10) == 1)
            #expect(lab.log.contains("is unusable: operation 2 of the table is refused"), "\(lab.log)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: lab.statePath)) == conflicting)

            // A damaged journal line is refused the same way, naming the journal.
            object["operations"] = batch
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: lab.statePath))
            try (journal + "[{\"addService\":\n").write(
                toFile: lab.statePath + ".journal", atomically: true, encoding: .utf8)
            let refusedJournal = try lab.start()
            #expect(lab.exitStatus(refusedJournal, seconds: 10) == 1)
            #expect(lab.log.contains("the state file \(lab.statePath).journal is unusable"), "\(lab.log)")
            #expect(lab.log.contains("journal line 3: not valid JSON"), "\(lab.log)")

            // A state file that cannot be written (no directory can be made for it) stops the start too.
            let unwritable = "/proc/lvs-restart-test/director.state"
            let refusedWrite = try lab.start(lab.sandbox.directorArguments + ["--state-file", unwritable])
            #expect(lab.exitStatus(refusedWrite, seconds: 10) == 1)
            #expect(lab.log.contains("cannot write the state file \(unwritable)"), "\(lab.log)")

            let fresh = try lab.start(lab.sandbox.directorArguments + ["--fresh"])
            let (_, table) = try #require(try lab.firstSave(since: Date()), "--fresh did not start: \(lab.log)")
            #expect(table == "")
            #expect(fresh.isRunning)
        }

        @Test func controlSocketPathThatIsNotASocketIsLeftAlone() throws {
            let lab = try Restarts("not-a-socket")
            defer { lab.stop() }
            let directory = lab.sandbox.directory.appendingPathComponent("run-lvs")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let inside = directory.appendingPathComponent("keep.txt")
            try "keep\n".write(to: inside, atomically: true, encoding: .utf8)
            let file = lab.sandbox.directory.appendingPathComponent("notes.txt")
            try "notes\n".write(to: file, atomically: true, encoding: .utf8)

            for (path, kind) in [(directory.path, "a directory"), (file.path, "a regular file")] {
                let refused = try lab.start(["director", "--control-socket", path, "--fresh"])
                #expect(lab.exitStatus(refused, seconds: 10) == 1, "director ran on \(path)")
                #expect(lab.log.contains("\(path) is \(kind), not a socket"), "\(lab.log)")
            }
            #expect(try String(contentsOf: inside, encoding: .utf8) == "keep\n")
            #expect(try String(contentsOf: file, encoding: .utf8) == "notes\n")
        }
    }
}
