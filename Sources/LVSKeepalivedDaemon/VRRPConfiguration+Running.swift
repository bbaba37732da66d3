import LVSKeepalived
import LVSVRRP

extension VRRPConfiguration {
    /// keepalived.conf's VRRP part as the runtime runs it: LVSVRRP's reading, without the
    /// instances keepalived refuses after reading (no interface, no VRID; vrrp.c
    /// vrrp_complete_instance), which also leave their sync groups. `problems` gets keepalived's
    /// words, located at the keyword's line when they are about one instance's keyword (as
    /// keepalived reports while reading), at the instance's line for its other problems.
    public static func running(
        _ configuration: KeepalivedConfiguration, problems: inout [(SourceLocation?, String)]
    ) -> VRRPConfiguration {
        var found: [String] = []
        var vrrp = VRRPConfiguration(reading: configuration, problems: &found)
        let blocks = configuration.otherBlocks.filter { $0.keyword == "vrrp_instance" }
        for problem in found {
            let block = blocks.first { block in block.argument(0).map { problem.contains("(\($0))") } ?? false }
            problems.append((block.map { line(of: problem, in: $0) }, problem))
        }
        var refused: Set<String> = []
        for instance in vrrp.instances {
            // Reported after reading, as keepalived's vrrp_complete_instance does: no line.
            if instance.interface == nil {
                problems.append((nil, "(\(instance.name)) Unknown interface!"))
                refused.insert(instance.name)
            } else if instance.virtualRouterID == 0 {
                problems.append((nil, "(\(instance.name)) the virtual router id must be set"))
                refused.insert(instance.name)
            }
        }
        vrrp.instances.removeAll { refused.contains($0.name) }
        for index in vrrp.syncGroups.indices {
            vrrp.syncGroups[index].members.removeAll { refused.contains($0) }
        }
        vrrp.syncGroups.removeAll { $0.members.isEmpty }
        return vrrp
    }

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
