import LVSCore
import LVSVocabulary

/// `ipvsadm ARGS` against a director: parses, applies or lists, and answers what ipvsadm 1.31
/// would print and its exit status. Pure: the director and the name lookups are injected.
public struct IPVSAdmRunner {
    public let control: any IPVSControl
    public let resolver: any NameResolver
    public let programName: String
    /// Where `-L -c` prints its rows as they come (the terminal), so a table of a million
    /// connections never sits in memory; nil gathers them in the outcome's stdout (tests).
    public let streamOutput: (@Sendable (String) -> Void)?

    public init(
        control: any IPVSControl, resolver: any NameResolver, programName: String = "ipvsadm",
        streamOutput: (@Sendable (String) -> Void)? = nil
    ) {
        self.control = control
        self.resolver = resolver
        self.programName = programName
        self.streamOutput = streamOutput
    }

    public struct Outcome: Hashable, Sendable {
        public var stdout = ""
        public var stderr = ""
        public var exitCode: Int32 = 0
        public init(stdout: String = "", stderr: String = "", exitCode: Int32 = 0) {
            self.stdout = stdout
            self.stderr = stderr
            self.exitCode = exitCode
        }
    }

    /// `arguments` excludes argv[0]; `stdin` is read only by -R.
    public func run(arguments: [String], stdin: () -> String?) -> (stdout: String, stderr: String, exitCode: Int32) {
        let o = outcome(arguments: arguments, stdin: stdin)
        return (o.stdout, o.stderr, o.exitCode)
    }

    public func outcome(arguments: [String], stdin: () -> String?) -> Outcome {
        let parser = IPVSAdmParser(resolver: resolver, programName: programName)
        switch parser.parse(arguments) {
        case .failure(let usage):
            return Outcome(stderr: usage.message, exitCode: usage.exitCode)
        case .success(.restore):
            return restore(parser.parseRestore(stdin() ?? ""))
        case .success(let request):
            var out = Outcome()
            _ = perform(request, pending: [], into: &out)
            return out
        }
    }

    /// Runs the commands of -R as one batch: if any line is refused, by the parser or by the
    /// director, nothing is applied. (ipvsadm itself applies line by line and keeps going after
    /// a kernel error.) Lines that print (-L, -S, -h, -v) see the lines before them applied.
    private func restore(_ parsed: Result<[RestoreStep], IPVSAdmUsageError>) -> Outcome {
        let steps: [RestoreStep]
        switch parsed {
        case .failure(let usage): return Outcome(stderr: usage.message, exitCode: usage.exitCode)
        case .success(let s): steps = s
        }
        var out = Outcome()
        var pending: [AdminOperation] = []
        for step in steps {
            if case .apply(let ops) = step.request {
                pending += ops
                continue
            }
            guard perform(step.request, pending: pending, into: &out) else { return out }
            pending = []
        }
        if !pending.isEmpty { _ = perform(.apply([]), pending: pending, into: &out) }
        return out
    }

    /// Applies `pending` then the request; false when it failed (the outcome says how).
    private func perform(_ request: IPVSAdmRequest, pending: [AdminOperation], into out: inout Outcome) -> Bool {
        var operations = pending
        if case .apply(let ops) = request { operations += ops }
        if !operations.isEmpty {
            do {
                try control.apply(operations)
            } catch {
                fail(error, into: &out)
                return false
            }
        }
        switch request {
        case .apply, .restore:
            return true
        case .help:
            out.stdout += UsageText.usage(program: programName)
            return true
        case .version:
            out.stdout += UsageText.versionLine
            return true
        case .list(let options) where options.connections:
            return listConnections(options, into: &out)
        case .list(let options):
            do {
                let snapshot = try control.snapshot(includeConnections: options.connections)
                if let key = options.service, !options.connections,
                    !snapshot.services.contains(where: { $0.config.key == key })
                {
                    out.stderr += KernelErrorText.noSuchService + "\n"
                    out.exitCode = 1
                    return false
                }
                out.stdout += IPVSAdmFormatter.list(snapshot, options: options, resolver: resolver)
                return true
            } catch {
                fail(error, into: &out)
                return false
            }
        case .save(let numeric, let service):
            do {
                let snapshot = try control.snapshot(includeConnections: false)
                out.stdout += IPVSAdmFormatter.save(snapshot, numeric: numeric, service: service, resolver: resolver)
                return true
            } catch {
                fail(error, into: &out)
                return false
            }
        }
    }

    /// `-L -c`: the heading, then the rows piece by piece as the director streams them. The
    /// heading waits for the director's first answer: unreachable, ipvsadm prints only why.
    private func listConnections(_ options: ListOptions, into out: inout Outcome) -> Bool {
        var text = ""
        var started = false
        func emit(_ lines: String) {
            if !started {
                started = true
                emit(IPVSAdmFormatter.connectionHeading(options: options, resolver: resolver))
            }
            if let streamOutput { streamOutput(lines) } else { text += lines }
        }
        if let streamOutput, !out.stdout.isEmpty {
            streamOutput(out.stdout)
            out.stdout = ""
        }
        do {
            try control.streamConnections {
                emit(IPVSAdmFormatter.connectionRows($0, options: options, resolver: resolver))
            }
        } catch {
            out.stdout += text
            fail(error, into: &out)
            return false
        }
        emit("")
        out.stdout += text
        return true
    }

    private func fail(_ error: IPVSControlError, into out: inout Outcome) {
        switch error {
        case .rejected(let batch):
            out.stderr += KernelErrorText.message(for: batch.operation, error: batch.error) + "\n"
            out.exitCode = 255
        case .unreachable(let why) where why == KernelErrorText.permissionDenied:
            // The director refused this user as the kernel refuses ipvsadm without
            // CAP_NET_ADMIN: word for word what ipvsadm prints then.
            out.stderr += "Can't initialize ipvs: \(why)\n\(KernelErrorText.initializationHint)\n"
            out.exitCode = 2
        case .unreachable(let why):
            // ipvsadm's own wording and status when it cannot reach IPVS, naming our director.
            out.stderr += "Can't initialize ipvs: \(why)\nIs the LVS director running (`lvs director`)?\n"
            out.exitCode = 2
        }
    }
}
