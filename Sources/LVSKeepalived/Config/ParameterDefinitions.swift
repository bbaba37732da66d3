/// keepalived's `$NAME=VALUE` definitions and their substitution (`$NAME` followed by a blank,
/// `,`, `)` or the end of the line, or `${NAME}` anywhere). Single-line definitions only.
struct ParameterDefinitions {
    private var values: [String: String] = [:]
    /// Substitutions allowed per line, so `$A=$A` or mutual definitions cannot loop forever.
    static let substitutionLimit = 64

    var isEmpty: Bool { values.isEmpty }

    /// Parses `$NAME=VALUE` (blanks allowed before `=`); nil when the line is not a definition.
    static func definition(in line: String) -> (name: String, value: String)? {
        let chars = Array(line)
        guard chars.count >= 2, chars[0] == "$", chars[1].isASCII, chars[1].isLetter || chars[1] == "_" else {
            return nil
        }
        var i = 2
        while i < chars.count, chars[i] != "=" {
            guard chars[i].isASCII, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" else { break }
            i += 1
        }
        let name = String(chars[1..<i])
        while i < chars.count, chars[i] == " " || chars[i] == "\t" {
            i += 1
        }
        guard i < chars.count, chars[i] == "=" else { return nil }
        i += 1
        while i < chars.count, chars[i] == " " || chars[i] == "\t" {
            i += 1
        }
        return (name, String(chars[i...]))
    }

    mutating func define(_ name: String, _ value: String) {
        values[name] = value
    }

    /// The line with every known parameter replaced; nil when the substitution limit is hit.
    func substitute(_ line: String) -> String? {
        var chars = Array(line)
        var position = 0
        var substitutions = 0
        while position < chars.count {
            guard chars[position] == "$", let (name, length) = reference(in: chars, at: position),
                let value = values[name]
            else {
                position += 1
                continue
            }
            substitutions += 1
            guard substitutions <= Self.substitutionLimit else { return nil }
            // The replacement is scanned again from its start, which makes substitution recursive.
            chars.replaceSubrange(position..<(position + length), with: Array(value))
        }
        return String(chars)
    }

    /// The name referenced at `start` (a `$`) and the length of the reference.
    private func reference(in chars: [Character], at start: Int) -> (String, Int)? {
        var i = start + 1
        let braced = i < chars.count && chars[i] == "{"
        if braced {
            i += 1
        }
        guard i < chars.count, chars[i].isASCII, chars[i].isLetter || chars[i] == "_" else { return nil }
        let nameStart = i
        while i < chars.count, chars[i].isASCII, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" {
            i += 1
        }
        let name = String(chars[nameStart..<i])
        if braced {
            guard i < chars.count, chars[i] == "}" else { return nil }
            return (name, i + 1 - start)
        }
        if i < chars.count, !" \t,)".contains(chars[i]) {
            return nil
        }
        return (name, i - start)
    }
}
