import LVSKeepalived
import Testing

@Suite struct IncludeTests {
    let server = """
        virtual_server 198.18.1.100 80 {
            lvs_sched rr
            lvs_method DR
            protocol TCP
            include servers/*.conf
        }

        """

    @Test func globsAreRelativeToTheIncludingFileAndSorted() throws {
        let result = parse([
            "/etc/keepalived/keepalived.conf": "include conf.d/*.conf\n",
            "/etc/keepalived/conf.d/20-web.conf": server,
            "/etc/keepalived/conf.d/10-global.conf": "global_defs {\n    router_id FROM_INCLUDE\n}\n",
            "/etc/keepalived/conf.d/servers/b.conf": "real_server 198.18.1.12 80 {\n}\n",
            "/etc/keepalived/conf.d/servers/a.conf": "real_server 198.18.1.11 80 {\n    bogus 1\n}\n",
            "/etc/keepalived/conf.d/notes.txt": "this is not included\n",
        ])
        #expect(messages(result) == ["(/etc/keepalived/conf.d/servers/a.conf: Line 2) Unknown keyword 'bogus'"])
        let configuration = try #require(result.configuration)
        #expect(configuration.globalDefinitions.routerID == "FROM_INCLUDE")
        #expect(
            configuration.virtualServers.first?.realServers.map(\.address.description)
                == ["198.18.1.11", "198.18.1.12"])
        #expect(
            configuration.virtualServers.first?.realServers.first?.location.description
                == "/etc/keepalived/conf.d/servers/a.conf:1")
    }

    @Test func aCycleIsRefusedWithTheIncludeChain() {
        let result = parse([
            "/etc/keepalived/keepalived.conf": "include a.conf\n",
            "/etc/keepalived/a.conf": "# a\ninclude ./b.conf\n",
            "/etc/keepalived/b.conf": "include ../keepalived/a.conf\n",
        ])
        #expect(result.configuration == nil)
        #expect(
            messages(result) == [
                "(/etc/keepalived/b.conf: Line 1) Include cycle /etc/keepalived/a.conf -> /etc/keepalived/b.conf -> "
                    + "/etc/keepalived/a.conf - skipping '/etc/keepalived/a.conf'"
            ])
        #expect(result.testExitStatus == 4)
    }

    @Test func aFileIncludingItselfIsACycle() {
        let result = parse(["/etc/keepalived/keepalived.conf": "include keepalived.conf\n"])
        #expect(result.configuration == nil)
        #expect(result.diagnostics.first?.location?.line == 1)
    }

    @Test func aMissingIncludeIsReportedButNotCountedAsKeepalivedDoes() throws {
        // keepalived 2.2.7 -t prints "Config files missing" for a plain include and exits 0; only its
        // first pass reports it, which names the file only when it is not the main one.
        let result = parse(["/etc/keepalived/keepalived.conf": "include /nonexistent/*.conf\n"])
        #expect(messages(result) == ["(Line 1) Config files missing '/nonexistent/*.conf'."])
        #expect(result.configuration != nil)
        #expect(result.testExitStatus == 0)
    }

    /// keepalived's words; it exits 0 and runs with nothing, this parser refuses the file (4).
    @Test func aMissingMainFileIsRefused() {
        let result = parse([:])
        #expect(result.configuration == nil)
        #expect(
            messages(result) == [
                "Config files missing '/etc/keepalived/keepalived.conf'."
            ])
        #expect(result.testExitStatus == 4)
    }

    @Test func deepIncludeChainsStopAtTheLimit() {
        var files: [String: String] = [:]
        for level in 0..<40 {
            files["/k/\(level).conf"] = "include \(level + 1).conf\n"
        }
        let result = parse(files, main: "/k/0.conf")
        #expect(result.configuration == nil)
        #expect(messages(result).first?.hasPrefix("(/k/31.conf: Line 1) Includes nested deeper than 32 files") == true)
    }

    @Test func commentsConditionsAndParameters() throws {
        let result = KeepalivedConfigurationParser(
            source: InMemoryConfigFileSource([
                "/k.conf": """
                $ROUTER=lvs_${SITE}   # parameters are replaced when used
                $SITE=one
                global_defs {  ! a comment
                    @main router_id $ROUTER
                    @^main router_id other
                    script_user "keepalived script"   # quoted: one word
                    notification_email_from a\\#b
                }

                """
            ]),
            configID: "main"
        ).parse(path: "/k.conf")
        #expect(messages(result) == [])
        let global = try #require(result.configuration?.globalDefinitions)
        #expect(global.routerID == "lvs_one")
        #expect(global.scriptUser == "keepalived script")
        #expect(global.otherSettings.map(\.words) == [["notification_email_from", "a#b"]])
    }
}
