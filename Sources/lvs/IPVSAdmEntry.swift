import IPVSAdm
import LVSControl
import LVSLinux
#if canImport(Glibc)
import Glibc
#endif

/// ipvsadm's entry point: parse, talk to the director, print, return the exit code.
enum IPVSAdmEntry {
    static func run(_ args: [String]) -> Int32 {
        let path = ControlSocketPath.resolve(ProcessInfoEnvironment.current)
        _ = path
        StandardStreams.err("ipvsadm: not wired yet\n")
        return 1
    }
}
