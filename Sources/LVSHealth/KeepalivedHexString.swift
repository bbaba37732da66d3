/// keepalived.conf's HEX_STR (UDP_CHECK payload and require_reply): white-space separated words of
/// hex digits, read in pairs from the left, a word's odd last digit a byte of its own:
/// "Ab12f 3 456" is AB 12 0F 03 45 06. In a reply pattern, X or x is a nibble to ignore.
public enum KeepalivedHexString {
    /// The bytes and, when an X appeared, the mask of ignored bits; nil for other characters or no digits.
    public static func parse(_ text: String, allowWildcards: Bool = false) -> (bytes: [UInt8], mask: [UInt8]?)? {
        var bytes: [UInt8] = []
        var mask: [UInt8] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            var nibbles: [(value: UInt8, ignored: Bool)] = []
            for character in word {
                if allowWildcards, character == "x" || character == "X" {
                    nibbles.append((0, true))
                } else if let value = character.hexDigitValue {
                    nibbles.append((UInt8(value), false))
                } else {
                    return nil
                }
            }
            var index = 0
            while index < nibbles.count {
                if index + 1 < nibbles.count {
                    bytes.append(nibbles[index].value << 4 | nibbles[index + 1].value)
                    mask.append((nibbles[index].ignored ? 0xf0 : 0) | (nibbles[index + 1].ignored ? 0x0f : 0))
                } else {
                    bytes.append(nibbles[index].value)
                    mask.append(nibbles[index].ignored ? 0x0f : 0)
                }
                index += 2
            }
        }
        guard !bytes.isEmpty else { return nil }
        return (bytes, mask.contains { $0 != 0 } ? mask : nil)
    }
}
