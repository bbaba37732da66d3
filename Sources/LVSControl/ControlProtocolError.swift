/// Why a control connection's byte stream cannot be read as requests.
enum ControlProtocolError: Error, CustomStringConvertible {
    case lineTooLong(limit: Int)

    var description: String {
        switch self {
        case .lineTooLong(let limit):
            "request longer than the director accepts (\(limit) bytes): split it (fewer lines per ipvsadm -R)"
        }
    }
}
