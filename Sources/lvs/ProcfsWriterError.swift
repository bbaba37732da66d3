import LVSLinux

/// Why a round of `ProcfsWriter` left the files as they were.
enum ProcfsWriterError: Error, CustomStringConvertible {
    case file(SystemCallError)
    case unexpectedAnswer(String)

    var description: String {
        switch self {
        case .file(let error): "\(error)"
        case .unexpectedAnswer(let text): "the table could not be listed: \(text)"
        }
    }
}
