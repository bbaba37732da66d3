#if canImport(Glibc)
import Glibc
#endif

/// Paths matching a glob(3) pattern, sorted as glob sorts them; empty when nothing matches.
/// A pattern without wildcards gives the path back only when it exists (GLOB_NOCHECK is not used).
public enum PathGlob {
    public static func paths(matching pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { index in
            result.gl_pathv[index].map { String(cString: $0) }
        }
    }
}
