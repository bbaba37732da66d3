import LVSKeepalived
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSVRRP

/// The VRRP half of keepalived.conf as keepalived 2.2.7 reads it: tracking, addresses, notify
/// scripts, global defaults, sync groups, with keepalived's messages for what it refuses.
@Suite struct VRRPConfigurationTests {
    static func read(_ text: String) -> (VRRPConfiguration, [String]) {
        let path = "/etc/keepalived/keepalived.conf"
        let result = KeepalivedConfigurationParser(source: InMemoryConfigFileSource([path: text])).parse(path: path)
        var problems: [String] = []
        guard let configuration = result.configuration else {
            Issue.record("not parsed: \(result.diagnostics)")
            return (VRRPConfiguration(), [])
        }
        return (VRRPConfiguration(reading: configuration, problems: &problems), problems)
    }

    static let tracked = """
        vrrp_script chk_http {
            script "/usr/local/bin/check http --quiet"
            interval 2
            timeout 3
            weight -20
            rise 3
            fall 2
            user nobody nogroup
        }
        vrrp_script chk_up {
            script /bin/true
            init_fail
        }
        track_file maint {
            file /run/keepalived/maint
            weight -10 reverse
            init_file 5 overwrite
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 100
            virtual_ipaddress {
                198.18.0.10/24 dev eth1 label eth1:vip
                198.18.0.11
            }
            virtual_ipaddress_excluded {
                2001:db8::10/64
            }
            track_interface {
                eth1 weight 30
                eth2
                eth3 weight -254
            }
            track_script {
                chk_http
                chk_up weight 15
            }
            track_file {
                maint weight 2
            }
            notify_master "/etc/keepalived/master.sh VI_1 up" root
            notify /etc/keepalived/notify.sh
            smtp_alert
            garp_lower_prio_repeat 2
            garp_lower_prio_delay 0
        }
        """

