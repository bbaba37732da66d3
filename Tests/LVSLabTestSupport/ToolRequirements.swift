import LVSLab
import LVSLinux
import Synchronization
import Testing

// A lab test that needs a program this machine lacks skips, naming the Debian package to install
// (`.ci/run` installs them all), instead of failing somewhere inside the lab.

/// Skips unless `name` is on PATH.
public func requireTool(_ name: String, package: String) -> ConditionTrait {
    .enabled(if: TextFile.executableOnPath(name) != nil, missingToolMessage(name, package: package))
}

/// Skips unless a python3 can import `module` (see `pythonImporting`).
public func requirePython(importing module: String, package: String) -> ConditionTrait {
    .enabled(if: pythonImporting(module) != nil, missingToolMessage("python3 \(module)", package: package))
}

public func missingToolMessage(_ what: String, package: String) -> Comment {
    Comment(rawValue: "needs \(what) (Debian package \(package))")
}

/// A python3 that can import `module`: the one on PATH, or the system one that Debian's python3-*
/// packages install into (PATH may lead to another python, e.g. pyenv's); nil if neither can.
/// Remembered per module: an import such as scapy's takes a second.
public func pythonImporting(_ module: String) -> String? {
    if let known = pythonsByModule.withLock({ $0[module] }) { return known }
    let found = ["python3", "/usr/bin/python3"].first { candidate in
        (try? Subprocess.run([candidate, "-c", "import \(module)"]))?.status == 0
    }
    pythonsByModule.withLock { $0[module] = .some(found) }
    return found
}

private let pythonsByModule = Mutex<[String: String?]>([:])

/// Cancels the running test when arptables is installed but cannot list its tables in `host`
/// (a kernel without arp_tables support): the machine, not the code under test, lacks it.
public func requireWorkingArptables(in host: LabHost) throws {
    let listed = try? host.exec(["arptables", "-L", "-n"])
    if listed?.status != 0 {
        try Test.cancel("arptables cannot list its tables here (no arp_tables support in this kernel)")
    }
}
