/// An error of the lab's HTTP server or client, with the message a user should see.
public struct LabServiceError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
