import LVSVocabulary

/// The addresses of the frame fixtures (parser, rewrite and decapsulation tests): a client behind
/// a router on 198.18.1.0/24, the VIP, a director and a real server on 198.18.2.0/24.
///
/// Not the namespace lab's addresses (`LabTopology`): these frames never reach an interface, and
/// the client sits behind a router so that DR, NAT and TUN rewrites each change something visible.
public enum TestAddresses {
    public static let clientMAC = mac("02:00:00:00:00:0c")
    public static let routerMAC = mac("02:00:00:00:00:01")
    public static let directorMAC = mac("02:00:00:00:00:d1")
    public static let realServerMAC = mac("02:00:00:00:00:51")

    public static let client4 = addr("198.18.1.10")
    public static let router4 = addr("198.18.1.1")
    public static let vip4 = addr("198.18.0.100")
    public static let director4 = addr("198.18.2.1")
    public static let rip4 = addr("198.18.2.11")

    public static let client6 = addr("2001:db8:1::10")
    public static let router6 = addr("2001:db8:1::1")
    public static let vip6 = addr("2001:db8::100")
    public static let director6 = addr("2001:db8:2::1")
    public static let rip6 = addr("2001:db8:2::11")
}
