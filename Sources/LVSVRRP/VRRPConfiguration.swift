import LVSKeepalived

/// The VRRP half of a keepalived.conf: global defaults, vrrp_script and track_file blocks,
/// vrrp_instances (with their tracking resolved as keepalived 2.2.7 resolves it) and
/// vrrp_sync_groups. Read by `init(reading:problems:)`; every problem is reported in keepalived's
/// words and the offending piece dropped or defaulted, never a crash.
public struct VRRPConfiguration: Sendable, Hashable {
    public var globals = VRRPGlobalDefaults()
    public var scripts: [String: VRRPScript] = [:]
    public var trackFiles: [String: VRRPTrackFile] = [:]
    public var instances: [VRRPInstanceConfiguration] = []
    public var syncGroups: [VRRPSyncGroupConfiguration] = []

    public init() {}

    public func instance(named name: String) -> VRRPInstanceConfiguration? {
        instances.first { $0.name == name }
    }

    /// The sync group `instance` belongs to, if any.
    public func syncGroup(of instance: String) -> VRRPSyncGroupConfiguration? {
        syncGroups.first { $0.members.contains(instance) }
    }

    /// Reads the blocks in file order: as in keepalived, a vrrp_instance sees the vrrp_script and
    /// track_file blocks above it only.
    public init(reading configuration: KeepalivedConfiguration, problems: inout [String]) {
        self.init()
        globals = VRRPGlobalDefaults(reading: configuration.globalDefinitions, problems: &problems)
        for block in configuration.otherBlocks {
            switch block.keyword {
            case "vrrp_script":
                guard let name = block.argument(0) else {
                    problems.append("vrrp_script must have a name - skipping")
                    continue
                }
                if let script = VRRPScript(reading: block, problems: &problems) { scripts[name] = script }
            case "track_file", "vrrp_track_file":
                guard let name = block.argument(0) else {
                    problems.append("track_file must have a name - skipping")
                    continue
                }
                if block.keyword == "vrrp_track_file" {
                    problems.append("\"vrrp_track_file\" is deprecated, please use \"track_file\"")
                }
                if let file = VRRPTrackFile(reading: block, problems: &problems) { trackFiles[name] = file }
            case "vrrp_instance":
                guard block.arguments.count == 1, let name = block.argument(0) else {
                    problems.append("vrrp_instance must have a name")
                    continue
                }
                if instances.contains(where: { $0.name == name }) {
                    problems.append("vrrp instance \(name) already defined")
                    continue
                }
                instances.append(
                    VRRPInstanceConfiguration(
                        reading: block, globals: globals, scripts: scripts, trackFiles: trackFiles,
                        problems: &problems))
            case "vrrp_sync_group":
                guard block.arguments.count == 1, let name = block.argument(0) else {
                    problems.append("vrrp_sync_group must have a name - skipping")
                    continue
                }
                if syncGroups.contains(where: { $0.name == name }) {
                    problems.append("vrrp sync group \(name) already defined")
                    continue
                }
                syncGroups.append(readSyncGroup(block, name: name, problems: &problems))
            default:
                break
            }
        }
        resolveSyncGroups(problems: &problems)
        for index in instances.indices {
            dropWeights(ofInstanceAt: index, problems: &problems)
        }
        addGroupTracking(problems: &problems)
    }

    func readSyncGroup(_ block: ConfigNode, name: String, problems: inout [String]) -> VRRPSyncGroupConfiguration {
        var group = VRRPSyncGroupConfiguration(name: name)
        var sawGroup = false
        // Tracking lines are read as an instance reads them, with the group's name as owner.
        let reader = VRRPInstanceConfiguration(name: name)
        for child in block.children {
            switch child.keyword {
            case "group":
                if sawGroup {
                    problems.append("Group list already specified for sync group \(name)")
                    continue
                }
                sawGroup = true
                group.members = child.children.flatMap(\.words)
                if group.members.isEmpty { problems.append("Warning - sync group \(name) has empty group block") }
            case "track_interface":
                for line in child.children {
                    reader.readTrackedObject(
                        line, kind: .interface, defaults: nil, into: &group.trackedInterfaces, problems: &problems)
                }
            case "track_script":
                for line in child.children {
                    let known = scripts[line.keyword].map { ($0.weight, $0.reverse) }
                    reader.readTrackedObject(
                        line, kind: .script, defaults: .some(known), into: &group.trackedScripts, problems: &problems)
                }
            case "track_file":
                for line in child.children {
                    let known = trackFiles[line.keyword].map { ($0.weight, $0.reverse) }
                    reader.readTrackedObject(
                        line, kind: .file, defaults: .some(known), into: &group.trackedFiles, problems: &problems)
                }
            case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify":
                group.notify.read(child, owner: "vrrp group \(name):", problems: &problems)
            case "global_tracking":
                problems.append(
                    "(\(name)) global_tracking is deprecated. Use track_interface/script/file on the sync group")
                group.trackingWeight = true
            case "sync_group_tracking_weight":
                group.trackingWeight = true
            default:
                // smtp_alert (no mail is sent), notify_priority_changes, track_process, track_bfd.
                break
            }
        }
        return group
    }

