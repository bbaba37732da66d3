import CLVSLinux
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// posix_spawn with pipes; no shell, no Foundation. Children get default signal dispositions
/// and an empty signal mask whatever the parent changed (SIGPIPE ignored by NIO, for one).
public enum Subprocess {
    /// Runs `argv` (searched on PATH) to completion, feeding `input` to its stdin.
    public static func run(_ argv: [String], input: [UInt8] = []) throws(SystemCallError) -> ProcessOutput {
        let stdinPipe = try makePipe()
        let stdoutPipe = try makePipe()
        let stderrPipe = try makePipe()
        let pid: pid_t
        do {
            pid = try spawn(argv, stdin: stdinPipe.read, stdout: stdoutPipe.write, stderr: stderrPipe.write)
        } catch {
            for fd in [
                stdinPipe.read, stdinPipe.write, stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write,
            ] { close(fd) }
            throw error
        }
        close(stdinPipe.read)
        close(stdoutPipe.write)
        close(stderrPipe.write)
        var out: [UInt8] = []
        var err: [UInt8] = []
        pump(
            input: input, to: stdinPipe.write, stdout: stdoutPipe.read, into: &out, stderr: stderrPipe.read, into: &err)
        close(stdoutPipe.read)
        close(stderrPipe.read)
        let status = try waitForExit(pid)
        return ProcessOutput(status: status, standardOutput: out, standardError: err)
    }

    /// Starts `argv` in the background with stdin, stdout and stderr on /dev/null unless given.
    public static func start(
        _ argv: [String], stdout: Int32? = nil, stderr: Int32? = nil
    ) throws(SystemCallError) -> ChildProcess {
        let null = try systemCall("open(/dev/null)") { open("/dev/null", O_RDWR | O_CLOEXEC) }
        defer { close(null) }
        let pid = try spawn(argv, stdin: null, stdout: stdout ?? null, stderr: stderr ?? null)
        return ChildProcess(pid: pid)
    }

    static func spawn(_ argv: [String], stdin: Int32, stdout: Int32, stderr: Int32) throws(SystemCallError) -> pid_t {
        guard let program = argv.first else { throw SystemCallError(call: "posix_spawnp()", errno: EINVAL) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArgs.append(nil)
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, program, &actions, &attr, cArgs, clvs_environ())
        if rc != 0 { throw SystemCallError(call: "posix_spawnp(\(program))", errno: rc) }
        return pid
    }

    static func makePipe() throws(SystemCallError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        _ = try systemCall("pipe2") { clvs_pipe_cloexec(&fds) }
        return (fds[0], fds[1])
    }

    /// Feeds stdin and drains stdout/stderr together, so a child that writes a lot to one
    /// while we wait on the other cannot deadlock.
    private static func pump(
        input: [UInt8], to stdinFD: Int32, stdout: Int32, into out: inout [UInt8], stderr: Int32,
        into err: inout [UInt8]
    ) {
        var written = 0
        var inFD: Int32 = stdinFD
        if input.isEmpty {
            close(inFD)
            inFD = -1
        }
        var open = (out: true, err: true)
        var buf = [UInt8](repeating: 0, count: 65536)
        while open.out || open.err || inFD >= 0 {
            var fds = [
                pollfd(fd: open.out ? stdout : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: open.err ? stderr : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0),
            ]
            let n = poll(&fds, 3, -1)
            if n < 0 {
                if errno == EINTR { continue }
                break
            }
            for (i, isOut) in [(0, true), (1, false)] where fds[i].revents != 0 {
                let fd = fds[i].fd
                let got = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if got > 0 {
                    if isOut { out.append(contentsOf: buf[0..<got]) } else { err.append(contentsOf: buf[0..<got]) }
                } else if got == 0 || (errno != EINTR && errno != EAGAIN) {
                    if isOut { open.out = false } else { open.err = false }
                }
            }
            if inFD >= 0, fds[2].revents != 0 {
                let w = input[written...].withUnsafeBytes { write(inFD, $0.baseAddress, $0.count) }
                if w > 0 { written += w }
                if w < 0 && errno != EINTR && errno != EAGAIN { written = input.count }
                if written >= input.count {
                    close(inFD)
                    inFD = -1
                }
            }
        }
    }

    static func waitForExit(_ pid: pid_t) throws(SystemCallError) -> Int32 {
        var status: Int32 = 0
        _ = try systemCall("waitpid(\(pid))") { waitpid(pid, &status, 0) }
        return decode(status)
    }

    static func decode(_ status: Int32) -> Int32 {
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
