import LVSVocabulary

/// The parser's answer for one frame.
public enum ParseResult: Sendable, Equatable {
    case ip(PacketSummary)
    case arp(ARPSummary)
    case drop(DropReason)

    public var dropReason: DropReason? {
        if case .drop(let r) = self { return r }
        return nil
    }
    public var ipSummary: PacketSummary? {
        if case .ip(let s) = self { return s }
        return nil
    }
}
