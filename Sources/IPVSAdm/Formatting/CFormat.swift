/// The few printf behaviours ipvsadm's output depends on. Widths and truncation count bytes,
/// as C does, not Swift characters.
enum CFormat {
    /// `%-Ns`: pad on the right to at least `width` bytes; longer text is kept whole.
    static func left(_ text: String, _ width: Int) -> String {
        let n = text.utf8.count
        return n >= width ? text : text + String(repeating: " ", count: width - n)
    }

    /// `%Ns` / `%Nllu`: pad on the left to at least `width` bytes.
    static func right(_ text: String, _ width: Int) -> String {
        let n = text.utf8.count
        return n >= width ? text : String(repeating: " ", count: width - n) + text
    }

    /// What a NUL written at byte `count` (or a buffer of `count + 1` bytes) leaves of the text.
    static func truncated(_ text: String, bytes count: Int) -> String {
        guard text.utf8.count > count else { return text }
        return String(decoding: text.utf8.prefix(count), as: UTF8.self)
    }

    /// `%d` of a value the kernel keeps unsigned (fwmark): ipvsadm shows it signed.
    static func signed(_ value: UInt32) -> String { String(Int32(bitPattern: value)) }
}
