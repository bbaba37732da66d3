import LVSVocabulary

/// An ARP packet for IPv4 over Ethernet (RFC 826), 28 bytes at `offset`.
public struct ARPPacket {
    public static let request: UInt16 = 1
    public static let reply: UInt16 = 2

    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) {
        self.frame = frame
        self.offset = offset
    }

    public var hardwareType: UInt16 { frame.u16(offset) }
    public var protocolType: UInt16 { frame.u16(offset + 2) }
    public var hardwareLength: UInt8 { frame.u8(offset + 4) }
    public var protocolLength: UInt8 { frame.u8(offset + 5) }
    public var operation: UInt16 {
        get { frame.u16(offset + 6) }
        nonmutating set { frame.set16(offset + 6, newValue) }
    }
    public var senderMAC: MACAddress {
        get { frame.mac(offset + 8) }
        nonmutating set { frame.setMAC(offset + 8, newValue) }
    }
    public var senderAddress: UInt32 {
        get { frame.u32(offset + 14) }
        nonmutating set { frame.set32(offset + 14, newValue) }
    }
    public var targetMAC: MACAddress {
        get { frame.mac(offset + 18) }
        nonmutating set { frame.setMAC(offset + 18, newValue) }
    }
    public var targetAddress: UInt32 {
        get { frame.u32(offset + 24) }
        nonmutating set { frame.set32(offset + 24, newValue) }
    }

    /// Whether this is Ethernet/IPv4 ARP, the only kind the director speaks.
    public var isEthernetIPv4: Bool {
        hardwareType == 1 && protocolType == EtherType.ipv4 && hardwareLength == 6 && protocolLength == 4
    }

    /// Writes the fixed Ethernet/IPv4 preamble and all fields.
    public func write(
        operation: UInt16, senderMAC: MACAddress, senderAddress: UInt32,
        targetMAC: MACAddress, targetAddress: UInt32
    ) {
        frame.set16(offset, 1)
        frame.set16(offset + 2, EtherType.ipv4)
        frame.set8(offset + 4, 6)
        frame.set8(offset + 5, 4)
        self.operation = operation
        self.senderMAC = senderMAC
        self.senderAddress = senderAddress
        self.targetMAC = targetMAC
        self.targetAddress = targetAddress
    }
}
