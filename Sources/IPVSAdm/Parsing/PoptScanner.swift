/// Walks argv the way popt 1.19's `poptGetNextOpt` does for ipvsadm's option table, because
/// ipvsadm's messages quote popt's view of the command line: clustered short options (`-Ln`),
/// attached arguments (`-t1.2.3.4:80`, `-p=30`, `--weight=3`), an optional argument for `-p`
/// only when the next word does not start with `-`, `--` ending the options, and non-option
/// words collected as leftovers wherever they appear.
struct PoptScanner {
    enum Failure: Equatable {
        case missingArgument, unwantedArgument, unknownOption

        /// poptStrerror's text.
        var text: String {
            switch self {
            case .missingArgument: "missing argument"
            case .unwantedArgument: "option does not take an argument"
            case .unknownOption: "unknown option"
            }
        }
    }

    enum Event {
        /// An option and its argument (nil when it takes none, or an optional one was absent).
        case option(OptionSpec, String?)
        case end
        case failure(Failure)
    }

    /// argv including the program name at index 0, as popt sees it.
    private let argv: [[UInt8]]
    private var next = 1
    /// The rest of a cluster of short options still to be read: (argv index, byte offset).
    private var pendingShort: (index: Int, offset: Int)?
    private var restAreLeftovers = false
    private(set) var leftovers: [String] = []
    private var leftoverCursor = 0

    init(program: String, arguments: [String]) {
        argv = ([program] + arguments).map { Array($0.utf8) }
    }

    /// popt's `poptBadOption(..., POPT_BADOPTION_NOALIAS)`: the argv word read last.
    var lastWord: String {
        String(decoding: argv[max(0, next - 1)], as: UTF8.self)
    }

    /// popt's `poptGetArg`: the next leftover word.
    mutating func nextLeftover() -> String? {
        guard leftoverCursor < leftovers.count else { return nil }
        defer { leftoverCursor += 1 }
        return leftovers[leftoverCursor]
    }

    mutating func nextOption() -> Event {
        let dash = UInt8(ascii: "-")
        let equals = UInt8(ascii: "=")
        while true {
            if pendingShort == nil && next == argv.count { return .end }
            var found: OptionSpec?
            var longArgument: String?

            if pendingShort == nil {
                let word = argv[next]
                next += 1
                if restAreLeftovers || word.first != dash || word.count == 1 {
                    leftovers.append(String(decoding: word, as: UTF8.self))
                    continue
                }
                if word.count == 2 && word[1] == dash {
                    restAreLeftovers = true
                    continue
                }
                let doubleDash = word[1] == dash
                if doubleDash {
                    let nameStart = 2
                    let nameEnd = word[nameStart...].firstIndex(of: equals) ?? word.count
                    if nameEnd < word.count {
                        longArgument = String(decoding: word[(nameEnd + 1)...], as: UTF8.self)
                    }
                    let name = String(decoding: word[nameStart..<nameEnd], as: UTF8.self)
                    guard let spec = OptionTable.find(long: name[...]) else { return .failure(.unknownOption) }
                    found = spec
                } else {
                    // No ipvsadm option allows a single-dash long name: read it as short options.
                    pendingShort = (next - 1, 1)
                }
            }

            if let (index, offset) = pendingShort {
                pendingShort = nil
                let word = argv[index]
                guard let spec = OptionTable.find(short: word[offset]) else { return .failure(.unknownOption) }
                found = spec
                if offset + 1 < word.count { pendingShort = (index, offset + 1) }
            }

            guard let spec = found else { return .failure(.unknownOption) }

            if spec.argument == .none {
                if longArgument != nil { return .failure(.unwantedArgument) }
                if let (index, offset) = pendingShort, argv[index][offset] == equals {
                    return .failure(.unwantedArgument)
                }
                return .option(spec, nil)
            }

            if let value = longArgument { return .option(spec, value) }
            if let (index, offset) = pendingShort {
                pendingShort = nil
                let word = argv[index]
                let start = word[offset] == equals ? offset + 1 : offset
                return .option(spec, String(decoding: word[start...], as: UTF8.self))
            }
            if next == argv.count {
                return spec.argument == .optional ? .option(spec, nil) : .failure(.missingArgument)
            }
            if spec.argument == .optional && argv[next].first == dash {
                return .option(spec, nil)
            }
            next += 1
            return .option(spec, String(decoding: argv[next - 1], as: UTF8.self))
        }
    }
}
