/// The sequence-adjustment option of a sync entry (kernel `ip_vs_sync_conn_options`: the
/// `ip_vs_seq` of both directions), which NAT needs when an application helper changed the
/// payload length. 24 bytes on the wire, big-endian.
public struct SyncSequenceOption: Hashable, Sendable {
    public static let length = 24

    public var inInitialSequence: UInt32
    public var inDelta: UInt32
    public var inPreviousDelta: UInt32
    public var outInitialSequence: UInt32
    public var outDelta: UInt32
    public var outPreviousDelta: UInt32

    public init(
        inInitialSequence: UInt32 = 0, inDelta: UInt32 = 0, inPreviousDelta: UInt32 = 0,
        outInitialSequence: UInt32 = 0, outDelta: UInt32 = 0, outPreviousDelta: UInt32 = 0
    ) {
        self.inInitialSequence = inInitialSequence
        self.inDelta = inDelta
        self.inPreviousDelta = inPreviousDelta
        self.outInitialSequence = outInitialSequence
        self.outDelta = outDelta
        self.outPreviousDelta = outPreviousDelta
    }

    var words: [UInt32] {
        [inInitialSequence, inDelta, inPreviousDelta, outInitialSequence, outDelta, outPreviousDelta]
    }
}
