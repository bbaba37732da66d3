import LVSCore

/// Joins the answers of one exchange into the one answer they amount to: the pieces of a
/// streamed listing (`.part`s and the final `.snapshot`) into one `.snapshot`, the first
/// piece giving the timeouts and daemons; any other answer as it is.
public struct ControlAnswerGatherer: Sendable {
    private var table: TableSnapshot?
    private var other: ControlResponse?

    public init() {}

    public mutating func add(_ response: ControlResponse) {
        switch response {
        case .part(let piece), .snapshot(let piece):
            if table == nil {
                table = piece
            } else {
                table!.services += piece.services
                table!.connections += piece.connections
            }
        default:
            other = response
        }
    }

    public var answer: ControlResponse {
        if let other { return other }
        if let table { return .snapshot(table) }
        return .failure("no answer")
    }
}
