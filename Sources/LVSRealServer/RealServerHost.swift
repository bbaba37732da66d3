import LVSCore
import LVSVocabulary

/// Everything `lvs realserver` does to the machine, behind one protocol so the bookkeeping
/// (what to change, what to restore, what to report) is tested without root.
public protocol RealServerHost {
    func readSysctl(_ name: String) throws -> String
    func writeSysctl(_ name: String, _ value: String) throws
    /// Every address on every interface.
    func interfaceAddresses() throws -> [InterfaceAddress]
    /// Adds `address` as a host address (/32, /128) on lo (bringing lo up if it is down).
    func addToLoopback(_ address: InetAddress) throws
    func removeFromLoopback(_ address: InetAddress) throws
    /// The arptables program, if installed.
    var arptablesPath: String? { get }
    func arptables(_ arguments: [String]) throws
    func interfaceExists(_ name: String) -> Bool

    func makeDirectory(_ path: String) throws
    func readFile(_ path: String) throws -> String?
    func writeFile(_ path: String, _ text: String) throws
    func removeFile(_ path: String) throws
    func fileNames(in directory: String) -> [String]

    /// This process, as a decapsulator would record itself.
    var currentProcess: DecapsulatorProcess? { get }
    func isRunning(_ process: DecapsulatorProcess) -> Bool
    /// Asks the process to end (SIGTERM) and waits up to `timeoutMilliseconds` for it to go;
    /// true if it is gone.
    func terminate(_ process: DecapsulatorProcess, timeoutMilliseconds: Int) -> Bool
}
