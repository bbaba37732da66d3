import LVSLab
import LVSLinux
import LVSTestSupport

extension LabHost {
    /// What a seeds-style real server does for DR/TUN: the VIP on lo, and no ARP for it.
    public func becomeRealServer(vip: String) throws {
        try run {
            for (k, v) in [
                ("net.ipv4.conf.all.arp_ignore", "1"), ("net.ipv4.conf.all.arp_announce", "2"),
                ("net.ipv4.conf.lo.arp_ignore", "1"), ("net.ipv4.conf.lo.arp_announce", "2"),
            ] {
                try Sysctl.write(k, v)
            }
        }
        try ip("addr", "add", vip + "/32", "dev", "lo")
    }

    /// The lines `argv` prints in this host; throws when it exits non-zero.
    public func lines(_ argv: [String]) throws -> [String] {
        let out = try exec(argv)
        guard out.status == 0 else { throw TestFailure("\(argv.prefix(2)) exited \(out.status): \(out.stderr)") }
        return out.stdout.split(separator: "\n").map(String.init)
    }
}
