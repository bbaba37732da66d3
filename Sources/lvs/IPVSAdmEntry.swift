import IPVSAdm
import LVSControl
import LVSLinux
import LVSVocabulary

/// ipvsadm's entry point: parse, talk to the director, print, return the exit code.
enum IPVSAdmEntry {
    static func run(_ args: [String]) -> Int32 {
        let path = ControlSocketPath.resolve(ProcessInfoEnvironment.current)
        let env = ProcessInfoEnvironment.current
        // LVS_IPVSADM_NO_NAMES=1: behave as on a host without name databases (the oracle VM).
        let resolver: any NameResolver =
            env["LVS_IPVSADM_NO_NAMES"] == "1" ? NumericOnlyResolver() : SystemNameResolver()
        let runner = IPVSAdmRunner(
            control: ControlChannel.socket(path: path), resolver: resolver,
            streamOutput: { StandardStreams.out($0) })
        let result = runner.run(arguments: args, stdin: { StandardStreams.readAllInput() })
        StandardStreams.out(result.stdout)
        StandardStreams.err(result.stderr)
        return result.exitCode
    }
}
