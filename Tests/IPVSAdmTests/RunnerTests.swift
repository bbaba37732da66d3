import IPVSAdm
import LVSCore
import LVSVocabulary
import Testing

/// The runner's side of ipvsadm: which stream, which status, which kernel message, and the
/// all-or-nothing restore.
@Suite struct RunnerTests {
    /// Records each batch it is asked to apply; refuses nothing.
    final class RecordingControl: IPVSControl {
        var batches: [[AdminOperation]] = []
        func apply(_ operations: [AdminOperation]) throws(IPVSControlError) { batches.append(operations) }
        func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot { TableSnapshot() }
    }

    struct UnreachableControl: IPVSControl {
        func apply(_ operations: [AdminOperation]) throws(IPVSControlError) {
            throw .unreachable("connect /run/lvs/control.sock: No such file or directory")
        }
        func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot {
            throw .unreachable("connect /run/lvs/control.sock: No such file or directory")
        }
    }

    func run(_ control: any IPVSControl, _ line: String, stdin: String? = nil) -> IPVSAdmRunner.Outcome {
        IPVSAdmRunner(control: control, resolver: NumericOnlyResolver())
            .outcome(arguments: line.split(separator: " ").map(String.init), stdin: { stdin })
    }

    @Test func kernelRefusalGoesToStderrWithStatus255() {
        let control = InMemoryIPVSControl()
        #expect(run(control, "-A -t 198.18.0.1:80 -s rr").exitCode == 0)
        #expect(
            run(control, "-A -t 198.18.0.1:80 -s rr")
                == IPVSAdmRunner.Outcome(stdout: "", stderr: "Service already exists\n", exitCode: 255))
        #expect(run(control, "-d -t 198.18.0.9:80 -r 198.19.1.2").stderr == "Service not defined\n")
        #expect(run(control, "-d -t 198.18.0.1:80 -r 198.19.1.2").stderr == "No such destination\n")
        #expect(run(control, "-a -t 198.18.0.1:80 -r 198.19.1.2 -y 3").stderr == "Numerical result out of range\n")
        #expect(run(control, "--stop-daemon master").stderr == "No daemon is running\n")
    }

    @Test func kernelMessagesDependOnTheOperation() {
        let key = ServiceKey.fwmark(1, .inet)
        let dest = DestinationConfig(key: DestinationKey(address: InetAddress(v4: 1), port: 0))
        let cases: [(AdminOperation, IPVSError, String)] = [
            (.addService(ServiceConfig(key: key)), .eexist, "Service already exists"),
            (.addService(ServiceConfig(key: key)), .enoent, "Scheduler or persistence engine not found"),
            (.editService(ServiceConfig(key: key)), .enoent, "Scheduler or persistence engine not found"),
            (.editService(ServiceConfig(key: key)), .esrch, "No such service"),
            (.deleteService(key), .esrch, "No such service"),
            (.zero(key), .esrch, "No such service"),
            (.addDestination(key, dest), .esrch, "Service not defined"),
            (.addDestination(key, dest), .eexist, "Destination already exists"),
            (.editDestination(key, dest), .enoent, "No such destination"),
            (.deleteDestination(key, dest.key), .enoent, "No such destination"),
            (.startSyncDaemon(SyncDaemonConfig(role: .master, interface: "eth0")), .eexist, "Daemon has already run"),
            (.stopSyncDaemon(.backup), .esrch, "No daemon is running"),
            (.addDestination(key, dest), .erange, "Numerical result out of range"),
            (
                .addDestination(key, dest), .einval,
                "Invalid operation.  Possibly wrong module version, address not unicast, ..."
            ),
            (.clear, .eperm, "Permission denied (you must be root)"),
            (.deleteService(key), .enoent, "No such file or directory"),
            (.setTimeouts(IPVSTimeouts()), .esrch, "No such process"),
        ]
        for (op, errno, text) in cases {
            #expect(KernelErrorText.message(for: op, error: errno) == text)
        }
    }

    @Test func missingServiceInAListIsStatus1() {
        let outcome = run(InMemoryIPVSControl(), "-L -n -t 198.18.0.9:80")
        #expect(outcome == IPVSAdmRunner.Outcome(stdout: "", stderr: "No such service\n", exitCode: 1))
    }

    @Test func helpAndVersionNeedNoDirector() {
        let help = run(UnreachableControl(), "-h")
        #expect(help.exitCode == 0 && help.stderr.isEmpty)
        #expect(
            help.stdout.hasPrefix(
                "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\nUsage:\n  ipvsadm -A|E"))
        #expect(
            run(UnreachableControl(), "-v").stdout == "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n")
    }

    @Test func anUnreachableDirectorIsStatus2() {
        let outcome = run(UnreachableControl(), "-L -n")
        #expect(outcome.exitCode == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(
            outcome.stderr == """
                Can't initialize ipvs: connect /run/lvs/control.sock: No such file or directory
                Is the LVS director running (`lvs director`)?

                """)
        // Usage errors are reported without asking the director.
        #expect(run(UnreachableControl(), "-A -t 198.18.0.1").exitCode == 2)
        #expect(
            run(UnreachableControl(), "-A -t 198.18.0.1").stderr == "Zero port specified for non-persistent service\n")
    }

    @Test func restoreIsOneBatch() {
        let control = RecordingControl()
        let input = "-A -t 198.18.0.1:80 -s rr\n-a -t 198.18.0.1:80 -r 198.19.1.2\n--set 10 20 30\n"
        #expect(run(control, "-R", stdin: input).exitCode == 0)
        #expect(control.batches.count == 1)
        #expect(control.batches.first?.count == 3)
    }

    @Test func aRefusedRestoreLineLeavesTheTableAlone() {
        let control = InMemoryIPVSControl()
        let kernelRefusal = run(control, "-R", stdin: "-A -t 198.18.0.1:80 -s rr\n-A -t 198.18.0.2:80 -s nosuch\n")
        #expect(
            kernelRefusal == IPVSAdmRunner.Outcome(stderr: "Scheduler or persistence engine not found\n", exitCode: 255)
        )
        #expect(control.table.services.isEmpty)

        let usageRefusal = run(
            control, "-R", stdin: "-A -t 198.18.0.1:80 -s rr\n-a -t 198.18.0.1:80 -r 198.19.1.2 -w x\n")
        #expect(usageRefusal == IPVSAdmRunner.Outcome(stderr: "illegal weight specified\n", exitCode: 2))
        #expect(control.table.services.isEmpty)

        // A later line may depend on an earlier one of the same batch.
        #expect(
            run(control, "-R", stdin: "-A -t 198.18.0.1:80 -s rr\n-a -t 198.18.0.1:80 -r 198.19.1.2\n").exitCode == 0)
        #expect(control.table.services.count == 1)
    }

    @Test func restoreWithEmptyInputDoesNothing() {
        let control = RecordingControl()
        #expect(run(control, "-R", stdin: nil) == IPVSAdmRunner.Outcome())
        #expect(run(control, "-R", stdin: "\n  \nipvsadm\n") == IPVSAdmRunner.Outcome())
        #expect(control.batches.isEmpty)
    }

    @Test func aListingInsideARestoreSeesTheLinesBeforeIt() {
        let control = RecordingControl()
        let input = "-A -t 198.18.0.1:80 -s rr\n-S -n\n-A -t 198.18.0.2:80 -s rr\n-v\n-A -t 198.18.0.3:80 -s rr\n"
        let outcome = run(control, "-R", stdin: input)
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout == UsageText.versionLine)
        // Applied before -S, then before -v; nothing after -v (ipvsadm exits there).
        #expect(control.batches.map(\.count) == [1, 1])
    }
}
