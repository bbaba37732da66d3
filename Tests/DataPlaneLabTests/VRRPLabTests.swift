import Foundation
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `lvs keepalived` + `lvs director` against the real keepalived 2.2.7 on one segment: who is
/// elected, preemption, failover time, the adverts' checksums as scapy computes them, ARP for
/// the VIP only from the master, and malformed adverts counted without effect.
@Suite(
    "VRRP between lvs keepalived and keepalived 2.2.7", .serialized,
    Root.required(for: "network namespaces, raw sockets", to: "run VRRP against the real keepalived"),
    .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"),
    requireTool("keepalived", package: "keepalived"), requireTool("nft", package: "nftables"),
    requirePython(importing: "scapy", package: "python3-scapy"))
struct VRRPLabTests {
    static let vip = "198.18.0.100"
    static let vip6 = "2001:db8::100"

    /// Master_Down_Interval of a backup of `priority` with a 1 s interval (v2 skew is
    /// (256 - priority) / 256 s; v3's is the same with a 1 s interval).
    static func masterDown(priority: Int) -> Double { 3 + Double(256 - priority) / 256 }
    /// Process wake-ups, the poll of the status file and a loaded two-core machine.
    static let margin = 1.0

    /// Makes the lab's switch a hub, so the client sees unicast adverts between the routers too.
    static func makeHub(_ lab: VRRPLab) throws {
        let bridge = try #require(lab.lab.bridge(for: "lan"))
        try NetworkCommand.ip(
            "-n", lab.lab.switchNamespace.name, "link", "set", bridge, "type", "bridge", "ageing_time", "0")
    }

    static func open(_ name: String) throws -> VRRPLab {
        let lab = try VRRPLab(name: name)
        do {
            try makeHub(lab)
            try lab.startSniffer()
        } catch {
            lab.close()
            throw error
        }
        return lab
    }

    /// Waits until lvs keepalived says `lvs` and keepalived says `keepalived`.
    static func settle(_ lab: VRRPLab, lvs: String, keepalived: String?, seconds: Double = 20) -> Bool {
        lab.waitFor(seconds: seconds) {
            lab.lvsState() == lvs && (keepalived == nil || lab.keepalivedState == keepalived)
        }
            != nil
    }

    @Test(
        "the higher priority becomes master whoever starts first; only the master answers ARP",
        arguments: [(true, true), (true, false), (false, true), (false, false)])
    func election(lvsStartsFirst: Bool, lvsHigher: Bool) throws {
        let lab = try Self.open("vrrpel\(lvsStartsFirst ? 1 : 0)\(lvsHigher ? 1 : 0)")
        defer { lab.close() }
        let lvsConf = VRRPInstanceText(state: "MASTER", priority: lvsHigher ? 150 : 100).text
        let kaConf = VRRPInstanceText(state: "MASTER", priority: lvsHigher ? 100 : 150).text
        if lvsStartsFirst {
            try lab.startLVS(lvsConf)
            #expect(Self.settle(lab, lvs: "MASTER", keepalived: nil), "\(lab.logs)")
            try lab.startKeepalived(kaConf)
        } else {
            try lab.startKeepalived(kaConf)
            #expect(lab.waitFor(seconds: 20) { lab.keepalivedState == "MASTER" } != nil, "\(lab.logs)")
            try lab.startLVS(lvsConf)
        }
        let (lvsWants, kaWants) = lvsHigher ? ("MASTER", "BACKUP") : ("BACKUP", "MASTER")
        #expect(Self.settle(lab, lvs: lvsWants, keepalived: kaWants), "\(lab.logs)")
        // A second look after one more Master_Down_Interval: the election has settled.
        usleep(4_000_000)
        #expect(lab.lvsState() == lvsWants)
        #expect(lab.keepalivedState == kaWants)
        let masterMAC = lvsHigher ? lab.lvsMAC : lab.keepalivedMAC
        #expect(try lab.whoHas(Self.vip) == [masterMAC])
        if lvsHigher {
            #expect(lab.announcements(of: Self.vip, from: lab.lvsMAC).count >= 5, "the first GARP burst")
        }
        // A lower-priority backup that started second never advertises; otherwise we did.
        let ours = lab.adverts(from: VRRPLab.lvsAddress)
        #expect(ours.isEmpty == (!lvsHigher && !lvsStartsFirst))
        #expect(ours.allSatisfy { $0.checksumOK }, "our adverts' checksums, as scapy computes them")
    }

