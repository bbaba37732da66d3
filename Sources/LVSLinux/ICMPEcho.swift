// SOCK_* come through CLVSLinux's <sys/socket.h>: Glibc alone does not show them to every build.
import CLVSLinux
import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// One ICMP / ICMPv6 echo request and its reply, blocking (run it off the async pool).
///
/// It asks first for an unprivileged ping socket (SOCK_DGRAM, IPPROTO_ICMP[V6]: allowed when our
/// group is in net.ipv4.ping_group_range; the kernel then owns the identifier and the checksum),
/// and falls back to a raw socket (CAP_NET_RAW). keepalived instead widens ping_group_range; a
/// probe should not change sysctls.
public enum ICMPEcho {
    public enum Result: Sendable, Equatable {
        case reply
        case timeout
        case failed(SystemCallError)
    }

    public static func ping(
        _ destination: InetAddress, identifier: UInt16, sequence: UInt16, payload: [UInt8],
        timeoutMilliseconds: Int
    ) -> Result {
        let isV4 = destination.isV4
        let protocolNumber = Int32(isV4 ? IPPROTO_ICMP : IPPROTO_ICMPV6)
        let domain = isV4 ? AF_INET : AF_INET6
        let flags = Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        var fd = socket(domain, Int32(SOCK_DGRAM.rawValue) | flags, protocolNumber)
        let isRaw = fd < 0
        if isRaw { fd = socket(domain, Int32(SOCK_RAW.rawValue) | flags, protocolNumber) }
        guard fd >= 0 else { return .failed(SystemCallError(call: "socket(ICMP echo)", errno: errno)) }
        defer { close(fd) }
        let requestType: UInt8 = isV4 ? 8 : 128
        var message: [UInt8] =
            [
                requestType, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xff),
                UInt8(sequence >> 8), UInt8(sequence & 0xff),
            ] + payload
        if isV4 {
            let sum = internetChecksum(message)
            message[2] = UInt8(sum >> 8)
            message[3] = UInt8(sum & 0xff)
        }
        do {
            let sent = try SocketAddress.with(destination, port: 0) { (address, length) throws(SystemCallError) in
                try systemCall("sendto(ICMP echo)") {
                    message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, 0, address, length) }
                }
            }
            guard sent == message.count else {
                return .failed(SystemCallError(call: "sendto(ICMP echo)", errno: EMSGSIZE))
            }
        } catch {
            return .failed(error)
        }
        return awaitReply(
            fd, isV4: isV4, isRaw: isRaw, identifier: identifier, sequence: sequence,
            timeoutMilliseconds: timeoutMilliseconds)
    }

    private static func awaitReply(
        _ fd: Int32, isV4: Bool, isRaw: Bool, identifier: UInt16, sequence: UInt16,
        timeoutMilliseconds: Int
    ) -> Result {
        let deadline = MonotonicNanoseconds.now() + Int64(timeoutMilliseconds) * 1_000_000
        var buffer = [UInt8](repeating: 0, count: 2048)
        while true {
            let remaining = (deadline - MonotonicNanoseconds.now()) / 1_000_000
            if remaining <= 0 { return .timeout }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, Int64(Int32.max))))
            if ready < 0 {
                if errno == EINTR { continue }
                return .failed(SystemCallError(call: "poll(ICMP echo)", errno: errno))
            }
            if ready == 0 { return .timeout }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return .failed(SystemCallError(call: "recv(ICMP echo)", errno: errno))
            }
            var message = buffer[0..<count]
            // An IPv4 raw socket hands over the IP header too.
            if isV4 && isRaw {
                guard let first = message.first else { continue }
                message = message.dropFirst(Int(first & 0x0f) * 4)
            }
            guard message.count >= 8 else { continue }
            let start = message.startIndex
            let type = message[start]
            let replyType: UInt8 = isV4 ? 0 : 129
            let replySequence = UInt16(message[start + 6]) << 8 | UInt16(message[start + 7])
            let replyIdentifier = UInt16(message[start + 4]) << 8 | UInt16(message[start + 5])
            // A ping socket's identifier is the kernel's; a raw socket sees everyone's echoes.
            if type == replyType, replySequence == sequence, !isRaw || replyIdentifier == identifier {
                return .reply
            }
        }
    }

    static func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum > 0xffff { sum = (sum & 0xffff) + (sum >> 16) }
        return ~UInt16(sum)
    }
}

/// CLOCK_MONOTONIC in nanoseconds, for deadlines of blocking waits.
enum MonotonicNanoseconds {
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
