import LVSCore
import LVSWire
import LVSVocabulary

public enum DecapsulationResult: Sendable, Equatable {
    case inner(InnerPacket)
    case drop(DropReason)
}
