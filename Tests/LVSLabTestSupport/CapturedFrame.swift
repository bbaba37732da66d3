import LVSLinux

/// A frame copied out of a ring (the ring's view is valid only inside `receive`), for assertions.
public struct CapturedFrame {
    public var bytes: [UInt8]
    public var wireLength: Int
    public var status: FrameStatus
    public var packetType: PacketType

    public init(bytes: [UInt8], wireLength: Int, status: FrameStatus, packetType: PacketType) {
        self.bytes = bytes
        self.wireLength = wireLength
        self.status = status
        self.packetType = packetType
    }
}
