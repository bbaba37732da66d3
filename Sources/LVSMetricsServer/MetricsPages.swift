/// What the HTTP handler serves: the current Prometheus text and status page.
protocol MetricsPages: Sendable {
    func metrics() -> [UInt8]
    func statusPage() -> [UInt8]
}
