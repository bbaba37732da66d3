/// A named reason why a frame was dropped or left alone. Each layer (wire parser, engine,
/// director) defines its own reasons once; the director's counters wrap them without copying.
/// `label` is the metric and log label: snake_case, stable, never reused for another meaning.
/// `rawValue` is the reason's index in a per-worker counter array (cases are numbered from 0).
public protocol FrameReason: RawRepresentable, CaseIterable, Hashable, Sendable, CustomStringConvertible
where RawValue == UInt8 {
    var label: String { get }
}

extension FrameReason {
    public var description: String { label }
}
