import LVSCore
import LVSVocabulary

@testable import LVSRealServer

/// An in-memory machine: sysctls, interface addresses, files, arptables rules, processes.
final class FakeHost: RealServerHost, @unchecked Sendable {
    var sysctls: [String: String] = [
        "net.ipv4.conf.all.arp_ignore": "0", "net.ipv4.conf.all.arp_announce": "0",
        "net.ipv4.conf.lo.arp_ignore": "0", "net.ipv4.conf.lo.arp_announce": "0",
    ]
    var addresses: [InterfaceAddress] = [
        InterfaceAddress(interface: "lo", address: InetAddress("127.0.0.1")!, prefixLength: 8, scope: "host"),
        InterfaceAddress(interface: "eth0", address: InetAddress("198.18.0.11")!, prefixLength: 24, scope: "global"),
    ]
    var files: [String: String] = [:]
    var directories: Set<String> = []
    var arptablesPath: String?
    var arptablesRules: [[String]] = []
    var interfaces: Set<String> = ["lo", "eth0"]
    var currentProcess: DecapsulatorProcess? = DecapsulatorProcess(pid: 100, startTime: 1)
    var running: Set<DecapsulatorProcess> = []
    /// What a terminated process does before it goes (a decapsulator undoes its own setup).
    var onTerminate: ((DecapsulatorProcess) -> Void)?
    var log: [String] = []

    func readSysctl(_ name: String) throws -> String {
        guard let v = sysctls[name] else { throw RealServerError("no sysctl \(name)") }
        return v
    }

    func writeSysctl(_ name: String, _ value: String) throws {
        guard sysctls[name] != nil else { throw RealServerError("no sysctl \(name)") }
        sysctls[name] = value
        log.append("sysctl \(name)=\(value)")
    }

    func interfaceAddresses() throws -> [InterfaceAddress] { addresses }

    func addToLoopback(_ address: InetAddress) throws {
        guard !loopback.contains(address) else { throw RealServerError("RTNETLINK answers: File exists") }
        addresses.append(
            InterfaceAddress(interface: "lo", address: address, prefixLength: address.isV4 ? 32 : 128, scope: "global"))
        log.append("add \(address) lo")
    }

    func removeFromLoopback(_ address: InetAddress) throws {
        guard loopback.contains(address) else {
            throw RealServerError("RTNETLINK answers: Cannot assign requested address")
        }
        addresses.removeAll { $0.interface == "lo" && $0.address == address }
        log.append("del \(address) lo")
    }

    var loopback: [InetAddress] { addresses.filter { $0.interface == "lo" }.map(\.address) }

    func arptables(_ arguments: [String]) throws {
        guard arptablesPath != nil else { throw RealServerError("arptables: not found") }
        let rule = Array(arguments.dropFirst())
        switch arguments.first {
        case "-I": arptablesRules.insert(rule, at: 0)
        case "-D":
            guard let i = arptablesRules.firstIndex(of: rule) else { throw RealServerError("arptables: bad rule") }
            arptablesRules.remove(at: i)
        default: throw RealServerError("arptables: unexpected \(arguments)")
        }
        log.append("arptables \(arguments.joined(separator: " "))")
    }

    func interfaceExists(_ name: String) -> Bool { interfaces.contains(name) }

    func makeDirectory(_ path: String) throws { directories.insert(path) }
    func readFile(_ path: String) throws -> String? { files[path] }
    func writeFile(_ path: String, _ text: String) throws { files[path] = text }
    func removeFile(_ path: String) throws { files[path] = nil }
    func fileNames(in directory: String) -> [String] {
        files.keys.filter { $0.hasPrefix(directory + "/") }.map { String($0.dropFirst(directory.count + 1)) }.sorted()
    }

    func isRunning(_ process: DecapsulatorProcess) -> Bool { running.contains(process) }

    func terminate(_ process: DecapsulatorProcess, timeoutMilliseconds: Int) -> Bool {
        guard running.contains(process) else { return true }
        log.append("terminate \(process.pid)")
        running.remove(process)
        onTerminate?(process)
        return true
    }
}
