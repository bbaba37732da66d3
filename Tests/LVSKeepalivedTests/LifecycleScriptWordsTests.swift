import Testing

@testable import LVSKeepalived

/// keepalived's word splitting for scripts (parser.c alloc_strvec_quoted_escaped).
@Suite struct LifecycleScriptWordsTests {
    @Test(arguments: [
        ("/bin/note.sh up r1", ["/bin/note.sh", "up", "r1"]),
        ("  /bin/x   a\tb  ", ["/bin/x", "a", "b"]),
        ("/bin/x 'two words' \"and more\"", ["/bin/x", "two words", "and more"]),
        ("/bin/x ab'c d'e", ["/bin/x", "abc de"]),
        ("/bin/x \\x41\\102\\tz", ["/bin/x", "AB\tz"]),
        ("/bin/x a\\ b \\\"q\\\"", ["/bin/x", "a b", "\"q\""]),
        ("/bin/x 'it''s'", ["/bin/x", "its"]),
        ("/bin/x \\cA", ["/bin/x", "\u{01}"]),
    ])
    func splits(_ command: String, _ words: [String]) {
        #expect(ScriptWords.split(command) == words)
    }

    @Test(arguments: ["", "   ", "/bin/x 'open", "/bin/x \"open", "/bin/x trailing\\"])
    func refuses(_ command: String) {
        #expect(ScriptWords.split(command) == nil)
    }
}