    @Test("nopreempt: a higher-priority backup leaves the running master alone until it stops")
    func nopreempt() throws {
        let lab = try Self.open("vrrpnp")
        defer { lab.close() }
        try lab.startKeepalived(VRRPInstanceText(priority: 100).text)
        #expect(lab.waitFor(seconds: 20) { lab.keepalivedState == "MASTER" } != nil, "\(lab.logs)")
        let notified = lab.path("notify.log")
        var lvs = VRRPInstanceText(priority: 150, preempt: false)
        lvs.notify = "\"/bin/sh -c 'echo $* >> \(notified)' notify\""
        try lab.startLVS(lvs.text)
        #expect(Self.settle(lab, lvs: "BACKUP", keepalived: "MASTER"), "\(lab.logs)")
        // Longer than the Master_Down_Interval a preempting backup would wait.
        usleep(UInt32((Self.masterDown(priority: 150) + 2) * 1_000_000))
        #expect(lab.lvsState() == "BACKUP")
        #expect(lab.keepalivedState == "MASTER")
        #expect(try lab.whoHas(Self.vip) == [lab.keepalivedMAC])

        // keepalived stops (priority 0): we take over within Skew_Time.
        lab.killKeepalived(signal: SIGTERM)
        #expect(lab.waitFor(seconds: 1 + Self.margin) { lab.lvsState() == "MASTER" } != nil, "\(lab.logs)")
        #expect(try lab.whoHas(Self.vip) == [lab.lvsMAC])
        // keepalived's convention for `notify`: the script's words, then INSTANCE NAME STATE PRIORITY.
        let lines = lab.waitFor(seconds: 2) {
            ((try? String(contentsOfFile: notified, encoding: .utf8)) ?? "").split(separator: "\n").count == 2
        }
        #expect(lines != nil)
        #expect(
            (try? String(contentsOfFile: notified, encoding: .utf8))
                == "INSTANCE VI_1 BACKUP 150\nINSTANCE VI_1 MASTER 150\n")
    }

    /// One failover setting: VRRP version, family, multicast or unicast.
    struct Variant: CustomStringConvertible, Sendable {
        var name: String
        var version: Int
        var ipv6 = false
        var unicast = false
        var description: String { name }
    }

    @Test(
        "keepalived master killed: lvs takes over within 3 x advert_int + skew, announces, answers ARP/NS",
        arguments: [
            Variant(name: "v2 PASS multicast", version: 2), Variant(name: "v3 multicast", version: 3),
            Variant(name: "v2 PASS unicast", version: 2, unicast: true),
            Variant(name: "v3 IPv6 multicast", version: 3, ipv6: true),
        ])
    func failover(_ variant: Variant) throws {
        let lab = try Self.open("vrrpfo\(variant.version)\(variant.ipv6 ? 6 : 4)\(variant.unicast ? "u" : "m")")
        defer { lab.close() }
        let vip = variant.ipv6 ? Self.vip6 : Self.vip
        var lvs = VRRPInstanceText(priority: 100, version: variant.version, virtualAddress: vip)
        var ka = VRRPInstanceText(state: "MASTER", priority: 200, version: variant.version, virtualAddress: vip)
        if variant.unicast {
            (lvs.unicastSource, lvs.unicastPeer) = (VRRPLab.lvsAddress, VRRPLab.keepalivedAddress)
            (ka.unicastSource, ka.unicastPeer) = (VRRPLab.keepalivedAddress, VRRPLab.lvsAddress)
        }
        try lab.startKeepalived(ka.text)
        #expect(lab.waitFor(seconds: 20) { lab.keepalivedState == "MASTER" } != nil, "\(lab.logs)")
        try lab.startLVS(lvs.text)
        #expect(Self.settle(lab, lvs: "BACKUP", keepalived: "MASTER"), "\(lab.logs)")
        #expect(try !lab.whoHas(vip).contains(lab.lvsMAC), "a backup stays silent for the VIP")

        let keepalivedSource = variant.ipv6 ? nil : VRRPLab.keepalivedAddress
        lab.killKeepalived(signal: SIGKILL)
        let killedAt = Date().timeIntervalSince1970
        let tookOver = lab.waitFor(seconds: 10) { lab.lvsState() == "MASTER" }
        #expect(tookOver != nil, "\(lab.logs)")
        // Let the adverts and the first GARP burst reach the sniffer.
        usleep(1_500_000)

        // The sniffer's clock: from keepalived's last advert to our first as master.
        let bound = Self.masterDown(priority: 100)
        let ours = lab.sniffed.compactMap { words -> (Double, String)? in
            guard words.count == 7, words[0] == "VRRP", let time = Double(words[1]) else { return nil }
            return (time, words[2])
        }
        let lastTheirs = ours.last { $0.1 == keepalivedSource || (keepalivedSource == nil && $0.0 < killedAt) }?.0
        let firstOurs = ours.first { $0.0 > killedAt && $0.1 != keepalivedSource }?.0
        let gap = try #require(firstOurs.flatMap { first in lastTheirs.map { first - $0 } }, "\(lab.sniffed)")
        print(
            "VRRP failover (\(variant)): \(Int(gap * 1000)) ms from keepalived's last advert to ours (bound \(bound) s)"
        )
        #expect(gap <= bound + Self.margin)
        #expect(gap >= 3, "a backup waits three intervals before taking over")

        let checked = lab.sniffed.filter { $0.count == 7 && $0[0] == "VRRP" && $0[4] == "51" }
        let ourAdverts = checked.filter { $0[2] != keepalivedSource && Double($0[1]).map { $0 > killedAt } == true }
        #expect(!ourAdverts.isEmpty && ourAdverts.allSatisfy { $0[6] == "ok" }, "\(ourAdverts)")
        #expect(ourAdverts.allSatisfy { $0[3] == "\(variant.version)" })
        #expect(lab.announcements(of: vip, from: lab.lvsMAC).count >= 5, "the first burst of GARPs / NAs")
        #expect(try lab.whoHas(vip).contains(lab.lvsMAC))
    }

    @Test("lvs master killed with its director: keepalived takes over within 3 x advert_int + skew")
    func lvsMasterKilled() throws {
        let lab = try Self.open("vrrpkill")
        defer { lab.close() }
        try lab.startLVS(VRRPInstanceText(state: "MASTER", priority: 200).text)
        #expect(Self.settle(lab, lvs: "MASTER", keepalived: nil), "\(lab.logs)")
        try lab.startKeepalived(VRRPInstanceText(priority: 100).text)
        #expect(Self.settle(lab, lvs: "MASTER", keepalived: "BACKUP"), "\(lab.logs)")
        lab.killLVSHost()
        #expect(lab.waitFor(seconds: 10) { lab.keepalivedState == "MASTER" } != nil, "\(lab.logs)")
        usleep(500_000)
        let lastOurs = try #require(lab.adverts(from: VRRPLab.lvsAddress).last)
        let firstTheirs = try #require(lab.adverts(from: VRRPLab.keepalivedAddress).first { $0.time > lastOurs.time })
        let gap = firstTheirs.time - lastOurs.time
        print("VRRP failover (lvs killed): \(Int(gap * 1000)) ms from our last advert to keepalived's")
        #expect(gap <= Self.masterDown(priority: 100) + Self.margin)
        #expect(try lab.whoHas(Self.vip) == [lab.keepalivedMAC])
    }

    @Test("a virtual_server on the VIP of a backup instance: in the table, and still no ARP until MASTER")
    func serviceAddressFollowsTheInstance() throws {
        let lab = try Self.open("vrrpvs")
        defer { lab.close() }
        try lab.startKeepalived(VRRPInstanceText(state: "MASTER", priority: 200).text)
        #expect(lab.waitFor(seconds: 20) { lab.keepalivedState == "MASTER" } != nil, "\(lab.logs)")
        let service = """
            virtual_server \(Self.vip) 80 {
                lb_algo rr
                lb_kind DR
                protocol TCP
                real_server 198.18.0.10 80 {
                    weight 1
                }
            }

            """
        try lab.startLVS(
            service + VRRPInstanceText(priority: 100).text, withCheckers: true, metricsListen: "127.0.0.1:9101")
        // From the start on: the addresses are released before the service reaches the director.
        var answers: [Set<String>] = []
        let listed = try lab.waitFor(seconds: 10) {
            answers.append(try lab.whoHas(Self.vip))
            return try lab.table().contains("TCP  \(Self.vip):80 rr")
        }
        #expect(listed != nil, "\(lab.logs)")
        #expect(Self.settle(lab, lvs: "BACKUP", keepalived: "MASTER"), "\(lab.logs)")
        answers.append(try lab.whoHas(Self.vip))
        #expect(answers.allSatisfy { !$0.contains(lab.lvsMAC) }, "\(answers)")
        // The keepalived exporter's names: state 1 (BACKUP) per address; the checkers' view.
        let state = "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"\(Self.vip)\"}"
        let metrics = try lab.fetchFromLVSHost("http://127.0.0.1:9101/metrics")
        #expect(metrics.contains("\(state) 1.0\n") || metrics.contains("\(state) 1\n"), "\(metrics)")
        #expect(metrics.contains("lvs_keepalived_real_server_up{"), "\(metrics)")
        #expect(
            metrics.contains(
                "keepalived_advertisements_received_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"BACKUP\"}"),
            "\(metrics)")

        lab.killKeepalived(signal: SIGKILL)
        #expect(lab.waitFor(seconds: 10) { lab.lvsState() == "MASTER" } != nil, "\(lab.logs)")
        #expect(try lab.whoHas(Self.vip).contains(lab.lvsMAC))
        // Read at most a second after the change (the pages are cached for one second).
        let master = try lab.waitFor(seconds: 5) {
            let text = try lab.fetchFromLVSHost("http://127.0.0.1:9101/metrics")
            return text.contains("\(state) 2.0\n") || text.contains("\(state) 2\n")
        }
        #expect(master != nil, "keepalived_vrrp_state never said MASTER (2)")
        let page = try lab.fetchFromLVSHost("http://127.0.0.1:9101/")
        #expect(page.contains("<td class=\"state\">MASTER</td>"), "\(page)")
    }

    @Test(
        "the master's interface goes down: FAULT, keepalived takes over; back up: preempts again; lvs_sync_daemon follows"
    )
    func interfaceDown() throws {
        let lab = try Self.open("vrrpif")
        defer { lab.close() }
        let syncDaemon = "global_defs {\n    lvs_sync_daemon eth0 inst VI_1\n}\n"
        try lab.startLVS(syncDaemon + VRRPInstanceText(state: "MASTER", priority: 150).text)
        #expect(Self.settle(lab, lvs: "MASTER", keepalived: nil), "\(lab.logs)")
        let master = "master sync daemon (mcast=eth0, syncid=51, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n"
        let backup = "backup sync daemon (mcast=eth0, syncid=51, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n"
        #expect(try lab.table(["--daemon"]) == master)
        try lab.startKeepalived(VRRPInstanceText(priority: 100).text)
        #expect(Self.settle(lab, lvs: "MASTER", keepalived: "BACKUP"), "\(lab.logs)")
        try lab.lvsHost.ip("link", "set", "eth0", "down")
        // The interface is polled once a second, then keepalived waits Master_Down_Interval.
        #expect(Self.settle(lab, lvs: "FAULT", keepalived: "MASTER", seconds: 1 + Self.masterDown(priority: 100) + 3))
        #expect(try lab.table(["--daemon"]) == backup)
        try lab.lvsHost.ip("link", "set", "eth0", "up")
        #expect(Self.settle(lab, lvs: "MASTER", keepalived: "BACKUP"), "\(lab.logs)")
        #expect(try lab.whoHas(Self.vip) == [lab.lvsMAC])
        #expect(try lab.table(["--daemon"]) == master)
    }

    @Test("a track_script starts failing: our advertised priority drops below keepalived's, which takes over")
    func trackScriptFails() throws {
        let lab = try Self.open("vrrpts")
        defer { lab.close() }
        let flag = lab.path("healthy")
        try "".write(toFile: flag, atomically: true, encoding: .utf8)
        let script = """
            vrrp_script chk {
                script "/usr/bin/test -e \(flag)"
                interval 1
                weight -100
            }

            """
        let instance = VRRPInstanceText(state: "MASTER", priority: 150).text.replacingOccurrences(
            of: "    virtual_ipaddress {", with: "    track_script {\n        chk\n    }\n    virtual_ipaddress {")
        try lab.startLVS(script + instance)
        #expect(Self.settle(lab, lvs: "MASTER", keepalived: nil), "\(lab.logs)")
        try lab.startKeepalived(VRRPInstanceText(priority: 100).text)
        #expect(Self.settle(lab, lvs: "MASTER", keepalived: "BACKUP"), "\(lab.logs)")
        #expect(try lab.status().contains("VRRP VI_1: MASTER, priority 150,"))

        try FileManager.default.removeItem(atPath: flag)
        let removedAt = Date().timeIntervalSince1970
        // The script runs once a second; then keepalived ignores our lower adverts and its
        // Master_Down_Timer runs out.
        #expect(
            Self.settle(lab, lvs: "BACKUP", keepalived: "MASTER", seconds: 2 + Self.masterDown(priority: 100) + 3),
            "\(lab.logs)")
        let lowered = lab.adverts(from: VRRPLab.lvsAddress).filter { $0.time > removedAt }
        #expect(lowered.contains { $0.priority == 50 }, "\(lowered)")
        #expect(try lab.status().contains("VRRP VI_1: BACKUP, priority 50,"))
        #expect(try lab.whoHas(Self.vip) == [lab.keepalivedMAC])
    }

    @Test("vrrp_sync_group: one member's weight-0 track_script fails, both members go FAULT, keepalived takes both")
    func syncGroupFault() throws {
        let lab = try Self.open("vrrpsg")
        defer { lab.close() }
        let flag = lab.path("healthy")
        try "".write(toFile: flag, atomically: true, encoding: .utf8)
        let vip2 = "198.18.0.101"
        func pair(priority: Int, group: Bool) -> String {
            let first = VRRPInstanceText(state: "MASTER", priority: priority).text
            var second = VRRPInstanceText(state: "MASTER", priority: priority, virtualAddress: vip2).text
                .replacingOccurrences(of: "VI_1", with: "VI_2")
                .replacingOccurrences(of: "virtual_router_id 51", with: "virtual_router_id 52")
            guard group else { return first + second }
            second = second.replacingOccurrences(
                of: "    virtual_ipaddress {", with: "    track_script {\n        chk\n    }\n    virtual_ipaddress {")
            return """
                vrrp_script chk {
                    script "/usr/bin/test -e \(flag)"
                    interval 1
                }
                vrrp_sync_group G {
                    group {
                        VI_1
                        VI_2
                    }
                }

                """ + first + second
        }
        /// The state keepalived last logged for `name`.
        func keepalived(_ name: String) -> String? {
            var state: String?
            for line in lab.keepalivedLog.contents().split(separator: "\n") where line.contains("(\(name))") {
                for word in ["MASTER", "BACKUP", "FAULT"] where line.contains("Entering \(word) STATE") { state = word }
            }
            return state
        }
        func settled(_ lvs: String, _ theirs: String, seconds: Double = 20) -> Bool {
            lab.waitFor(seconds: seconds) {
                lab.lvsState("VI_1") == lvs && lab.lvsState("VI_2") == lvs && keepalived("VI_1") == theirs
                    && keepalived("VI_2") == theirs
            } != nil
        }
        try lab.startLVS(pair(priority: 150, group: true))
        #expect(
            lab.waitFor(seconds: 20) { lab.lvsState("VI_1") == "MASTER" && lab.lvsState("VI_2") == "MASTER" } != nil,
            "\(lab.logs)")
        try lab.startKeepalived(pair(priority: 100, group: false))
        #expect(settled("MASTER", "BACKUP"), "\(lab.logs)")

        try FileManager.default.removeItem(atPath: flag)
        #expect(settled("FAULT", "MASTER", seconds: 2 + Self.masterDown(priority: 100) + 3), "\(lab.logs)")
        #expect(try lab.whoHas(Self.vip) == [lab.keepalivedMAC])
        #expect(try lab.whoHas(vip2) == [lab.keepalivedMAC])

        // The script succeeds again: both members back, and they preempt keepalived together.
        try "".write(toFile: flag, atomically: true, encoding: .utf8)
        #expect(settled("MASTER", "BACKUP", seconds: 2 + Self.masterDown(priority: 150) + 3), "\(lab.logs)")
        #expect(try lab.whoHas(Self.vip) == [lab.lvsMAC])
        #expect(try lab.whoHas(vip2) == [lab.lvsMAC])
    }

    @Test("SIGTERM on an lvs master: priority 0, addresses released, keepalived takes over within Skew_Time")
    func plannedSwitch() throws {
        let lab = try Self.open("vrrpstop")
        defer { lab.close() }
        try lab.startLVS(VRRPInstanceText(state: "MASTER", priority: 200).text)
        #expect(Self.settle(lab, lvs: "MASTER", keepalived: nil), "\(lab.logs)")
        try lab.startKeepalived(VRRPInstanceText(priority: 100).text)
        #expect(Self.settle(lab, lvs: "MASTER", keepalived: "BACKUP"), "\(lab.logs)")
        lab.killLVSKeepalived(signal: SIGTERM)
        #expect(lab.waitFor(seconds: 3) { lab.keepalivedState == "MASTER" } != nil, "\(lab.logs)")
        usleep(500_000)
        let ours = lab.adverts(from: VRRPLab.lvsAddress)
        let goodbye = try #require(ours.last { $0.priority == 0 }, "no priority 0 advert: \(ours)")
        let theirs = try #require(lab.adverts(from: VRRPLab.keepalivedAddress).first { $0.time > goodbye.time })
        print(
            "VRRP planned switch: \(Int((theirs.time - goodbye.time) * 1000)) ms from our priority 0 to keepalived's advert"
        )
        #expect(theirs.time - goodbye.time <= Double(256 - 100) / 256 + Self.margin)
        #expect(try lab.whoHas(Self.vip) == [lab.keepalivedMAC])
    }

    @Test("a storm of malformed adverts is counted by reason and changes nothing")
    func malformedStorm() throws {
        let lab = try Self.open("vrrpstorm")
        defer { lab.close() }
        try lab.startLVS(VRRPInstanceText(priority: 100).text)
        #expect(Self.settle(lab, lvs: "MASTER", keepalived: nil), "\(lab.logs)")
        let count = 20
        let sent = try lab.client.exec([
            lab.python, lab.path("storm.py"), VRRPLab.clientAddress, "\(count)", Self.vip,
        ])
        #expect(sent.status == 0, "\(sent.stderr)")
        let labels = [
            "bad_version", "bad_checksum", "truncated_addresses", "other_virtual_router", "bad_password",
            "auth_type_mismatch", "bad_interval", "bad_hop_limit",
        ]
        let expected = labels.sorted().map { "\($0) \(count)" }.joined(separator: ", ")
        var shown = ""
        let counted = lab.waitFor(seconds: 10) {
            shown = (try? lab.status()) ?? ""
            return shown.contains("dropped \(count * labels.count): ")
        }
        #expect(counted != nil, "\(shown)")
        let line = shown.split(separator: "\n").first { $0.contains("dropped") }.map(String.init) ?? ""
        let listed = line.split(separator: ":", maxSplits: 1).last.map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.sorted().joined(separator: ", ")
        }
        #expect(listed == expected)
        #expect(lab.lvsState() == "MASTER")
        #expect(shown.contains("became master 1"))
        #expect(try lab.whoHas(Self.vip) == [lab.lvsMAC])
        // keepalived's second burst, garp_master_delay (5 s) after the first: ten in all.
        let bursts = lab.waitFor(seconds: 8) { lab.announcements(of: Self.vip, from: lab.lvsMAC).count >= 10 }
        #expect(bursts != nil, "\(lab.announcements(of: Self.vip, from: lab.lvsMAC))")
    }
}
