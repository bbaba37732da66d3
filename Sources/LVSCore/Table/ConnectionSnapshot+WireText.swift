import LVSVocabulary

/// Connection rows as the control socket carries them: one line a row, fields apart by one
/// space, addresses as their raw words in hex. A listing of a million rows is streamed, and
/// JSON objects (or even arrays) per row made encoding and decoding most of its cost.
extension ConnectionSnapshot {
    /// `proto state expires template fwmark client cport virtual vport destination dport`,
    /// proto 0 for a fwmark template, an address `4.V` or `6.HIGH.LOW`.
    public var wireText: String {
        var out = String(proto?.rawValue ?? 0)
        out += " " + stateName + " " + String(expiresInMilliseconds) + (isTemplate ? " 1 " : " 0 ") + String(fwmark)
        for (address, port) in [
            (clientAddress, clientPort), (virtualAddress, virtualPort), (destinationAddress, destinationPort),
        ] {
            out +=
                address.isV4
                ? " 4." + String(address.v4, radix: 16)
                : " 6." + String(address.high, radix: 16) + "." + String(address.low, radix: 16)
            out += " " + String(port)
        }
        return out
    }

    /// A row back from `wireText`; nil if the line is not one.
    public init?(wireText line: Substring) {
        var rows = Self.rows(fromWireText: String(line))
        guard rows?.count == 1, let row = rows?.removeLast() else { return nil }
        self = row
    }

    /// The rows of a text of `wireText` lines; nil if any line is not one. Reads the bytes
    /// once, without splitting into strings (a million rows is the case it is for).
    public static func rows(fromWireText text: String) -> [ConnectionSnapshot]? {
        var text = text
        return text.withUTF8 { bytes -> [ConnectionSnapshot]? in
            var rows: [ConnectionSnapshot] = []
            var reader = WireTextReader(bytes: bytes)
            while !reader.atEnd {
                guard let row = reader.row() else { return nil }
                rows.append(row)
            }
            return rows
        }
    }
}

/// A cursor over `wireText` lines.
private struct WireTextReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { i >= bytes.count }

    mutating func row() -> ConnectionSnapshot? {
        guard let p = number(10, max: UInt64(UInt8.max)), space(), let state = word(), space(),
            let expires = number(10, max: UInt64(Int64.max)), space(), let template = number(10, max: 1), space(),
            let fwmark = number(10, max: UInt64(UInt32.max)), space(),
            let client = address(), space(), let cport = number(10, max: UInt64(UInt16.max)), space(),
            let virtual = address(), space(), let vport = number(10, max: UInt64(UInt16.max)), space(),
            let destination = address(), space(), let dport = number(10, max: UInt64(UInt16.max)), endOfLine()
        else { return nil }
        let proto = p == 0 ? nil : TransportProtocol(rawValue: UInt8(p))
        if p != 0 && proto == nil { return nil }
        return ConnectionSnapshot(
            proto: proto, clientAddress: client, clientPort: UInt16(cport), virtualAddress: virtual,
            virtualPort: UInt16(vport), destinationAddress: destination, destinationPort: UInt16(dport),
            stateName: state, expiresInMilliseconds: Int64(expires), isTemplate: template == 1,
            fwmark: UInt32(fwmark))
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    private mutating func space() -> Bool { take(UInt8(ascii: " ")) }

    /// The line's end: a newline (consumed) or the text's end.
    private mutating func endOfLine() -> Bool { i == bytes.count || take(UInt8(ascii: "\n")) }

    private mutating func word() -> String? {
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: " "), bytes[i] != UInt8(ascii: "\n") { i += 1 }
        return i > start ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self) : nil
    }

    private mutating func number(_ radix: UInt64, max: UInt64) -> UInt64? {
        let start = i
        var value: UInt64 = 0
        while i < bytes.count {
            let b = bytes[i]
            let digit: UInt64
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(b - UInt8(ascii: "a") + 10)
            default: digit = radix
            }
            if digit >= radix { break }
            let (times, o1) = value.multipliedReportingOverflow(by: radix)
            let (sum, o2) = times.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        return i > start && i - start <= 20 && value <= max ? value : nil
    }

    private mutating func address() -> InetAddress? {
        if take(UInt8(ascii: "4")) {
            guard take(UInt8(ascii: ".")), let v = number(16, max: UInt64(UInt32.max)) else { return nil }
            return InetAddress(v4: UInt32(v))
        }
        guard take(UInt8(ascii: "6")), take(UInt8(ascii: ".")), let high = number(16, max: .max),
            take(UInt8(ascii: ".")), let low = number(16, max: .max)
        else { return nil }
        return InetAddress(v6High: high, low: low)
    }
}
