import Foundation
import LVSTestSupport
import Testing

/// `lvs top --once` against a running director: one screen, without terminal control sequences
/// when stdout is not a terminal, at the 80x24 fallback size.
@Suite struct TopCommandTests {
    @Test func oneScreenOverTheControlSocket() throws {
        let lvs = try #require(LVSBinary.url, "lvs binary not built")
        let director = try DirectorProcess(lvs: lvs)
        defer { director.stop() }
        let output = try director.runScript(
            """
            ipvsadm -A -t 198.18.0.100:80 -s rr
            ipvsadm -a -t 198.18.0.100:80 -r 198.18.1.11:8080 -m -w 2
            '\(lvs.path)' top --once; echo "rc=$?"
            """)
        print(output)
        #expect(
            output == """
                lvs top: 1 services, 1 real servers, 0 active, 0 inactive connections
                Prot LocalAddress:Port         Sched     CPS   InPPS  OutPPS    InBPS   OutBPS
                  -> RemoteAddress:Port        Forward Weight  Active   InAct Share
                TCP  198.18.0.100:80           rr          0       0       0        0        0
                  -> 198.18.1.11:8080          Masq         2       0       0 [          ]   0%
                rc=0

                """)
    }

    @Test func noDirectorIsAnError() throws {
        let lvs = try #require(LVSBinary.url, "lvs binary not built")
        let process = Process()
        process.executableURL = lvs
        process.arguments = ["top", "--once", "--control-socket", "/nonexistent/lvs-top-\(getpid()).sock"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(text.hasPrefix("lvs top: "))
    }
}
