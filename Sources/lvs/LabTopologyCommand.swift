import ArgumentParser
import LVSLab

/// Prints the lab's addresses for shell scripts that build the same lab (the benchmark), so the
/// topology is written down once, in `LabTopology`.
struct LabTopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab-topology",
        abstract: "Print the built-in lab's addresses as shell assignments (for scripts/bench).",
        shouldDisplay: false)

    func run() {
        print(LabTopology.shellAssignments, terminator: "")
    }
}
