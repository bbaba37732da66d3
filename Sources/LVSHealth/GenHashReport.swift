/// What keepalived 2.2.7's genhash prints, for `lvs genhash`.
///
/// Plain: the digest alone, "<32 hex digits>\n", on stdout (exit 0). A failure is keepalived's
/// message on stdout ("Connection failed", ...) with exit 0 as well, except a response without
/// a complete header: "no data received from remote webserver" on stderr.
/// Verbose (-v) adds, in order: the header as a hex dump and as text, the body as a hex dump (if
/// any), the digest as a hex dump, the digest, and "Global response time for [URL] = N usecs".
public enum GenHashReport {
    static let headerHex = "-----------------------[    HTTP Header Buffer    ]-----------------------\n"
    static let headerASCII = "-----------------------[ HTTP Header Ascii Buffer ]-----------------------\n"
    static let bodyHex = "-----------------------[        HTML Buffer        ]-----------------------\n"
    static let hashHex = "-----------------------[    HTML hash resulting    ]-----------------------\n"
    static let hashFinal = "-----------------------[ HTML hash final resulting ]-----------------------\n"

    /// stdout and stderr text for a probe outcome.
    public static func text(
        for outcome: ProbeOutcome<HTTPResponseSummary>, tls: Bool, verbose: Bool,
        path: String, microseconds: Int
    ) -> (standardOutput: String, standardError: String) {
        var out = ""
        var err = ""
        switch outcome {
        case .success(let response):
            if verbose { out += verboseResponse(response) }
            out += response.digest + "\n"
        case .failure(.noResponse):
            err += "no data received from remote webserver\n"
        case .failure(let failure):
            out += message(for: failure, tls: tls) + "\n"
        }
        if verbose { out += "\nGlobal response time for [\(path)] = \(microseconds) usecs\n" }
        return (out, err)
    }

    /// keepalived's timeout_epilog() messages for the ways an attempt can fail.
    static func message(for failure: ProbeFailure, tls: Bool) -> String {
        switch failure {
        case .connectionRefused, .connectFailed: "Connection failed"
        case .timeout: tls ? "Timeout SSL read" : "Timeout HTTP read"
        case .tlsFailed: "SSL handshake/communication error connecting to"
        case .transportError: "Read error with"
        case .cannotProbe(let why): why
        default: failure.description
        }
    }

    static func verboseResponse(_ response: HTTPResponseSummary) -> String {
        var out = headerHex
        out += hexDump(response.header)
        out += headerASCII
        out += String(decoding: response.header, as: UTF8.self) + "\n"
        let body = Array(response.digestedBody)
        if !body.isEmpty {
            out += bodyHex
            out += hexDump(body)
        }
        out += "\n" + hashHex
        out += hexDump(hexBytes(response.digest))
        out += hashFinal
        return out
    }

    /// keepalived's dump_buffer(): lines of 16 bytes, a decimal offset of four digits, " -" after
    /// the eighth byte, the printable characters (others as '.') after three spaces.
    public static func hexDump(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        let padded = (bytes.count + 15) / 16 * 16
        var out = ""
        for index in 0..<padded {
            if index % 16 == 0 {
                let offset = String(index & 0xffff)
                out += String(repeating: "0", count: max(0, 4 - offset.count)) + offset + " "
            }
            if index < bytes.count {
                out += " " + String(digits[Int(bytes[index] >> 4)]) + String(digits[Int(bytes[index] & 0x0f)])
            } else {
                out += "   "
            }
            if (index + 1) % 8 == 0 {
                if (index + 1) % 16 != 0 {
                    out += " -"
                } else {
                    out += "   "
                    for column in (index - 15)...index {
                        if column < bytes.count {
                            let byte = bytes[column]
                            out += (0x20...0x7e).contains(byte) ? String(UnicodeScalar(byte)) : "."
                        } else {
                            out += " "
                        }
                    }
                    out += "\n"
                }
            }
        }
        return out
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        let nibbles = hex.compactMap { $0.hexDigitValue }
        return stride(from: 0, to: nibbles.count - 1, by: 2).map { UInt8(nibbles[$0] << 4 | nibbles[$0 + 1]) }
    }
}
