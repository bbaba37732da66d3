/// The kernel's CPU list format ("0-3,5,7-8").
enum CPUList {
    /// How many CPUs the list names, or nil when it names none.
    static func count(_ text: String) -> Int? {
        var total = 0
        for part in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            let bounds = part.split(separator: "-")
            if bounds.count == 1, Int(bounds[0]) != nil {
                total += 1
            } else if bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), high >= low {
                total += high - low + 1
            }
        }
        return total > 0 ? total : nil
    }
}
