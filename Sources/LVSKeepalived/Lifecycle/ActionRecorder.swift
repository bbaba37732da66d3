import LVSCore

/// Collects what one transition asks for. All table operations of a transition go into one
/// batch, placed where the first of them was asked for, so the caller applies them atomically.
struct ActionRecorder: Hashable, Sendable {
    private var actions: [LifecycleAction] = []
    private var operations: [AdminOperation] = []
    private var batchPosition: Int?

    mutating func log(_ line: String) {
        actions.append(.log(line))
    }

    mutating func send(_ operation: AdminOperation) {
        if batchPosition == nil {
            batchPosition = actions.count
            actions.append(.apply([]))
        }
        operations.append(operation)
    }

    mutating func run(_ script: NotifyScript) {
        // keepalived refuses, when reading it, a script whose words it cannot split; such a
        // script never runs (the parser should already have dropped it).
        guard let words = ScriptWords.split(script.command) else { return }
        actions.append(.runScript(script, arguments: words))
    }

    mutating func writeFifo(_ line: String) {
        actions.append(.writeNotifyFifo(line))
    }

    /// The transition's actions; the recorder is empty afterwards.
    mutating func drain() -> [LifecycleAction] {
        var result = actions
        if let batchPosition {
            result[batchPosition] = .apply(operations)
        }
        self = ActionRecorder()
        return result
    }
}
