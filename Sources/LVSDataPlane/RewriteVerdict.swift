import LVSVocabulary
import LVSWire

/// What to do with a frame after a rewrite.
public enum RewriteVerdict: Sendable, Equatable {
    /// Transmit the rewritten frame toward its new next hop.
    case forward
    /// The frame now holds an answer for its sender (ARP reply, ICMP error): transmit it back
    /// out the port it came in on.
    case reply
    /// Do not transmit; count under the reason's label.
    case drop(DropReason)
}
