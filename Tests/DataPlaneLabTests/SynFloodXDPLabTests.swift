import Foundation
import LVSDirector
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import LVSXDP
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 12's SYN-flood speed: an established upload through a DR director, measured before and
/// during a random-source SYN flood (hping3), with the packet path and with the XDP fast path.
/// With XDP the upload's packets never reach the Swift workers the flood keeps busy, so its rate
/// should hold; with the packet path it competes with the flood for the same worker. A
/// measurement, not a bound (the 2 shared cores also carry hping3, the client and the servers):
/// opt in with LVS_LAB_BENCH=1; the printed lines are what to compare. Asserted: the upload
/// arrives whole, and with XDP most of its packets went through the program.
extension DirectorLabTests {
    static let floodUploadSeconds = 12.0
    static let floodUploadFloodFrom = 4.0
    static let floodUploadFloodFor = 6.0

    @Test(
        "SYN flood beside an established upload: its rate idle and flooded, packet path and XDP",
        .enabled(if: getenv("LVS_LAB_BENCH") != nil, "set LVS_LAB_BENCH=1 to measure"),
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"), requireTool("hping3", package: "hping3"),
        arguments: [DataPlaneMode.packet, .xdp])
    func synFloodBesideAnUpload(dataPlane: DataPlaneMode) throws {
        let lab = try DirectorLab(name: "fxdp", hosts: Self.floodHosts(transmitChecksumOffload: false))
        defer { lab.close() }
        let client = lab["client"]
        let directorHost = lab["director"]
        let vip = Self.vip
        let lvs = try #require(Self.releaseLVS ?? LVSBinary.path)
        try lab.startServers(port: 80, probeFrom: client) { rs, _ in
            try rs.becomeRealServer(vip: vip)
            return [XDPDirectorLabTests.uploadServer(port: 80)]
        }
        // The conditions veth needs for XDP (docs/xdp.md): the switch-side peer runs NAPI.
        let passAll = try XDPFastPathProgram(maxEntries: 1)
        let peerIndex = try XDPDirectorLabTests.peerIndex(directorHost)
        let peer = try lab.lab.switchNamespace.run { try XDPAttachment(passAll.program, interfaceIndex: peerIndex) }
        defer { withExtendedLifetime(peer) {} }

        let sandbox = try DirectorSandbox(lvs: URL(fileURLWithPath: lvs), name: "lvs-fxdp-lab-\(getpid())")
        defer { sandbox.remove() }
        let directorLog = try LabOutputFile()
        let director = try directorHost.start(
            sandbox.envPrefix + [lvs] + sandbox.directorArguments + [
                "--interface", "eth0", "--workers", "1", "--max-connections", "\(Self.floodLimit)",
                "--sysctl", "drop_entry=1", "--sysctl", "secure_tcp=1", "--data-plane", dataPlane.rawValue,
            ], stderr: directorLog.fd)
        defer { director.terminate(signal: SIGKILL) }
        #expect(sandbox.waitForSocket(seconds: 10) { director.poll() == nil }, "the director did not start")
        for line in Self.floodService {
            let done = try directorHost.exec(
                sandbox.envPrefix + [lvs, "ipvsadm"] + line.split(separator: " ").map(String.init))
            #expect(done.status == 0, "ipvsadm \(line): \(done.stderr)")
        }

        let uploadOutput = try LabOutputFile()
        let upload = try client.start(Self.timedUpload(vip, seconds: Self.floodUploadSeconds), stdout: uploadOutput.fd)
        defer { upload.terminate() }
        usleep(UInt32(Self.floodUploadFloodFrom * 1_000_000))
        let flood = try lab["attacker"].start(["hping3", "-S", "--flood", "--rand-source", "-p", "80", vip])
        defer { flood.terminate(signal: SIGKILL) }
        usleep(UInt32(Self.floodUploadFloodFor * 1_000_000))
        _ = flood.terminate(signal: SIGINT)
        let finished = LongTransferLabTests.waitUntil(seconds: 30) { upload.poll() != nil }
        let stats = try directorHost.exec(sandbox.envPrefix + [lvs, "ipvsadm", "-L", "-n", "--stats", "--exact"])
        #expect(director.terminate(signal: SIGTERM) == 0)

        // Lines "T BYTES" (seconds since the start, bytes sent so far), then "sent N answer ...".
        var samples: [(Double, Double)] = []
        var summary = ""
        for line in uploadOutput.contents().split(separator: "\n") {
            let w = line.split(separator: " ")
            if w.count == 2, let t = Double(w[0]), let b = Double(w[1]) {
                samples.append((t, b))
            } else {
                summary = String(line)
            }
        }
        func rate(_ from: Double, _ to: Double) -> Double {
            guard let a = samples.last(where: { $0.0 <= from }), let b = samples.last(where: { $0.0 <= to }),
                b.0 > a.0
            else { return .nan }
            return (b.1 - a.1) / (b.0 - a.0) / 1e6
        }
        let idle = rate(1, Self.floodUploadFloodFrom)
        let flooded = rate(Self.floodUploadFloodFrom + 1, Self.floodUploadFloodFrom + Self.floodUploadFloodFor)
        let xdp = directorLog.contents().split(separator: "\n").first { $0.contains("XDP program detached") }
        print(
            """
            SYN flood beside an upload (--data-plane \(dataPlane.rawValue), release \(Self.releaseLVS != nil), \
            hping3 -S --flood --rand-source for \(Int(Self.floodUploadFloodFor)) s):
              upload MB/s idle \(String(format: "%.1f", idle)), during the flood \(String(format: "%.1f", flooded)) \
            (\(String(format: "%.2f", flooded / idle))x)
              \(summary)
              \(stats.stdout.split(separator: "\n").filter { $0.contains("TCP") }.joined(separator: "; "))
              \(xdp.map(String.init) ?? "no XDP statistics logged")
            """)
        #expect(finished, "the upload did not finish")
        let words = summary.split(separator: " ")
        #expect(
            words.count == 5 && words[1] == words[3] && words[2] == words[4],
            "the upload's bytes did not all arrive: \(summary)")
        if dataPlane == .xdp { #expect(xdp != nil, "the director logged no XDP statistics") }
    }

    /// Sends as fast as TCP lets it for `seconds`, printing "T BYTES" every 0.25 s, then
    /// "sent N SHA256 LENGTH SHA256" (the last two are the upload server's answer).
    static func timedUpload(_ vip: String, seconds: Double) -> [String] {
        [
            "python3", "-c",
            """
            import socket, time, hashlib
            chunk = bytes(range(256)) * 256
            s = socket.create_connection(('\(vip)', 80), timeout=30)
            h = hashlib.sha256(); sent = 0; t0 = time.time(); nxt = 0.25; out = []
            while True:
                now = time.time() - t0
                if now >= nxt:
                    out.append('%.3f %d' % (now, sent)); nxt += 0.25
                if now >= \(seconds): break
                s.sendall(chunk); h.update(chunk); sent += len(chunk)
            s.shutdown(socket.SHUT_WR)
            r = b''
            while True:
                d = s.recv(4096)
                if not d: break
                r += d
            out.append('sent %d %s %s' % (sent, h.hexdigest(), r.decode().strip()))
            print('\\n'.join(out), flush=True)
            """,
        ]
    }
}
