import LVSCore
import LVSVocabulary

/// The ARP settings a DR/TUN real server needs so that only the director answers for the VIP.
///
/// arp_ignore=1: answer ARP only for addresses of the interface the request came in on (the
/// VIP is on lo, so requests on eth0 for it go unanswered). arp_announce=2: when this host
/// sends ARP (replying from the VIP, it must find the client's gateway), use the outgoing
/// interface's own address as the sender, never the VIP. The kernel takes the larger of `all`
/// and the interface's value, so `all` covers every interface; `lo` is set as the classic
/// LVS-DR guides do.
public enum ARPSuppression {
    public struct Setting: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    public static let settings: [Setting] = [
        Setting(name: "net.ipv4.conf.all.arp_ignore", value: "1"),
        Setting(name: "net.ipv4.conf.all.arp_announce", value: "2"),
        Setting(name: "net.ipv4.conf.lo.arp_ignore", value: "1"),
        Setting(name: "net.ipv4.conf.lo.arp_announce", value: "2"),
    ]

    /// The seeds' arptables rules for one VIP, as chain + rule arguments (insert with `-I`,
    /// delete with `-D`): drop ARP asking for the VIP; rewrite the VIP to the real address in
    /// ARP this host sends.
    public static func arptablesRules(virtualAddress vip: InetAddress, realAddress: InetAddress) -> [[String]] {
        [
            ["INPUT", "-d", "\(vip)", "-j", "DROP"],
            ["OUTPUT", "-s", "\(vip)", "-j", "mangle", "--mangle-ip-s", "\(realAddress)"],
        ]
    }
}
