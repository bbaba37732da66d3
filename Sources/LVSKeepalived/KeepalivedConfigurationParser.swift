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
        let roots = ConfigTreeBuilder.build(lexer.lines, log: &log)
        let reader = ConfigReader()
        reader.read(roots)
        log.append(contentsOf: reader.log.entries)
        var resolver = ConfigurationResolver(
            log: DiagnosticLog(), global: reader.globalDefinitions,
            groups: reader.groups)
        let virtualServers = resolver.resolve(reader.virtualServers)
        log.append(contentsOf: resolver.log.entries)
        let configuration = KeepalivedConfiguration(
            globalDefinitions: reader.globalDefinitions, virtualServerGroups: reader.groups,
            virtualServers: virtualServers, ssl: reader.ssl, otherBlocks: reader.otherBlocks)
        ScriptSecurity.check(configuration, log: &log)
        return KeepalivedParseResult(configuration: log.hasErrors ? nil : configuration, diagnostics: log.entries)
    }
}
