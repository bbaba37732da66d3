import LVSKeepalived
import LVSLinux

/// keepalived.conf files from the real file system, for the parser (which never does I/O itself).
struct FileSystemConfigSource: ConfigFileSource {
    func read(_ path: String) throws -> String {
        do {
            guard let text = try TextFile.read(path) else {
                throw ConfigFileReadError(reason: "No such file or directory")
            }
            return text
        } catch let error as SystemCallError {
            throw ConfigFileReadError(reason: String(describing: error))
        }
    }

    func expand(_ pattern: String) -> [String] {
        PathGlob.paths(matching: pattern)
    }
}
