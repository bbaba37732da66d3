/// Fixed header sizes.
public enum HeaderSize {
    public static let ethernet = 14
    public static let vlanTag = 4
    public static let arpIPv4 = 28
    public static let ipv4Minimum = 20
    public static let ipv6 = 40
    public static let tcpMinimum = 20
    public static let udp = 8
    public static let sctpCommon = 12
    public static let icmp = 8
    public static let gue = 4
    /// GRE without optional fields; 8 with the checksum word.
    public static let gre = 4
    /// The shortest Ethernet frame without FCS; shorter frames are padded on transmit.
    public static let ethernetMinimumFrame = 60
}
