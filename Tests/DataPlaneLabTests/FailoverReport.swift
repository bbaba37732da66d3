import Foundation

/// What the failover lab's client saw: its request loop ("TIME VIP ok|fail" lines) and the
/// gratuitous ARPs it heard ("TIME MAC ADDRESS" lines), read against the crash and return times.
struct FailoverReport {
    struct Try {
        let time: Double
        let vip: String
        let ok: Bool
    }

    struct Announcement {
        let time: Double
        let mac: String
    }

    let tries: [Try]
    let announcements: [Announcement]
    let crashedAt: Double
    let returnedAt: Double
    let backupMAC: String
    let masterMAC: String

    init(requests: String, garps: String, crashedAt: Double, returnedAt: Double, backupMAC: String, masterMAC: String) {
        tries = requests.split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ")
            guard f.count == 3, let t = Double(f[0]) else { return nil }
            return Try(time: t, vip: String(f[1]), ok: f[2] == "ok")
        }
        announcements = garps.split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ")
            guard f.count == 3, let t = Double(f[0]) else { return nil }
            return Announcement(time: t, mac: String(f[1]))
        }
        self.crashedAt = crashedAt
        self.returnedAt = returnedAt
        self.backupMAC = backupMAC
        self.masterMAC = masterMAC
    }

    /// Seconds from the crash to the first request to `vip` that succeeded after it (a try that
    /// started before the crash and ended after it counts from the crash). 0 if none failed.
    func outage(vip: String) -> Double {
        let after = tries.filter { $0.vip == vip && $0.time >= crashedAt && $0.time < returnedAt }
        guard after.contains(where: { !$0.ok }) else { return 0 }
        guard let firstOK = after.first(where: { $0.ok && $0.time > (after.first { !$0.ok }?.time ?? 0) })
        else { return .infinity }
        return firstOK.time - crashedAt
    }

    /// Requests to `vip` that succeeded.
    func served(vip: String) -> Int {
        tries.filter { $0.vip == vip && $0.ok }.count
    }

    /// Failed requests to `vip` from the old master's return on.
    func failuresAfterReturn(vip: String) -> Int {
        tries.filter { $0.vip == vip && $0.time >= returnedAt && !$0.ok }.count
    }

    /// When the returning master took the addresses back (its first gratuitous ARP after its
    /// return), if it did (preempt).
    var takenBackAt: Double? {
        announcements.first { $0.mac == masterMAC && $0.time >= returnedAt }?.time
    }

    /// Failed requests to `vip` started in the half second before the take-back: a connection
    /// whose handshake the backup began and the master would finish. The sync daemon sends a
    /// connection on its third packet (the kernel's sync_threshold), so no director can know
    /// such a connection yet; kernel IPVS loses it the same way.
    func handshakesCutByTheTakeBack(vip: String) -> Int {
        guard let back = takenBackAt else { return 0 }
        return tries.filter { $0.vip == vip && !$0.ok && (back - 0.5)...back ~= $0.time }.count
    }

    /// When the failed requests to `vip` from the return on started, in seconds after it.
    func failureTimesAfterReturn(vip: String) -> [String] {
        tries.filter { $0.vip == vip && $0.time >= returnedAt && !$0.ok }.map {
            String(format: "%.3f", $0.time - returnedAt)
        }
    }

    func garps(from mac: String, after time: Double = 0) -> Int {
        announcements.filter { $0.mac == mac && $0.time >= time }.count
    }

    var summary: String {
        let failed = tries.filter { !$0.ok }.count
        let outages = Set(tries.map(\.vip)).sorted().map { "\($0) \(String(format: "%.2f", outage(vip: $0))) s" }
        return
            "new requests: \(tries.count) tried, \(failed) failed; outage after the crash: \(outages.joined(separator: ", ")); "
            + "gratuitous ARPs: backup \(garps(from: backupMAC)), returning master \(garps(from: masterMAC, after: returnedAt))"
    }
}
