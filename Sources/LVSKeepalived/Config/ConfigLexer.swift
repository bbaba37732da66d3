/// Turns a configuration file and everything it includes into logical lines with file:line,
/// as keepalived's read_line does: comments, `@id` conditional lines, `$NAME=VALUE` parameters,
/// `include` (relative to the including file, glob patterns, sorted), braces split off.
struct ConfigLexer {
    /// Includes nested deeper than this are refused (keepalived has no limit and no cycle check).
    static let includeDepthLimit = 32

    let source: any ConfigFileSource
    /// keepalived's config-id (`-i`): `@ID line` is kept only when ID matches, `@^ID line` only when not.
    let configID: String?
    private(set) var lines: [ConfigLine] = []
    private(set) var log = DiagnosticLog()
    private var parameters = ParameterDefinitions()
    private var includeStack: [String] = []

    init(source: any ConfigFileSource, configID: String?) {
        self.source = source
        self.configID = configID
    }

    /// Reads the main file; false when it cannot be read at all.
    mutating func readMainFile(_ path: String) -> Bool {
        do {
            let text = try source.read(path)
            lex(text, file: path)
            return true
        } catch {
            // keepalived's words; it then exits 0 with nothing configured, this parser refuses (4).
            log.error("Config files missing '\(path)'.", at: nil, status: .fileNotFound)
            return false
        }
    }

    private mutating func lex(_ text: String, file: String) {
        includeStack.append(Self.normalized(file))
        defer { includeStack.removeLast() }
        var lineNumber = 0
        for physical in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let location = SourceLocation(file: file, line: lineNumber)
            var raw = physical
            while raw.last == "\r" {
                raw.removeLast()
            }
            process(raw, at: location)
        }
    }

    private mutating func process(_ raw: Substring, at location: SourceLocation) {
        let (decommented, unterminated) = LineText.decomment(raw)
        if unterminated {
            log.error("Unterminated quote '\(decommented)'", at: location)
        }
        guard var text = conditional(decommented), !text.isEmpty else { return }
        if let (name, value) = ParameterDefinitions.definition(in: text) {
            if value.hasSuffix("\\") {
                log.error("Multiline parameter definition $\(name) is not supported", at: location)
            } else {
                parameters.define(name, value)
            }
            return
        }
        if text.hasPrefix("~SEQ") || text.hasPrefix("~LST") {
            log.error("\(text.prefix(4)) is not supported - '\(text)' ignored", at: location)
            return
        }
        if text.hasPrefix("~") {
            return
        }
        if !parameters.isEmpty, text.contains("$") {
            guard let substituted = parameters.substitute(text) else {
                log.error("Parameter substitution on line '\(text)' does not end - ignoring the line", at: location)
                return
            }
            if substituted != text {
                // A substituted value may bring its own comment or condition.
                guard let again = conditional(LineText.decomment(Substring(substituted)).text) else { return }
                text = again
            }
        }
        if include(text, at: location) {
            return
        }
        for segment in LineText.splitAtBraces(text) {
            let (words, unmatched) = LineText.words(segment)
            if unmatched {
                log.error("Unmatched quote: '\(segment)'", at: location, status: .unmatchedQuote)
            }
            if !words.isEmpty {
                lines.append(
                    ConfigLine(
                        words: words, location: location,
                        unmatchedQuoteText: unmatched ? segment : nil))
            }
        }
    }

    /// The line without its `@ID` prefix when it applies here, nil when it does not.
    private func conditional(_ text: String) -> String? {
        guard text.first == "@" else { return text }
        var rest = text.dropFirst()
        let negated = rest.first == "^"
        if negated {
            rest = rest.dropFirst()
        }
        guard let blank = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let matches = configID.map { rest[..<blank] == $0 } ?? false
        guard matches != negated else { return nil }
        return String(rest[blank...].drop { $0 == " " || $0 == "\t" })
    }

    /// Handles `include PATTERN` (and keepalived's includer/includem/includew/includeb/includea,
    /// whose missing files count as errors); false when the line is not an include.
    private mutating func include(_ text: String, at location: SourceLocation) -> Bool {
        let words = text.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
        guard let keyword = words.first, Self.includeKeywords.contains(String(keyword)) else { return false }
        let strict = keyword != "include"
        let pattern = words.count > 1 ? String(words[1]).trimmingBlanks() : ""
        let resolved = Self.resolve(pattern, relativeTo: location.file)
        let files = source.expand(resolved)
        if files.isEmpty {
            report("Config files missing '\(pattern)'.", strict: strict, at: location)
            return true
        }
        for file in files {
            let normalized = Self.normalized(file)
            if let start = includeStack.firstIndex(of: normalized) {
                let cycle = (includeStack[start...] + [normalized]).joined(separator: " -> ")
                log.error("Include cycle \(cycle) - skipping '\(file)'", at: location, status: .fatal)
                continue
            }
            guard includeStack.count < Self.includeDepthLimit else {
                log.error(
                    "Includes nested deeper than \(Self.includeDepthLimit) files - skipping '\(file)'",
                    at: location, status: .fatal)
                continue
            }
            do {
                let text = try source.read(file)
                lex(text, file: file)
            } catch {
                report("Configuration file '\(file)' open problem (\(error)) - skipping", strict: strict, at: location)
            }
        }
        return true
    }

    /// keepalived reports include problems in its first pass alone, which names the file only
    /// when it is not the main one.
    private mutating func report(_ message: String, strict: Bool, at location: SourceLocation) {
        let prefix: ConfigDiagnostic.Prefix = includeStack.count > 1 ? .fileAndLine : .lineOnly
        if strict {
            log.error(message, at: location, status: .fileNotFound, prefix: prefix)
        } else {
            log.note(message, at: location, prefix: prefix)
        }
    }

    static let includeKeywords: Set<String> = ["include", "includer", "includem", "includew", "includeb", "includea"]

    /// keepalived changes into the directory of each file it opens, so relative include
    /// patterns are relative to the including file.
    static func resolve(_ pattern: String, relativeTo file: String) -> String {
        guard !pattern.hasPrefix("/"), let slash = file.lastIndex(of: "/") else { return pattern }
        return String(file[...slash]) + pattern
    }

    /// `a/./b/../c` -> `a/c`, so a file included under two spellings is seen as the same file.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." {
                continue
            }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}

extension String {
    func trimmingBlanks() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" {
            s.removeFirst()
        }
        while let l = s.last, l == " " || l == "\t" {
            s.removeLast()
        }
        return String(s)
    }
}
