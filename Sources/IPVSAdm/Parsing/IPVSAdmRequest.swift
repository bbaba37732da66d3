import LVSCore

/// What one ipvsadm command line asks for.
public enum IPVSAdmRequest: Hashable, Sendable {
    /// Table changes: -A -E -D -C -a -e -d -Z --set --start-daemon --stop-daemon.
    case apply([AdminOperation])
    /// -L / -l, or no arguments at all.
    case list(ListOptions)
    /// -S [-n]. `service` is always nil from the command line (ipvsadm forbids -t with -S)
    /// but the formatter supports it.
    case save(numeric: Bool, service: ServiceKey?)
    /// -R: commands follow on standard input (see `IPVSAdmParser.parseRestore`).
    case restore
    /// -h: the usage text on stdout, exit 0.
    case help
    /// -v: the version line on stdout, exit 0.
    case version
}
