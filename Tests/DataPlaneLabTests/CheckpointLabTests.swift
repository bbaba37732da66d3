import Foundation
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 10, item 1: a director with `--checkpoint-connections 1` killed with SIGKILL in the
/// middle of a long download and started again on the same state file: the download goes on
/// and completes byte for byte, for NAT and for DR.
extension DirectorLabTests {
    /// Downloads the stream; prints the bytes that arrived and the longest wait between two
    /// reads in ms (or ERR, the count so far and why).
    static func timedReader(_ host: String) -> [String] {
        [
            "python3", "-c",
            """
            import socket, time
            n = 0; gap = 0.0
            try:
                s = socket.create_connection(('\(host)', 80), timeout=20); s.sendall(b'BIG\\n')
                last = time.monotonic()
                while True:
                    d = s.recv(1 << 16)
                    now = time.monotonic(); gap = max(gap, now - last); last = now
                    if not d: break
                    n += len(d)
                print(n, int(gap * 1000), flush=True)
            except Exception as e: print('ERR', n, e, flush=True)
            """,
        ]
    }

    @Test(
        "checkpointed connections: a director SIGKILLed mid-download and started again carries the download on to the last byte",
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"), requireTool("nft", package: "nftables"),
        arguments: ["NAT", "DR"])
    func checkpointedTransferSurvivesRestart(method: String) throws {
        let isNAT = method == "NAT"
        let lab =
            isNAT ? try Self.natLab("ckpt\(method)") : try DirectorLab(name: "ckpt\(method)", hosts: LabTopology.flat())
        defer { lab.close() }
        let client = lab["client"]
        let directorHost = lab["director"]
        let lvs = try #require(LVSBinary.path)
        let port = isNAT ? 8080 : 80
        let chunks = 250  // 64 KiB every 20 ms: 5 s, 16,384,000 bytes
        try lab.startServers(port: port, probeFrom: isNAT ? directorHost : client) { rs, name in
            if !isNAT { try rs.becomeRealServer(vip: Self.vip) }
            return [LongTransferLabTests.server(name: name, port: port, chunks: chunks)]
        }
        let sandbox = try DirectorSandbox(lvs: URL(fileURLWithPath: lvs), name: "lvs-ckpt-lab-\(getpid())-\(method)")
        defer { sandbox.remove() }
        let checkpoint = sandbox.directory.appendingPathComponent("control.state.connections").path
        let arguments =
            sandbox.envPrefix + [lvs] + sandbox.directorArguments
            + (isNAT ? ["--interface", "eth0", "--interface", "eth1"] : ["--interface", "eth0"])
            + ["--workers", "2", "--checkpoint-connections", "1"]
        let first = try directorHost.start(arguments)
        defer { first.terminate(signal: SIGKILL) }
        #expect(sandbox.waitForSocket(seconds: 5), "the director did not start")
        let server = isNAT ? "198.18.1.11:8080" : "198.18.0.11:80"
        for line in ["-A -t \(Self.vip):80 -s rr", "-a -t \(Self.vip):80 -r \(server) \(isNAT ? "-m" : "-g")"] {
            let done = try directorHost.exec(
                sandbox.envPrefix + [lvs, "ipvsadm"] + line.split(separator: " ").map(String.init))
            #expect(done.status == 0, "ipvsadm \(line): \(done.stderr)")
        }

        let output = try LabOutputFile()
        let transfer = try client.start(Self.timedReader(Self.vip), stdout: output.fd)
        defer { transfer.terminate() }
        // A checkpoint with the download in it: more than the header line.
        let header = "LVS connection checkpoint, sync v1 messages\n".utf8.count
        let checkpointed = LongTransferLabTests.waitUntil(seconds: 4) {
            ((try? FileManager.default.attributesOfItem(atPath: checkpoint))?[.size] as? Int ?? 0) > header
        }
        #expect(checkpointed, "no checkpoint with a connection in it")
        usleep(300_000)
        #expect(transfer.poll() == nil, "the download ended before the director was killed: \(output.contents())")

        first.terminate(signal: SIGKILL)
        // Started again at once; the killed one's socket is still there (the new one replaces it).
        let second = try directorHost.start(arguments)
        defer { second.terminate(signal: SIGKILL) }

        let finished = LongTransferLabTests.waitUntil(seconds: 30) { transfer.poll() != nil }
        #expect(finished, "the download still runs 30 s after the restart")
        let text = output.contents().trimmingSuffix()
        let result = text.split(separator: " ")
        print(
            "checkpoint lab (\(method)): SIGKILL and restart mid-download; the reader says \"\(text)\" (bytes, longest stall in ms)"
        )
        #expect(result.count == 2 && result[0] == "\(chunks * LongTransferLabTests.chunk)", "\(result)")
        let listed = try directorHost.exec(sandbox.envPrefix + [lvs, "ipvsadm", "-L", "-n", "-c"]).stdout
        #expect(listed.contains(server), "the restored connection is not listed: \(listed)")
        #expect(second.terminate(signal: SIGTERM) == 0)
        try directorHost.run { try Sysctl.write("net.ipv4.ip_forward", "0") }
    }
}
