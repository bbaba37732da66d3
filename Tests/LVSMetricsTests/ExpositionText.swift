/// Prometheus text read back for comparison: comment lines as they are, samples by series
/// (name and labels as printed) with their numeric value.
struct ExpositionText {
    var comments: [String] = []
    var samples: [String: Double] = [:]

    init(_ text: String) {
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("#") {
                comments.append(line)
            } else if let space = line.lastIndex(of: " ") {
                samples[String(line[..<space])] = Double(line[line.index(after: space)...])
            }
        }
    }

    private init(comments: [String], samples: [String: Double]) {
        self.comments = comments
        self.samples = samples
    }

    /// Only the families whose names `keep` accepts.
    func filtered(_ keep: (String) -> Bool) -> ExpositionText {
        ExpositionText(
            comments: comments.filter { keep(String($0.split(separator: " ")[2])) },
            samples: samples.filter { keep($0.key) })
    }
}
