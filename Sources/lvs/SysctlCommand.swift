import ArgumentParser
import LVSControl
import LVSCore
import LVSLinux

/// `lvs sysctl`: the director's IPVS sysctls, read and changed as sysctl(8) does the kernel's
/// /proc/sys/net/ipv4/vs: `lvs sysctl -a`, `lvs sysctl net.ipv4.vs.drop_entry`,
/// `lvs sysctl net.ipv4.vs.drop_entry=1 secure_tcp=1` (all changes or none).
struct SysctlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sysctl",
        abstract: "Show or change the running director's IPVS sysctls (net.ipv4.vs.NAME), like sysctl(8).",
        discussion: """
            NAME shows a setting, NAME=VALUE changes it (the net.ipv4.vs. prefix may be \
            left out); several changes are made all together or, if one is refused, not \
            at all. Without NAME, or with -a, every setting is shown. drop_entry, \
            drop_packet and secure_tcp in mode 1 read 2 while the connection table is \
            within amemthresh pages of --max-connections. sync_ports, sync_qlen_max, \
            sync_sock_size and sync_version are read at start only: lvs director \
            --sysctl NAME=VALUE.
            """)

    @OptionGroup var controlSocket: DirectorSocketOption

    @Flag(name: [.customShort("a"), .customLong("all")], help: "Show every setting.")
    var all = false

    @Flag(name: [.customShort("n"), .customLong("values")], help: "Print values only, without names.")
    var valuesOnly = false

    @Flag(
        name: [.customShort("w"), .customLong("write")],
        help: "Accepted for sysctl(8)'s sake: NAME=VALUE writes anyway.")
    var write = false

    @Argument(help: ArgumentHelp("Settings to show (NAME) or change (NAME=VALUE).", valueName: "NAME[=VALUE]"))
    var settings: [String] = []

    static let prefix = "net.ipv4.vs."

    static func shortName(_ name: String) -> String {
        name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
    }

    func run() throws {
        var changes: [String: String] = [:]
        var shown: [String] = []
        for setting in settings {
            if let eq = setting.firstIndex(of: "=") {
                let name = Self.shortName(String(setting[..<eq]))
                changes[name] = String(setting[setting.index(after: eq)...])
                shown.append(name)
            } else {
                let name = Self.shortName(setting)
                guard IPVSSysctls.names.contains(name) else {
                    StandardStreams.err("lvs sysctl: \(IPVSSysctlError.unknownName(name))\n")
                    throw ExitCode(1)
                }
                shown.append(name)
            }
        }
        if all || settings.isEmpty { shown = IPVSSysctls.names }
        let path = controlSocket.resolved
        let values: [String: String]
        do {
            switch try ControlChannel.socket(path: path).sysctls(set: changes) {
            case .success(let v): values = v
            case .failure(let refusal):
                StandardStreams.err("lvs sysctl: \(refusal) (nothing changed)\n")
                throw ExitCode(1)
            }
        } catch let error as IPVSControlError {
            StandardStreams.err("lvs sysctl: \(error)\n")
            throw ExitCode(1)
        }
        var out = ""
        for name in shown {
            let value = values[name] ?? ""
            out += valuesOnly ? "\(value)\n" : "\(Self.prefix)\(name) = \(value)\n"
        }
        StandardStreams.out(out)
    }
}
