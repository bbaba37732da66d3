extension NotifyScript {
    /// argv as keepalived builds it from the command (quotes and escapes resolved, split on white
    /// space); nil when keepalived refuses the line (an unmatched quote, a trailing backslash).
    /// Public for the VRRP side, whose scripts keepalived runs the same way.
    public var arguments: [String]? { ScriptWords.split(command) }
}
