import ArgumentParser

struct LVSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lvs",
        abstract: "SwiftLVS: a Linux Virtual Server director, its ipvsadm, and the real-server helper.",
        discussion: """
            `lvs ipvsadm ARGS` (or the binary invoked as `ipvsadm`) is ipvsadm 1.31.
            """,
        subcommands: [
            DirectorCommand.self, DemoCommand.self, DemoHTTPServerCommand.self, DemoHTTPGetCommand.self,
            RealServerCommand.self, KeepalivedCommand.self, GenHashCommand.self, LabTopologyCommand.self,
            SyncStatusCommand.self, SysctlCommand.self, TopCommand.self, DrainCommand.self,
        ])
}
