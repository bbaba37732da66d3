import LVSVocabulary

/// An Ethernet II header at frame offset 0, with at most one 802.1Q tag.
public struct EthernetHeader {
    public let frame: FrameBuffer
    public init(_ frame: FrameBuffer) { self.frame = frame }

    public var destination: MACAddress {
        get { frame.mac(0) }
        nonmutating set { frame.setMAC(0, newValue) }
    }
    public var source: MACAddress {
        get { frame.mac(6) }
        nonmutating set { frame.setMAC(6, newValue) }
    }
    public var isVLANTagged: Bool { frame.u16(12) == EtherType.vlan }
    /// The 802.1Q tag control information (PCP, DEI, VID), if tagged.
    public var vlanTCI: UInt16? { isVLANTagged ? frame.u16(14) : nil }
    /// Where the EtherType of the payload lives (after the tag, if any).
    public var etherTypeOffset: Int { isVLANTagged ? 16 : 12 }
    public var etherType: UInt16 {
        get { frame.u16(etherTypeOffset) }
        nonmutating set { frame.set16(etherTypeOffset, newValue) }
    }
    /// 14, or 18 with a tag.
    public var length: Int { isVLANTagged ? HeaderSize.ethernet + HeaderSize.vlanTag : HeaderSize.ethernet }
}
