import LVSCore
import LVSKeepalived
import Testing

/// Mutated configurations never crash the parser; every result is either a configuration or
/// refused with at least one error, and a configuration always renders.
@Suite struct FuzzTests {
    static let corpus = [
        seedConfiguration,
        """
        virtual_server_group g {
            198.18.1.50-52 80
            fwmark 5 inet
        }
        virtual_server group g {
            lvs_sched rr
            lvs_method TUN type gue port 6080
            protocol TCP
            real_server 198.18.1.11 80 {
                SMTP_CHECK {
                    host {
                        connect_ip 198.18.1.20
                    }
                }
                UDP_CHECK {
                    payload ab cd
                }
                DNS_CHECK {
                    type MX
                }
            }
        }
        """,
    ]

    static let insertions = [
        "{", "}", "{ {", "\"", "#", "!", "include *", "include /etc/keepalived/keepalived.conf",
        "99999999999999999999999", "-1", "0.0000001", "$X=${X}${X}", "$X", "@^x", "~SEQ(i,1,3)",
        "real_server", "virtual_server", "HTTP_GET {", "url {", "status_code 1-9999",
        "fwmark", "198.18.1.1-0", "::1", "\u{0}", "\t", "é", "sorry_server 1.2.3.4",
    ]

    @Test func thousandsOfMutationsNeverCrash() {
        var random = SplitMix64(seed: 0x6b65_6570_616c_6976)
        for iteration in 0..<3000 {
            let base = Self.corpus[iteration % Self.corpus.count]
            let text = mutate(base, &random)
            let result = KeepalivedConfigurationParser(source: InMemoryConfigFileSource(["/k.conf": text]))
                .parse(path: "/k.conf")
            if let configuration = result.configuration {
                #expect(!result.diagnostics.contains { $0.severity == .error })
                _ = KeepalivedConfigurationDumper.render(configuration)
            } else {
                #expect(result.diagnostics.contains { $0.severity == .error }, "\(text)")
            }
            #expect(result.diagnostics.allSatisfy { !$0.message.isEmpty })
        }
    }

    @Test func deepNestingAndHugeInputs() {
        // Inside a VRRP block (kept unread) any keyword opens a block, so this nests 5000 deep.
        let deep =
            "vrrp_instance V {\n" + String(repeating: "a {\n", count: 5000)
            + String(repeating: "}\n", count: 5001)
        let deepResult = parse(deep)
        #expect(deepResult.configuration == nil)
        #expect(
            messages(deepResult).contains {
                $0.hasSuffix("Blocks nested deeper than 64 levels - ignoring what is inside")
            })
        let unbalanced = parse(String(repeating: "virtual_server 1.2.3.4 80 {\n", count: 2000))
        #expect(unbalanced.configuration == nil)
        let long = parse("global_defs {\n router_id " + String(repeating: "x", count: 100_000) + "\n}\n")
        #expect(long.configuration?.globalDefinitions.routerID?.count == 100_000)
    }

    private func mutate(_ text: String, _ random: inout SplitMix64) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            guard !words.isEmpty else { break }
            let index = Int.random(in: 0..<words.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0:
                words.remove(at: index)
            case 1:
                words.insert(words[index], at: index)
            case 2:
                words.swapAt(index, Int.random(in: 0..<words.count, using: &random))
            case 3:
                words.insert(Self.insertions.randomElement(using: &random) ?? "", at: index)
            case 4:
                let bytes = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
                words[index] = String(decoding: bytes, as: UTF8.self)
            default:
                words[index] = String(UInt64.random(in: 0...UInt64.max, using: &random))
            }
        }
        return words.joined(separator: " ")
    }
}
