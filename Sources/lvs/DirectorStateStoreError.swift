import LVSControl

/// Why the director cannot use its state file; each names the file and what is wrong.
enum DirectorStateStoreError: Error, CustomStringConvertible {
    case unreadable(String, String)
    case corrupt(String, TableStateError)
    case unwritable(String, String)

    var description: String {
        switch self {
        case .unreadable(let path, let why): "cannot read the state file \(path): \(why)"
        case .corrupt(let path, let why): "the state file \(path) is unusable: \(why)"
        case .unwritable(let path, let why): "cannot write the state file \(path): \(why)"
        }
    }
}
