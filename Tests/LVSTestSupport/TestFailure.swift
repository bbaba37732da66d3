/// A test's own precondition that did not hold (a socket call, a helper process), as an error
/// with a readable message, so the test fails there with the reason instead of trapping.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
