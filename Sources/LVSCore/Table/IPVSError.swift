import LVSVocabulary

/// Errors the kernel returns for table operations, by errno. ipvsadm turns (operation, error)
/// into its message (ipvs_strerror), so the errno is what must match the kernel.
public enum IPVSError: Int32, Error, Hashable, Sendable, Codable {
    case eperm = 1
    case enoent = 2
    case esrch = 3
    case enomem = 12
    case efault = 14
    case eexist = 17
    case einval = 22
    case erange = 34
    case enoprotoopt = 92
    case eopnotsupp = 95
}
