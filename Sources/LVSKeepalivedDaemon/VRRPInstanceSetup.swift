import LVSKeepalived
import LVSVRRP
import LVSVocabulary

/// One vrrp_instance as the runner needs it, read from keepalived.conf: the configuration
/// LVSVRRP reads, plus what it does not read yet (notify scripts, virtual_ipaddress_excluded).
public struct VRRPInstanceSetup: Sendable, Hashable {
    public var configuration: VRRPInstanceConfiguration
    public var scripts: VRRPNotifyScripts
    public var excludedAddresses: [InetAddress]
    /// Where the block starts, for messages.
    public var location: SourceLocation

    /// Every usable vrrp_instance of `configuration`; `problems` gets keepalived's words for
    /// values it ignores and for instances it refuses (no interface, no VRID), with the line
    /// of the instance.
    public static func all(
        in configuration: KeepalivedConfiguration, problems: inout [(SourceLocation?, String)]
    ) -> [VRRPInstanceSetup] {
        let global = configuration.globalDefinitions
        var result: [VRRPInstanceSetup] = []
        for node in configuration.otherBlocks where node.keyword == "vrrp_instance" {
            var found: [String] = []
            let instance = VRRPInstanceConfiguration(reading: node, problems: &found)
            problems += found.map { (Self.line(of: $0, in: node), $0) }
            // Reported after reading, as keepalived's vrrp_complete_instance does: no line.
            if instance.interface == nil {
                problems.append((nil, "(\(instance.name)) Unknown interface!"))
                continue
            }
            if instance.virtualRouterID == 0 {
                problems.append((nil, "(\(instance.name)) the virtual router id must be set"))
                continue
            }
            let excluded =
                node.children.first { $0.keyword == "virtual_ipaddress_excluded" }?.children.compactMap {
                    InetAddress(String($0.keyword.split(separator: "/").first ?? ""))
                } ?? []
            result.append(
                VRRPInstanceSetup(
                    configuration: instance,
                    scripts: VRRPNotifyScripts(
                        reading: node, scriptUser: global.scriptUser, scriptGroup: global.scriptGroup),
                    excludedAddresses: excluded, location: node.location))
        }
        return result
    }

    public var ownedAddresses: [InetAddress] { configuration.virtualAddresses + excludedAddresses }

    /// The line of the keyword a reading problem is about (keepalived reports there), else the
    /// instance's own line.
    static func line(of problem: String, in node: ConfigNode) -> SourceLocation {
        let keywords: [(String, String)] = [
            ("VRID", "virtual_router_id"), ("Priority", "priority"), ("Advert interval", "advert_int"),
            ("Version", "version"), ("vrrp_version", "version"), ("state", "state"),
            ("Preempt_delay", "preempt_delay"), ("auth", "authentication"),
        ]
        for (word, keyword) in keywords where problem.contains(word) {
            if let line = node.children.first(where: { $0.keyword == keyword }) { return line.location }
        }
        return node.location
    }
}
