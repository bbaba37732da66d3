import LVSCore
import LVSDataPlane
import LVSVocabulary
import LVSWire

public enum DecapsulationOutcome: Sendable, Equatable {
    /// The inner IP packet lies at these buffer offsets.
    case deliver(Range<Int>)
    case drop(DecapsulationDrop)
}