    @Test func scriptsFilesAndTrackingWithKeepalivedsDefaults() {
        let (configuration, problems) = Self.read(Self.tracked)
        #expect(problems == ["(VI_1) weight for eth3 cannot be +/-254. Setting to +/-253"])
        let http = configuration.scripts["chk_http"]
        #expect(http?.arguments == ["/usr/local/bin/check", "http", "--quiet"])
        #expect(http?.interval == 2000)
        #expect(http?.timeout == 3000)
        #expect(http?.weight == -20)
        #expect(http?.rise == 3)
        #expect(http?.fall == 2)
        #expect(http?.user == "nobody")
        #expect(http?.group == "nogroup")
        // vrrp_track.h: interval 1 s, timeout 0 (= the interval), weight 0; rise and fall 1.
        let up = configuration.scripts["chk_up"]
        #expect(up?.arguments == ["/bin/true"])
        #expect(up?.interval == 1000)
        #expect(up?.effectiveTimeout == 1000)
        #expect(up?.weight == 0)
        #expect(up?.rise == 1 && up?.fall == 1)
        #expect(up?.initFail == true)
        let maint = configuration.trackFiles["maint"]
        #expect(maint?.path == "/run/keepalived/maint")
        #expect(maint?.weight == -10)
        #expect(maint?.reverse == true)
        #expect(maint?.initialValue == 5)
        #expect(maint?.overwrite == true)

        guard let instance = configuration.instance(named: "VI_1") else {
            Issue.record("no VI_1")
            return
        }
        #expect(
            instance.virtualIPAddresses == [
                VRRPVirtualAddress(
                    address: InetAddress("198.18.0.10")!, prefixLength: 24, device: "eth1", label: "eth1:vip"),
                VRRPVirtualAddress(address: InetAddress("198.18.0.11")!, prefixLength: 32),
            ])
        #expect(instance.virtualAddresses == [InetAddress("198.18.0.10")!, InetAddress("198.18.0.11")!])
        #expect(
            instance.excludedVirtualIPAddresses == [
                VRRPVirtualAddress(address: InetAddress("2001:db8::10")!, prefixLength: 64)
            ])
        #expect(instance.claimedAddresses.count == 3)
        #expect(
            instance.trackedInterfaces == [
                VRRPTrackedObject(name: "eth1", weight: 30), VRRPTrackedObject(name: "eth2"),
                VRRPTrackedObject(name: "eth3", weight: -253),
            ])
        // A track_script line without weight takes the vrrp_script's weight.
        #expect(
            instance.trackedScripts == [
                VRRPTrackedObject(name: "chk_http", weight: -20), VRRPTrackedObject(name: "chk_up", weight: 15),
            ])
        // track_file's own `reverse` carries over when the line gives only a weight.
        #expect(instance.trackedFiles == [VRRPTrackedObject(name: "maint", weight: 2, reverse: true)])
        #expect(instance.notify.master == NotifyScript(command: "/etc/keepalived/master.sh VI_1 up", user: "root"))
        #expect(instance.notify.generic == NotifyScript(command: "/etc/keepalived/notify.sh"))
        #expect(instance.notify.backup == nil)
        #expect(instance.lowerPriorityGratuitousRepeat == 2)
        #expect(instance.lowerPriorityGratuitousDelay == 0)
        #expect(instance.tracksPrimaryInterface)
    }

    /// global_defs sets every instance's defaults; the instance's own keyword wins.
    @Test func globalDefaults() {
        let (configuration, problems) = Self.read(
            """
            global_defs {
                vrrp_garp_master_delay 10
                vrrp_garp_master_repeat 3
                vrrp_garp_master_refresh 60
                vrrp_garp_lower_prio_repeat 1
                vrrp_version 3
            }
            vrrp_instance A {
                virtual_router_id 1
                virtual_ipaddress {
                    198.18.1.1
                }
            }
            vrrp_instance B {
                virtual_router_id 2
                version 2
                garp_master_repeat 7
                garp_lower_prio_delay 1
                virtual_ipaddress {
                    198.18.1.2
                }
            }
            """)
        #expect(problems == [])
        #expect(configuration.globals.gratuitousDelay == 10_000)
        let a = configuration.instance(named: "A")
        #expect(a?.version == .v3)
        #expect(a?.gratuitousDelay == 10_000)
        #expect(a?.gratuitousRepeat == 3)
        #expect(a?.gratuitousRefresh == 60_000)
        #expect(a?.lowerPriorityGratuitousRepeat == 1)
        // vrrp_garp_lower_prio_delay unset: vrrp_garp_master_delay.
        #expect(a?.lowerPriorityGratuitousDelay == 10_000)
        let b = configuration.instance(named: "B")
        #expect(b?.version == .v2)
        #expect(b?.gratuitousRepeat == 7)
        #expect(b?.lowerPriorityGratuitousRepeat == 1)
        #expect(b?.lowerPriorityGratuitousDelay == 1000)

        // Without global_defs: keepalived's 5 GARPs now and 5 after 5 s, for lower priorities too.
        let (plain, _) = Self.read("vrrp_instance C {\n virtual_router_id 3\n}\n")
        #expect(plain.instance(named: "C")?.lowerPriorityGratuitousRepeat == 5)
        #expect(plain.instance(named: "C")?.lowerPriorityGratuitousDelay == 5000)
        #expect(plain.instance(named: "C")?.version == .v2)
    }

    /// vrrp.c vrrp_complete_instance: `state MASTER` without a priority is the address owner;
    /// priority 255 without a state starts as MASTER.
    @Test func ownerDefaultsFollowStateAndPriority() {
        let (configuration, _) = Self.read(
            """
            vrrp_instance M {
                state MASTER
                virtual_router_id 1
            }
            vrrp_instance O {
                priority 255
                virtual_router_id 2
            }
            vrrp_instance P {
                state MASTER
                priority 150
                virtual_router_id 3
            }
            """)
        #expect(configuration.instance(named: "M")?.priority == 255)
        #expect(configuration.instance(named: "O")?.initialState == .master)
        #expect(configuration.instance(named: "P")?.priority == 150)
    }

    @Test func badTrackingLinesAreReportedAndDropped() {
        let (configuration, problems) = Self.read(
            """
            vrrp_script s1 {
                script /bin/check
                weight 300
                rise 0
                interval 0
            }
            vrrp_script empty {
                interval 2
            }
            vrrp_instance VI_1 {
                virtual_router_id 1
                track_interface {
                    eth1 weight
                    eth2 height 3
                    eth4 weight 10 sideways
                    eth4
                }
                track_script {
                    nosuch
                    s1 weight 999
                    empty
                }
                track_file {
                    missing weight 3
                }
                virtual_ipaddress {
                    198.18.0.300
                    198.18.0.1/40
                    198.18.0.2 label this-label-is-far-too-long
                    2001:db8::1
                }
                notify_master /bin/a
                notify_master /bin/b
            }
            """)
        #expect(
            problems == [
                "vrrp_script s1 weight 300 must be in [-253, 253]",
                "(s1): vrrp script rise value '0' invalid, defaulting to 1",
                "(s1): vrrp script interval must be greater than 0, setting to 1",
                "No script set for vrrp_script empty - removing",
                "(VI_1) weight without value specified for track_interface eth1 - ignoring",
                "(VI_1) unknown track_interface eth2 option height - ignoring",
                "(VI_1) unknown track_interace eth4 weight option sideways - ignoring",
                "(VI_1) duplicate track_interface eth4 - ignoring",
                "(VI_1) track script nosuch not found, ignoring...",
                "(VI_1) track script s1: weight must be between [-253..253] inclusive, ignoring...",
                "(VI_1) track script empty not found, ignoring...",
                "(VI_1) track file missing not found, ignoring...",
                "VRRP parsed invalid IP 198.18.0.300. skipping IP...",
                "Invalid address prefix len 40 for address 198.18.0.1/40 - using 32",
                "Address label this-label-is-far-too-long is longer than maximum length 15 - removing address",
                "(VI_1): address family must match VRRP instance [2001:db8::1] - ignoring",
                "(VI_1) notify_master script already specified - ignoring /bin/b",
            ])
        let instance = configuration.instance(named: "VI_1")
        #expect(instance?.trackedInterfaces == [VRRPTrackedObject(name: "eth4", weight: 10)])
        #expect(instance?.trackedScripts == [VRRPTrackedObject(name: "s1", weight: 0)])
        #expect(instance?.virtualIPAddresses.map(\.prefixLength) == [32])
        #expect(instance?.notify.master?.command == "/bin/a")
        #expect(configuration.scripts["s1"]?.interval == 1000)
        #expect(configuration.scripts["empty"] == nil)
    }

    /// A track_script naming a vrrp_script defined further down is "not found", as in keepalived.
    @Test func scriptsMustComeBeforeTheInstance() {
        let (configuration, problems) = Self.read(
            """
            vrrp_instance VI_1 {
                virtual_router_id 1
                track_script {
                    late
                }
            }
            vrrp_script late {
                script /bin/true
            }
            """)
        #expect(problems == ["(VI_1) track script late not found, ignoring..."])
        #expect(configuration.instance(named: "VI_1")?.trackedScripts == [])
    }

    @Test func syncGroupsResolveMembersAndWeights() {
        let (configuration, problems) = Self.read(
            """
            vrrp_script chk {
                script /bin/chk
                weight 10
            }
            vrrp_instance VI_1 {
                virtual_router_id 1
                track_script {
                    chk
                }
                track_interface {
                    eth1 weight 5
                }
            }
            vrrp_instance VI_2 {
                virtual_router_id 2
            }
            vrrp_instance OWNER {
                virtual_router_id 3
                priority 255
                track_script {
                    chk
                }
            }
            vrrp_sync_group G1 {
                group {
                    VI_1
                    VI_2 NOPE
                }
                track_interface {
                    bond0
                }
                notify_master "/bin/g master"
                notify /bin/gnotify
            }
            vrrp_sync_group G2 {
                group {
                    VI_2
                }
            }
            vrrp_sync_group G1 {
                group {
                    VI_1
                }
            }
            """)
        #expect(
            problems == [
                "vrrp sync group G1 already defined",
                "Virtual router NOPE specified in sync group G1 doesn't exist - ignoring",
                "Virtual router VI_2 cannot exist in more than one sync group; ignoring G2",
                "Sync group G2, no matching virtual router found in group declaration - removing",
                "(VI_1) ignoring eth1 tracked interface weight due to SYNC group",
                "(VI_1) ignoring tracked script chk with weights due to SYNC group",
                "(OWNER) ignoring tracked script chk with weights due to address_owner",
            ])
        #expect(configuration.syncGroups.map(\.name) == ["G1"])
        #expect(configuration.syncGroups.first?.members == ["VI_1", "VI_2"])
        #expect(configuration.syncGroup(of: "VI_2")?.name == "G1")
        #expect(configuration.syncGroups.first?.notify.master?.arguments == ["/bin/g", "master"])
        let member = configuration.instance(named: "VI_1")
        #expect(member?.trackedScripts == [])
        // The weight is dropped, the tracking stays (down: FAULT); the group's bond0 is added.
        #expect(member?.trackedInterfaces == [VRRPTrackedObject(name: "eth1"), VRRPTrackedObject(name: "bond0")])
        #expect(configuration.instance(named: "VI_2")?.trackedInterfaces == [VRRPTrackedObject(name: "bond0")])
    }

    @Test func trackFileBlocks() {
        let (configuration, problems) = Self.read(
            """
            vrrp_track_file old {
                file /tmp/old
            }
            track_file nofile {
                weight 3
            }
            track_file f {
                file /tmp/f
                weight 500
                init_file
            }
            """)
        #expect(
            problems == [
                "\"vrrp_track_file\" is deprecated, please use \"track_file\"",
                "No file set for track_file nofile - ignoring",
                "Weight (500) for track_file f must be between [-254..254] inclusive. Ignoring...",
            ])
        #expect(configuration.trackFiles["old"]?.weight == 1)
        #expect(configuration.trackFiles["nofile"] == nil)
        #expect(configuration.trackFiles["f"]?.weight == 1)
        #expect(configuration.trackFiles["f"]?.initialValue == 0)
        #expect(configuration.trackFiles["f"]?.overwrite == false)
    }

    /// process_track_file: strtol base 0, trailing text ignored, empty is 0, beyond int32 ignored.
    @Test func trackFileValues() {
        func value(_ text: String) -> Int64? { VRRPTrackFile.value(contents: Array(text.utf8)) }
        #expect(value("42\n") == 42)
        #expect(value("  -7 apples") == -7)
        #expect(value("0x1F") == 31)
        #expect(value("010") == 8)
        #expect(value("") == 0)
        #expect(value("junk") == 0)
        #expect(value("2147483648") == 2_147_483_648)
        #expect(value("2147483649") == nil)
        #expect(value("99999999999999999999999") == nil)
    }
}
