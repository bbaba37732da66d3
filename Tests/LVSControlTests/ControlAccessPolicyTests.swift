import Foundation
import IPVSAdm
import LVSControl
import LVSControlTestSupport
import LVSCore
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import Testing

/// Who may use the control socket: CAP_NET_ADMIN (or uid 0 when capabilities are unknown)
/// for everything, a granted group for listings, nobody else; refusals read as real ipvsadm
/// run by a non-root user against the kernel.
@Suite("Control access by peer credentials")
struct ControlAccessPolicyTests {
    static let nobody = ControlPeer(pid: 4242, uid: 65534, gid: 65534, hasNetAdmin: false)
    static let listService = AdminOperation.addService(
        ServiceConfig(key: .address(.tcp, InetAddress(v4: 0xC612_0032), 80), scheduler: "rr"))

    @Test("changing and listing need CAP_NET_ADMIN; a read group may list only")
    func decisions() {
        let open = ControlAccessPolicy()
        let withGroup = ControlAccessPolicy(readGroup: 1234)
        let reader = ControlPeer(pid: 1, uid: 1000, gid: 1000, groups: [27, 1234], hasNetAdmin: false)
        let readerByPrimary = ControlPeer(pid: 1, uid: 1000, gid: 1234, hasNetAdmin: false)
        let capable = ControlPeer(pid: 1, uid: 1000, gid: 1000, hasNetAdmin: true)
        let rootWithoutCapability = ControlPeer(pid: 1, uid: 0, gid: 0, hasNetAdmin: false)
        let rootUnknown = ControlPeer(pid: 1, uid: 0, gid: 0, hasNetAdmin: nil)
        let change = ControlRequest.apply([Self.listService])
        let list = ControlRequest.snapshot(includeConnections: false)
        for request in [
            change, list, .syncStatus, .announce([]), .setOwnership(AddressOwnership(owner: "x")),
            .drain(timeoutSeconds: 30),
        ] {
            #expect(open.allows(request, from: capable))
            #expect(open.allows(request, from: rootUnknown))
            #expect(!open.allows(request, from: rootWithoutCapability))
            #expect(!open.allows(request, from: Self.nobody))
            #expect(!open.allows(request, from: reader))
            #expect(withGroup.allows(request, from: reader) == request.isReadOnly)
            #expect(withGroup.allows(request, from: readerByPrimary) == request.isReadOnly)
        }
        #expect(list.isReadOnly && ControlRequest.syncStatus.isReadOnly && !change.isReadOnly)
        // A director run by user 1000 serves user 1000 fully, nobody else; run by root, no one by uid.
        let ownedBy1000 = ControlAccessPolicy(owner: 1000)
        #expect(ownedBy1000.allows(change, from: reader) && !ownedBy1000.allows(change, from: Self.nobody))
        #expect(ControlAccessPolicy(owner: 0).owner == nil)
    }

    @Test("a refused user sees what real ipvsadm prints as non-root (oracle fixture), exit status 2")
    func refusalLikeTheKernel() throws {
        let directory = RepositoryPaths.oracleFixtures.appendingPathComponent("control-socket")
        let expected = try String(
            contentsOf: directory.appendingPathComponent("non-root-ipvsadm.out"), encoding: .utf8)
        let engine = EngineControlService(clock: { Instant(milliseconds: 0) })
        _ = engine.handle(.apply([Self.listService]))
        let runner = IPVSAdmRunner(
            control: ControlChannel.inProcess(ServedLikeTheSocket(engine: engine, peer: Self.nobody)),
            resolver: NumericOnlyResolver())
        var actual = ""
        for command in [
            "-L -n", "-A -t 198.18.0.51:80", "-S -n", "-a -t 198.18.0.50:80 -r 198.18.0.11", "-C", "-l --daemon",
        ] {
            let outcome = runner.outcome(arguments: command.split(separator: " ").map(String.init), stdin: { nil })
            actual += "$ ipvsadm \(command)\n" + outcome.stdout + outcome.stderr + "exit=\(outcome.exitCode)\n"
        }
        #expect(actual == expected)
        #expect(ControlAccessPolicy.refusal == KernelErrorText.permissionDenied)
        // Nothing changed: the privileged view still has the one service.
        #expect(InProcessIPVSAdm(engine)("-S -n") == "-A -t 198.18.0.50:80 -s rr\n")
    }

    @Test("/proc/PID/status: CapEff and Groups")
    func processStatus() throws {
        let text =
            "Name:\tipvsadm\nUid:\t0\t0\t0\t0\nGroups:\t4 27 1234 \nCapInh:\t0000000000000000\nCapEff:\t0000000000001000\n"
        let status = try #require(ProcessStatus.parse(text))
        #expect(status.hasNetAdmin && status.groups == [4, 27, 1234])
        #expect(ProcessStatus.parse("CapEff:\t000001ffffffefff\n")?.hasNetAdmin == false)
        #expect(ProcessStatus.parse("Name:\tx\n") == nil)
        // This test process: its own status parses.
        #expect(ProcessStatus.read(pid: getpid()) != nil)
    }
}
