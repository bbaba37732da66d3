import Foundation
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Three hosts on one segment: "lvs" runs `lvs director` and `lvs keepalived`, "ka" the real
/// keepalived (VRRP only), "client" scapy (the sniffer, ARP / NS questions, malformed adverts).
/// `close()` ends every process and removes every namespace; tests call it in a `defer`.
final class VRRPLab {
    static let lvsAddress = "198.18.0.1"
    static let keepalivedAddress = "198.18.0.2"
    static let clientAddress = "198.18.0.3"
    static let lvsAddress6 = "2001:db8::1"
    static let keepalivedAddress6 = "2001:db8::2"
    static let clientAddress6 = "2001:db8::3"

    let lab: Lab
    let directory: URL
    let python: String
    private var director: ChildProcess?
    private(set) var lvsKeepalived: ChildProcess?
    private(set) var keepalived: ChildProcess?
    private var sniffer: ChildProcess?
    let lvsLog: LabOutputFile
    let keepalivedLog: LabOutputFile
    let sniffLog: LabOutputFile

    var lvsHost: LabHost { lab["lvs"] }
    var keepalivedHost: LabHost { lab["ka"] }
    var client: LabHost { lab["client"] }
    var lvsMAC: String { lvsHost.primary.mac.description }
    var keepalivedMAC: String { keepalivedHost.primary.mac.description }
    var controlSocket: String { directory.appendingPathComponent("control.sock").path }
    var statusPath: String { directory.appendingPathComponent("lvs.status").path }

    init(name: String) throws {
        python = try #require(pythonImporting("scapy"))
        let segment = "lan"
        func host(_ name: String, _ v4: String, _ v6: String) -> LabHostSpec {
            LabHostSpec(
                name: name,
                interfaces: [LabInterfaceSpec(name: "eth0", segment: segment, addresses: [v4 + "/24", v6 + "/64"])])
        }
        lab = try Lab.create(
            name: name,
            hosts: [
                host("lvs", Self.lvsAddress, Self.lvsAddress6),
                host("ka", Self.keepalivedAddress, Self.keepalivedAddress6),
                host("client", Self.clientAddress, Self.clientAddress6),
            ])
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lvs-vrrp-\(name)-\(getpid())")
        do {
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            lvsLog = try LabOutputFile()
            keepalivedLog = try LabOutputFile()
            sniffLog = try LabOutputFile()
            for (script, text) in [
                ("sniff.py", VRRPLabScripts.sniffer), ("whohas.py", VRRPLabScripts.whoHas),
                ("storm.py", VRRPLabScripts.storm),
            ] {
                try text.write(to: directory.appendingPathComponent(script), atomically: true, encoding: .utf8)
            }
        } catch {
            lab.destroy()
            throw error
        }
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Starts the sniffer in the client and waits until it listens.
    func startSniffer() throws {
        sniffer = try client.start([python, "-u", path("sniff.py")], stdout: sniffLog.fd)
        guard waitFor(seconds: 20, { sniffLog.contents().contains("READY") }) != nil else {
            throw TestFailure("the scapy sniffer did not start")
        }
    }

    /// `lvs director` on eth0 and `lvs keepalived` with `configuration`: VRRP only (-P) unless
    /// `withCheckers`.
    func startLVS(_ configuration: String, withCheckers: Bool = false, metricsListen: String? = nil) throws {
        let lvs = try #require(LVSBinary.path)
        try configuration.write(toFile: path("lvs.conf"), atomically: true, encoding: .utf8)
        if director == nil {
            director = try lvsHost.start(
                [lvs, "director", "--control-socket", controlSocket, "--interface", "eth0", "--log-level", "error"])
            guard waitFor(seconds: 10, { FileManager.default.fileExists(atPath: controlSocket) }) != nil else {
                throw TestFailure("lvs director did not create its control socket")
            }
        }
        lvsKeepalived = try lvsHost.start(
            [
                lvs, "keepalived", "-n", "-l", "-f", path("lvs.conf"), "--control-socket", controlSocket,
                "-p", path("lvs-keepalived.pid"), "--status-file", statusPath,
            ] + (withCheckers ? [] : ["-P"]) + (metricsListen.map { ["--metrics-listen", $0] } ?? []),
            stdout: lvsLog.fd, stderr: lvsLog.fd)
    }

    /// GET `url` from inside the lvs host (its loopback is the metrics listener's).
    func fetchFromLVSHost(_ url: String) throws -> String {
        let script =
            "import sys,urllib.request;sys.stdout.write(urllib.request.urlopen(sys.argv[1],timeout=5).read().decode())"
        return try lvsHost.exec(["python3", "-c", script, url]).stdout
    }

    /// The real keepalived, VRRP only, in the foreground.
    func startKeepalived(_ configuration: String) throws {
        try configuration.write(toFile: path("ka.conf"), atomically: true, encoding: .utf8)
        keepalived = try keepalivedHost.start(
            [
                "keepalived", "--vrrp", "-n", "-l", "-D", "-f", path("ka.conf"), "-p", path("ka.pid"), "-r",
                path("ka-vrrp.pid"),
            ], stdout: keepalivedLog.fd, stderr: keepalivedLog.fd)
    }

    /// SIGKILL: its VRRP child first (the process that speaks VRRP; killed parent-first it
    /// would be told to stop cleanly, sending priority 0), then the parent. SIGTERM: the parent,
    /// which stops the child as keepalived stops.
    func killKeepalived(signal: Int32 = SIGKILL) {
        if signal == SIGKILL, let text = try? String(contentsOfFile: path("ka-vrrp.pid"), encoding: .utf8),
            let child = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            kill(child, SIGKILL)
        }
        _ = keepalived?.terminate(signal: signal)
        keepalived = nil
    }

