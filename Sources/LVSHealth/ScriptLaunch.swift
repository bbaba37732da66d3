import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Starts a script through swift-subprocess and reports its end.
///
/// Why swift-subprocess and not posix_spawn in LVSLinux: it starts the child as the leader of its
/// own process group (so the group can be killed with the children the script forks), switches
/// user and group between fork and exec (posix_spawn cannot), and reaps every child it starts
/// from one monitor thread waiting on pidfds, so a hanging script holds no thread of ours and no
/// exited one stays a zombie. Its output goes to /dev/null: a pipe would keep the check waiting
/// for as long as a forked background child holds the pipe open.
enum ScriptLaunch {
    enum End: Sendable {
        case exited(Int32)
        case signaled(Int32)
        case couldNotStart(String)
    }

    /// Runs `arguments` (the first is the program: a path, or a name looked up on PATH) and returns
    /// when it has ended and been reaped. `started` gets the pid, which is also its process group.
    static func run(
        _ arguments: [String], userID: UInt32?, groupID: UInt32?,
        started: @Sendable (Int32) -> Void
    ) async -> End {
        guard let program = arguments.first, !program.isEmpty else { return .couldNotStart("empty misc_path") }
        var options = PlatformOptions()
        options.processGroupID = 0
        if let userID { options.userID = userID }
        if let groupID {
            options.groupID = groupID
            options.supplementaryGroups = [groupID]
        }
        let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
        do {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(Array(arguments.dropFirst())), environment: .inherit,
                platformOptions: options, input: .none, output: .discarded, error: .discarded
            ) { execution in
                started(execution.processIdentifier.value)
            }
            switch result.terminationStatus {
            case .exited(let code): return .exited(code)
            case .signaled(let signal): return .signaled(signal)
            }
        } catch {
            return .couldNotStart("\(program): \(error)")
        }
    }
}
