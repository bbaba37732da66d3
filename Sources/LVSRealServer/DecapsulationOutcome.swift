import LVSCore
import LVSDataPlane
import LVSWire
import LVSVocabulary

public enum DecapsulationOutcome: Sendable, Equatable {
    /// The inner IP packet lies at these buffer offsets.
    case deliver(Range<Int>)
    case drop(DecapsulationDrop)
}
