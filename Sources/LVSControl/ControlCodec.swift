import Foundation

/// Decodes one request line, serves it, encodes the response line.
public struct ControlCodec: Sendable {
    public init() {}
    public func decodeRequest(_ line: some Collection<UInt8>) throws -> ControlRequest {
        try JSONDecoder().decode(ControlRequest.self, from: Data(line))
    }
    public func encode(_ response: ControlResponse) -> [UInt8] {
        // JSONEncoder without prettyPrinted never emits a newline, so newline frames messages.
        (try? Array(JSONEncoder().encode(response))) ?? Array(#"{"failure":{"_0":"encoding failed"}}"#.utf8)
    }
    public func encode(_ request: ControlRequest) throws -> [UInt8] {
        Array(try JSONEncoder().encode(request))
    }
    public func decodeResponse(_ bytes: some Collection<UInt8>) throws -> ControlResponse {
        try JSONDecoder().decode(ControlResponse.self, from: Data(bytes))
    }
}
