import LVSVRRP

/// Runs one vrrp_script once, as `user` (and `group`) when given, and says whether it succeeded
/// (exit status 0 within the script's timeout). `VRRPScriptProcess.run` in production; tests
/// pass scripted results.
public typealias VRRPScriptRunner = @Sendable (_ script: VRRPScript, _ user: String?, _ group: String?) async -> Bool
