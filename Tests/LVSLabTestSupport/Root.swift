import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The suites that build network namespaces, open AF_PACKET rings, raw sockets or TUN devices
/// need root; as another user they skip, saying what a root run would cover.
public enum Root {
    public static let isRoot = getuid() == 0

    /// Skips unless run as root. `needs`: what needs root ("network namespaces, AF_PACKET rings");
    /// `purpose`: what a root run exercises ("exercise lvs realserver").
    public static func required(for needs: String, to purpose: String) -> ConditionTrait {
        .enabled(if: isRoot, skipMessage(for: needs, to: purpose))
    }

    public static func skipMessage(for needs: String, to purpose: String) -> Comment {
        Comment(rawValue: "needs root (\(needs)); run the tests as root to \(purpose)")
    }
}
