extension String {
    /// The text with the first occurrence of `target` replaced (Foundation-free).
    func replacingFirst(_ target: String, _ replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
