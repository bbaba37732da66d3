import LVSKeepalived
import Testing

@testable import LVSVRRP

/// The argv keepalived 2.2.7 gives notify scripts (vrrp_notify.c notify_script_exec,
/// send_instance_notifies): the state script as written, then `notify` with
/// INSTANCE|GROUP, the name (unquoted: argv, no shell), the state and the priority.
@Suite struct VRRPNotifyTests {
    @Test func instanceScriptsInKeepalivedsOrder() {
        let scripts = VRRPNotifyScripts(
            master: NotifyScript(command: "/etc/keepalived/to-master.sh 'two words' x\\ty", user: "root"),
            backup: NotifyScript(command: "/etc/keepalived/to-backup.sh"),
            generic: NotifyScript(command: "/usr/bin/logger -t vrrp", user: "nobody", group: "nogroup"))
        #expect(
            scripts.instanceCommands(name: "VI_1", entering: .master, priority: 150) == [
                VRRPNotifyCommand(arguments: ["/etc/keepalived/to-master.sh", "two words", "x\ty"], user: "root"),
                VRRPNotifyCommand(
                    arguments: ["/usr/bin/logger", "-t", "vrrp", "INSTANCE", "VI_1", "MASTER", "150"], user: "nobody",
                    group: "nogroup"),
            ])
        #expect(
            scripts.instanceCommands(name: "VI_1", entering: .backup, priority: 90).map(\.arguments) == [
                ["/etc/keepalived/to-backup.sh"],
                ["/usr/bin/logger", "-t", "vrrp", "INSTANCE", "VI_1", "BACKUP", "90"],
            ])
        // No notify_fault: only the generic script runs; STOP is keepalived's word for shutdown.
        #expect(
            scripts.instanceCommands(name: "VI_1", entering: .fault, priority: 100).map(\.arguments) == [
                ["/usr/bin/logger", "-t", "vrrp", "INSTANCE", "VI_1", "FAULT", "100"]
            ])
        #expect(
            scripts.instanceCommands(name: "VI_1", entering: .initialize, priority: 100).map(\.arguments) == [
                ["/usr/bin/logger", "-t", "vrrp", "INSTANCE", "VI_1", "STOP", "100"]
            ])
        #expect(
            scripts.groupCommands(name: "G1", entering: .fault).map(\.arguments) == [
                ["/usr/bin/logger", "-t", "vrrp", "GROUP", "G1", "FAULT", "0"]
            ])
    }

    @Test func fifoLinesQuoteTheName() {
        #expect(
            VRRPNotifyScripts.fifoLine(group: false, name: "VI_1", entering: .master, priority: 100)
                == "INSTANCE \"VI_1\" MASTER 100\n")
        #expect(
            VRRPNotifyScripts.fifoLine(group: true, name: "G", entering: .backup, priority: 100)
                == "GROUP \"G\" BACKUP 0\n")
    }

    /// Read from keepalived.conf: a quoted script keeps its arguments; a bare second word is
    /// the user.
    @Test func readFromTheConfiguration() {
        let (configuration, problems) = VRRPConfigurationTests.read(
            """
            vrrp_instance VI_1 {
                virtual_router_id 1
                notify_backup "/bin/echo backup now"
                notify_fault /bin/fault.sh daemon
                notify_stop /bin/stop.sh
                notify "/bin/n.sh --flag"
            }
            """)
        #expect(problems == [])
        let notify = configuration.instance(named: "VI_1")?.notify ?? VRRPNotifyScripts()
        #expect(
            notify.instanceCommands(name: "VI_1", entering: .backup, priority: 100).map(\.arguments) == [
                ["/bin/echo", "backup", "now"], ["/bin/n.sh", "--flag", "INSTANCE", "VI_1", "BACKUP", "100"],
            ])
        #expect(notify.fault == NotifyScript(command: "/bin/fault.sh", user: "daemon"))
        #expect(notify.script(for: .initialize)?.command == "/bin/stop.sh")
    }

    /// The priority passed is the effective one at the transition.
    @Test func instanceNotifyUsesTheEffectivePriority() {
        var configuration = VRRPInstanceTests.configuration(priority: 100)
        configuration.notify.generic = NotifyScript(command: "/bin/n")
        var instance = VRRPInstance(configuration: configuration, primaryAddress: VRRPInstanceTests.low)
        _ = instance.priorityChanged(to: 80, now: .zero)
        let actions = instance.start(now: .zero)
        let entered = actions.compactMap(VRRPInstance.stateEntered(by:))
        #expect(entered == [.backup])
        #expect(
            instance.notifyCommands(entering: .backup).map(\.arguments) == [
                ["/bin/n", "INSTANCE", "\(configuration.name)", "BACKUP", "80"]
            ])
    }

    /// vrrp_script's `script` takes its first word only (quote a command with arguments):
    /// vrrp_parser.c vrrp_vscript_script_handler splits strvec slot 1 and drops the rest.
    @Test func vrrpScriptTakesItsFirstWord() {
        let (configuration, _) = VRRPConfigurationTests.read(
            """
            vrrp_script bare {
                script /bin/check ignored words
            }
            vrrp_script quoted {
                script "/bin/check kept words"
            }
            """)
        #expect(configuration.scripts["bare"]?.arguments == ["/bin/check"])
        #expect(configuration.scripts["quoted"]?.arguments == ["/bin/check", "kept", "words"])
    }
}
