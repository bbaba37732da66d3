/// EtherType values the director handles.
public enum EtherType {
    public static let ipv4: UInt16 = 0x0800
    public static let arp: UInt16 = 0x0806
    public static let vlan: UInt16 = 0x8100
    public static let qinq: UInt16 = 0x88A8
    public static let ipv6: UInt16 = 0x86DD
}