    func killLVSKeepalived(signal: Int32) {
        _ = lvsKeepalived?.terminate(signal: signal)
        lvsKeepalived = nil
    }

    /// The whole lvs director host dies: lvs keepalived and lvs director, SIGKILL.
    func killLVSHost() {
        killLVSKeepalived(signal: SIGKILL)
        _ = director?.terminate(signal: SIGKILL)
        director = nil
    }

    /// `ipvsadm -L -n` (or other list options) from the lvs host's director.
    func table(_ options: [String] = ["-n"]) throws -> String {
        let lvs = try #require(LVSBinary.path)
        return try lvsHost.exec(["env", "LVS_CONTROL_SOCKET=\(controlSocket)", lvs, "ipvsadm", "-L"] + options).stdout
    }

    /// `lvs keepalived --status`.
    func status() throws -> String {
        let lvs = try #require(LVSBinary.path)
        return try lvsHost.exec([lvs, "keepalived", "--status", "--status-file", statusPath]).stdout
    }

    /// The state word of VRRP instance `name` in the status ("MASTER", "BACKUP", ...).
    func lvsState(_ name: String = "VI_1") -> String? {
        guard let text = try? status() else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VRRP \(name): ") {
            return line.dropFirst("VRRP \(name): ".count).split(separator: ",").first.map(String.init)
        }
        return nil
    }

    /// The state the real keepalived last logged for its instance.
    var keepalivedState: String? {
        var state: String?
        for line in keepalivedLog.contents().split(separator: "\n") {
            for word in ["MASTER", "BACKUP", "FAULT"] where line.contains("Entering \(word) STATE") { state = word }
        }
        return state
    }

    /// The MACs answering ARP (IPv4) or NS (IPv6) for `address` as the client sees them.
    func whoHas(_ address: String) throws -> Set<String> {
        let out = try client.exec([python, path("whohas.py"), address, Self.clientAddress6])
        return Set(out.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }

    /// What the sniffer printed so far, line by line, split in words.
    var sniffed: [[String]] {
        sniffLog.contents().split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }

    /// Adverts seen from `source`: (time, priority, checksum ok).
    func adverts(from source: String) -> [(time: Double, priority: Int, checksumOK: Bool)] {
        sniffed.compactMap { words in
            guard words.count == 7, words[0] == "VRRP", words[2] == source, let time = Double(words[1]),
                let priority = Int(words[5])
            else { return nil }
            return (time, priority, words[6] == "ok")
        }
    }

    /// Gratuitous ARPs / unsolicited NAs for `address` from `mac`, by time.
    func announcements(of address: String, from mac: String) -> [Double] {
        sniffed.compactMap { words in
            guard words.count == 4, words[0] == "GARP" || words[0] == "UNA", words[2] == mac, words[3] == address
            else { return nil }
            return Double(words[1])
        }
    }

    /// Polls `condition` every 100 ms for at most `seconds`; the time it took, or nil.
    func waitFor(seconds: Double, _ condition: () throws -> Bool) rethrows -> Double? {
        let start = Date()
        while true {
            if try condition() { return Date().timeIntervalSince(start) }
            if Date().timeIntervalSince(start) > seconds { return nil }
            usleep(100_000)
        }
    }

    /// Both daemons' logs, for failure messages.
    var logs: String {
        "lvs keepalived:\n\(lvsLog.contents())\nkeepalived:\n\(keepalivedLog.contents())"
    }

    func close() {
        for process in [lvsKeepalived, keepalived, sniffer, director].compactMap({ $0 }) {
            _ = process.terminate(signal: SIGTERM)
        }
        lab.destroy()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// keepalived.conf text for one instance, shared by both sides of the lab.
struct VRRPInstanceText {
    var state = "BACKUP"
    var priority = 100
    var version = 2
    var password: String? = "secret"
    var preempt = true
    var unicastSource: String?
    var unicastPeer: String?
    var virtualAddress = "198.18.0.100"
    var advertInterval = "1"
    /// A `notify` script line (keepalived appends INSTANCE NAME STATE PRIORITY).
    var notify: String?

    var text: String {
        var lines = [
            "vrrp_instance VI_1 {", "    state \(state)", "    interface eth0", "    virtual_router_id 51",
            "    priority \(priority)", "    advert_int \(advertInterval)", "    version \(version)",
        ]
        if let password, version == 2 {
            lines += ["    authentication {", "        auth_type PASS", "        auth_pass \(password)", "    }"]
        }
        if !preempt { lines.append("    nopreempt") }
        if let notify { lines.append("    notify \(notify)") }
        if let unicastSource { lines.append("    unicast_src_ip \(unicastSource)") }
        if let unicastPeer { lines += ["    unicast_peer {", "        \(unicastPeer)", "    }"] }
        lines += ["    virtual_ipaddress {", "        \(virtualAddress)", "    }", "}", ""]
        return lines.joined(separator: "\n")
    }
}
