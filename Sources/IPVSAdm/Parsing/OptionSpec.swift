struct OptionSpec: Sendable {
    enum Argument: Sendable { case none, required, optional }
    let long: String?
    let short: UInt8?
    let argument: Argument
    let tag: OptionTag

    init(_ long: String?, _ short: Character?, _ argument: Argument, _ tag: OptionTag) {
        self.long = long
        self.short = short?.asciiValue
        self.argument = argument
        self.tag = tag
    }
}
