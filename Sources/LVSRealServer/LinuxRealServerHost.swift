import LVSCore
import LVSLinux
import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// `RealServerHost` on this machine (or in the network namespace of the calling thread:
/// sysctls, `ip` and `arptables` all act on it).
public struct LinuxRealServerHost: RealServerHost {
    public init() {}

    public func readSysctl(_ name: String) throws -> String { try Sysctl.read(name) }
    public func writeSysctl(_ name: String, _ value: String) throws { try Sysctl.write(name, value) }

    public func interfaceAddresses() throws -> [InterfaceAddress] {
        InterfaceAddress.parse(ipOutput: try NetworkCommand.ip("-o", "addr", "show"))
    }

    public func addToLoopback(_ address: InetAddress) throws {
        if let lo = try? NetworkInterface.named("lo"), !lo.isUp { try NetworkCommand.ip("link", "set", "lo", "up") }
        try NetworkCommand.ip(family(address) + ["addr", "add", hostPrefix(address), "dev", "lo"])
    }

    public func removeFromLoopback(_ address: InetAddress) throws {
        try NetworkCommand.ip(family(address) + ["addr", "del", hostPrefix(address), "dev", "lo"])
    }

    public var arptablesPath: String? { TextFile.executableOnPath("arptables") }

    public func arptables(_ arguments: [String]) throws {
        try NetworkCommand.run([arptablesPath ?? "arptables"] + arguments)
    }

    public func interfaceExists(_ name: String) -> Bool { (try? NetworkInterface.named(name)) != nil }

    public func makeDirectory(_ path: String) throws { try TextFile.makeDirectories(path, mode: 0o755) }
    public func readFile(_ path: String) throws -> String? { try TextFile.read(path) }
    public func writeFile(_ path: String, _ text: String) throws {
        try TextFile.writeAtomically(path, text, mode: 0o644)
    }
    public func removeFile(_ path: String) throws { try TextFile.remove(path) }
    public func fileNames(in directory: String) -> [String] { TextFile.names(in: directory) }

    public var currentProcess: DecapsulatorProcess? {
        ProcessIdentity.current.map { DecapsulatorProcess(pid: $0.pid, startTime: $0.startTime) }
    }

    public func isRunning(_ process: DecapsulatorProcess) -> Bool {
        ProcessIdentity(pid: process.pid, startTime: process.startTime).isRunning
    }

    public func terminate(_ process: DecapsulatorProcess, timeoutMilliseconds: Int) -> Bool {
        let identity = ProcessIdentity(pid: process.pid, startTime: process.startTime)
        guard identity.send(signal: SIGTERM) else { return !identity.isRunning }
        var waited = 0
        while identity.isRunning && waited < timeoutMilliseconds {
            usleep(20_000)
            waited += 20
        }
        return !identity.isRunning
    }

    private func family(_ a: InetAddress) -> [String] { a.isV4 ? ["-4"] : ["-6"] }
    private func hostPrefix(_ a: InetAddress) -> String { "\(a)/\(a.isV4 ? 32 : 128)" }
}