    /// vrrp_sync.c vrrp_sync_set_group: unknown members and members of an earlier group are
    /// dropped; a group left empty is removed; a one-member group is probably a mistake.
    mutating func resolveSyncGroups(problems: inout [String]) {
        var taken: Set<String> = []
        var resolved: [VRRPSyncGroupConfiguration] = []
        for var group in syncGroups {
            var members: [String] = []
            for member in group.members {
                guard instances.contains(where: { $0.name == member }) else {
                    problems.append(
                        "Virtual router \(member) specified in sync group \(group.name) doesn't exist - ignoring")
                    continue
                }
                guard !taken.contains(member) else {
                    problems.append(
                        "Virtual router \(member) cannot exist in more than one sync group; ignoring \(group.name)")
                    continue
                }
                taken.insert(member)
                members.append(member)
            }
            group.members = members
            if members.isEmpty {
                problems.append(
                    "Sync group \(group.name), no matching virtual router found in group declaration - removing")
                continue
            }
            if members.count == 1 {
                problems.append(
                    "Sync group \(group.name) has only 1 virtual router(s) - this probably isn't what you want")
            }
            resolved.append(group)
        }
        syncGroups = resolved
    }

    /// vrrp.c vrrp_complete_instance: an address owner ignores weights; so does a sync group
    /// member unless the group has sync_group_tracking_weight.
    mutating func dropWeights(ofInstanceAt index: Int, problems: inout [String]) {
        var instance = instances[index]
        let group = syncGroup(of: instance.name)
        let sync = group.map { !$0.trackingWeight } ?? false
        guard sync || instance.priority == 255 else { return }
        let reason = sync ? "SYNC group" : "address owner"
        let scriptReason = sync ? "SYNC group" : "address_owner"
        instance.trackedInterfaces = instance.trackedInterfaces.compactMap { tracked in
            guard tracked.weight != 0 else { return tracked }
            problems.append(
                "(\(instance.name)) ignoring \(tracked.name) tracked interface \(sync ? "weight " : "")due to \(reason)"
            )
            return sync ? VRRPTrackedObject(name: tracked.name, reverse: tracked.reverse) : nil
        }
        instance.trackedScripts = instance.trackedScripts.filter { tracked in
            guard tracked.weight != 0 else { return true }
            problems.append(
                "(\(instance.name)) ignoring tracked script \(tracked.name) with weights due to \(scriptReason)")
            return false
        }
        instance.trackedFiles = instance.trackedFiles.compactMap { tracked in
            if tracked.weight == 1 {
                problems.append(
                    "(\(instance.name)) ignoring weight from tracked file \(tracked.name) due to \(scriptReason). specify weight 0"
                )
                return VRRPTrackedObject(name: tracked.name, reverse: tracked.reverse)
            }
            guard tracked.weight != 0 else { return tracked }
            problems.append(
                "(\(instance.name)) ignoring tracked file \(tracked.name) with weight \(tracked.weight) due to \(scriptReason)"
            )
            return nil
        }
        instances[index] = instance
    }

    /// vrrp.c sync_group_tracking_init: the group's tracked objects go to every member (weights
    /// cleared when a member is the address owner); an object a member already tracks takes the
    /// group's weight unless the member's is 0.
    mutating func addGroupTracking(problems: inout [String]) {
        for group in syncGroups {
            let hasOwner = group.members.contains { instance(named: $0)?.priority == 255 }
            func cleared(_ list: [VRRPTrackedObject], what: String, action: String) -> [VRRPTrackedObject] {
                list.map { tracked in
                    guard hasOwner, tracked.weight != 0 else { return tracked }
                    problems.append(
                        "(\(group.name)) Cannot have weighted track \(what) '\(tracked.name)' with member having priority 255 - \(action)"
                    )
                    return VRRPTrackedObject(name: tracked.name, reverse: tracked.reverse)
                }
            }
            let scripts = cleared(group.trackedScripts, what: "script", action: "clearing weight")
            let files = cleared(group.trackedFiles, what: "file", action: "setting weight 0")
            let interfaces = cleared(group.trackedInterfaces, what: "interface", action: "clearing weight")
            for index in instances.indices where group.members.contains(instances[index].name) {
                Self.merge(scripts, into: &instances[index].trackedScripts)
                Self.merge(files, into: &instances[index].trackedFiles)
                Self.merge(interfaces, into: &instances[index].trackedInterfaces)
            }
        }
    }

    static func merge(_ additions: [VRRPTrackedObject], into list: inout [VRRPTrackedObject]) {
        for addition in additions {
            if let existing = list.firstIndex(where: { $0.name == addition.name }) {
                if list[existing].weight != 0 { list[existing] = addition }
            } else {
                list.append(addition)
            }
        }
    }
}
