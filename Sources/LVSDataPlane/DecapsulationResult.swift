import LVSCore
import LVSVocabulary
import LVSWire

public enum DecapsulationResult: Sendable, Equatable {
    case inner(InnerPacket)
    case drop(DropReason)
}
