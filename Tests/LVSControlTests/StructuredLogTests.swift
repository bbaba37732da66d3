import Logging
import Synchronization
import Testing

@testable import LVSControl

/// `--log-format logfmt|json`: each record one line, quoted and escaped so a collector splits it
/// right, fields in a fixed order.
@Suite("Structured logs")
struct StructuredLogTests {
    static let metadata: Logger.Metadata = [
        "path": "/var/lib/lvs/director.state", "operations": "3", "error": "no such file: \"x\"",
        "vips": .array(["198.18.0.100", "2001:db8::100"]), "empty": "",
    ]

    @Test func logfmtLine() {
        let line = LogLineFormat.logfmt.line(
            time: "2026-12-05T03:07:27.123Z", level: .notice, label: "lvs.director",
            message: "table restored from the state file", metadata: Self.metadata)
        #expect(
            line
                == "time=2026-12-05T03:07:27.123Z level=notice logger=lvs.director "
                + "msg=\"table restored from the state file\" empty=\"\" error=\"no such file: \\\"x\\\"\" "
                + "operations=3 path=/var/lib/lvs/director.state vips=\"[\\\"198.18.0.100\\\", \\\"2001:db8::100\\\"]\""
        )
    }

    @Test func jsonLine() {
        let line = LogLineFormat.json.line(
            time: "2026-12-05T03:07:27.123Z", level: .error, label: "lvs.director", message: "two\nlines\u{1}",
            metadata: ["msg": "shadowed", "dir": "C:\\x"])
        #expect(
            line
                == "{\"time\":\"2026-12-05T03:07:27.123Z\",\"level\":\"error\",\"logger\":\"lvs.director\","
                + "\"msg\":\"two\\nlines\\u0001\",\"dir\":\"C:\\\\x\",\"meta_msg\":\"shadowed\"}")
    }

    @Test func logfmtKeysAndValuesThatNeedCare() {
        #expect(LogLineFormat.logfmtKey("a b=c\"d") == "a_b_c_d")
        #expect(LogLineFormat.logfmtKey("") == "_")
        #expect(LogLineFormat.logfmtValue("plain-value:1") == "plain-value:1")
        #expect(LogLineFormat.logfmtValue("a=b") == "\"a=b\"")
        #expect(LogLineFormat.logfmtValue("tab\there") == "\"tab\\there\"")
    }

    @Test func handlerWritesOneLinePerRecordWithItsMetadata() {
        let lines = Mutex<[String]>([])
        var handler = StructuredLogHandler(
            label: "lvs.test", format: .logfmt, time: { "T" }, write: { text in lines.withLock { $0.append(text) } })
        handler[metadataKey: "worker"] = "1"
        handler.logLevel = .notice
        let logger = Logger(label: "lvs.test") { _ in handler }
        logger.info("not shown: below notice")
        logger.notice("guard installed", metadata: ["table": "inet lvs_director_guard"])
        logger.warning("neighbour failed\nretrying", metadata: ["worker": "2"])
        #expect(
            lines.withLock { $0 } == [
                "time=T level=notice logger=lvs.test msg=\"guard installed\" table=\"inet lvs_director_guard\" worker=1\n",
                "time=T level=warning logger=lvs.test msg=\"neighbour failed\\nretrying\" worker=2\n",
            ])
    }
}
