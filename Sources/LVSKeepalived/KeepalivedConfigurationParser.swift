/// Parses keepalived 2.2.x configuration files into the LVS model.
///
///     let result = KeepalivedConfigurationParser(source: files).parse(path: "/etc/keepalived/keepalived.conf")
///     for diagnostic in result.diagnostics { print(diagnostic) }   // (FILE: Line N) message
///     guard let configuration = result.configuration else { exit(result.testExitStatus) }
public struct KeepalivedConfigurationParser {
    public static let defaultPath = "/etc/keepalived/keepalived.conf"

    public var source: any ConfigFileSource
    /// keepalived's `-i` config-id for `@ID` lines; keepalived defaults to the host name's first label.
    public var configID: String?

    public init(source: any ConfigFileSource, configID: String? = nil) {
        self.source = source
        self.configID = configID
    }

    public func parse(path: String = Self.defaultPath) -> KeepalivedParseResult {
        var lexer = ConfigLexer(source: source, configID: configID)
        guard lexer.readMainFile(path) else {
            return KeepalivedParseResult(configuration: nil, diagnostics: lexer.log.entries)
        }
        var log = lexer.log
        let tree = ConfigTreeBuilder.build(lexer.lines, log: &log)
        let reader = ConfigReader()
        reader.read(tree.roots)
        log.append(contentsOf: reader.log.entries)
        if tree.unclosedBlocks > 0 {
            // Reported when the stream ends, so with no line.
            log.error("There are \(tree.unclosedBlocks) missing '}'s or extra '{'s", at: nil, status: .missingBlockEnd)
        }
        var resolver = ConfigurationResolver(
            log: DiagnosticLog(), global: reader.globalDefinitions,
            groups: reader.groups)
        let virtualServers = resolver.resolve(reader.virtualServers)
        let configuration = KeepalivedConfiguration(
            globalDefinitions: reader.globalDefinitions, virtualServerGroups: reader.groups,
            virtualServers: virtualServers, ssl: reader.ssl, otherBlocks: reader.otherBlocks)
        ScriptSecurity.check(configuration, log: &resolver.log)
        // keepalived validates after reading, when no file or line is current: the location is kept
        // for tools, not printed.
        log.append(
            contentsOf: resolver.log.entries.map { entry in
                var unprefixed = entry
                unprefixed.prefix = ConfigDiagnostic.Prefix.none
                return unprefixed
            })
        return KeepalivedParseResult(configuration: log.hasErrors ? nil : configuration, diagnostics: log.entries)
    }
}
