import LVSCore
import LVSVocabulary

/// A refusal with a message meant for the operator.
public struct RealServerError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
