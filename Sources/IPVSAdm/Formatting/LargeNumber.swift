/// The counter columns of `--stats` and `--rate`: nine characters wide, scaled to K/M/G/T
/// (decimal, truncating) from 100 million on, or every digit with `--exact`.
enum LargeNumber {
    static func column(_ value: UInt64, exact: Bool) -> String {
        if exact {
            let digits = String(value)
            // Always at least one leading space, so wide numbers stay apart.
            return CFormat.right(digits, digits.utf8.count <= 8 ? 9 : digits.utf8.count + 1)
        }
        switch value {
        case ..<100_000_000:
            return CFormat.right(String(value), 9)
        case ..<1_000_000_000:
            return CFormat.right(String(value / 1_000), 8) + "K"
        case ..<100_000_000_000:
            return CFormat.right(String(value / 1_000_000), 8) + "M"
        case ..<100_000_000_000_000:
            return CFormat.right(String(value / 1_000_000_000), 8) + "G"
        default:
            return CFormat.right(String(value / 1_000_000_000_000), 8) + "T"
        }
    }
}
