/// Reading /proc/meminfo's text.
enum MemoryInfo {
    /// MemTotal in bytes ("MemTotal:       16318440 kB"), or nil when the text has none.
    static func totalBytes(meminfo: String) -> Int? {
        for line in meminfo.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let words = line.split(separator: " ")
            guard words.count >= 2, let kibibytes = Int(words[1]) else { return nil }
            return kibibytes * 1024
        }
        return nil
    }
}
