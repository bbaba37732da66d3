import Prometheus

/// Collects metric families through swift-prometheus and writes them sorted by name, as
/// node_exporter and the keepalived exporter emit them.
///
/// A registry copies a family's series on each one added (quadratic in a family's size), so a
/// family is spread over registries of at most `seriesPerRegistry` series each; only the first
/// one's HELP and TYPE lines are kept.
struct PrometheusTextBuilder {
    static let seriesPerRegistry = 128

    private var families: [String: [(registry: PrometheusCollectorRegistry, series: Int)]] = [:]

    mutating func counter(_ name: String, _ help: String, _ labels: [(String, String)] = [], _ value: UInt64) {
        registry(name).makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
            .increment(by: Int64(clamping: value))
    }

    mutating func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = [], _ value: Double) {
        registry(name).makeGauge(descriptor: Self.descriptor(name, help), labels: labels).set(value)
    }

    /// The text format, families sorted by name.
    func text() -> [UInt8] {
        var out: [UInt8] = []
        for name in families.keys.sorted() {
            for (index, part) in families[name]!.enumerated() {
                if index == 0 {
                    part.registry.emit(into: &out)
                } else {
                    var more: [UInt8] = []
                    part.registry.emit(into: &more)
                    Self.appendSamples(of: more, to: &out)
                }
            }
        }
        return out
    }

    private mutating func registry(_ name: String) -> PrometheusCollectorRegistry {
        if let last = families[name]?.last, last.series < Self.seriesPerRegistry {
            families[name]![families[name]!.count - 1].series += 1
            return last.registry
        }
        let r = PrometheusCollectorRegistry()
        families[name, default: []].append((r, 1))
        return r
    }

    /// The whole name as the exporters spell it: no unit suffix added.
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// `text`'s sample lines: not its comments (the HELP and TYPE lines already written). A
    /// label value's newline is escaped, so every "#" that starts a line starts a comment.
    static func appendSamples(of text: [UInt8], to out: inout [UInt8]) {
        var start = 0
        while start < text.count {
            let end = text[start...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? text.count
            if text[start] != UInt8(ascii: "#") { out.append(contentsOf: text[start..<end]) }
            start = end
        }
    }
}
