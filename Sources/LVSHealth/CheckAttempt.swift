import LVSKeepalived
import LVSLinux
import LVSVocabulary
import Logging
import NIOCore
import NIOPosix

/// One attempt of a keepalived.conf checker: the checker's settings turned into the matching
/// probe, run once under the checker's connect_timeout (the whole check, not each read).
public struct CheckAttempt: Sendable {
    public let checker: HealthChecker
    /// `track_file NAME { file PATH }` blocks, by name, for FILE_CHECK.
    public let trackedFiles: [String: TrackedFile]
    /// global_defs' script_user, the default user of MISC_CHECK scripts.
    public let scriptUser: String?

    public struct TrackedFile: Sendable, Equatable {
        public var path: String
        public var weight: Int32
        public init(path: String, weight: Int32 = 1) {
            self.path = path
            self.weight = weight
        }
    }

    public init(checker: HealthChecker, trackedFiles: [String: TrackedFile] = [:], scriptUser: String? = nil) {
        self.checker = checker
        self.trackedFiles = trackedFiles
        self.scriptUser = scriptUser
    }

    public func run(
        on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = HealthLogging.defaultLogger
    ) async -> CheckAttemptResult {
        let timeout = Duration.microseconds(
            Int64(clamping: checker.connection?.connectTimeout.microseconds ?? 5_000_000))
        switch checker.kind {
        case .tcp:
            guard let target else { return Self.noTarget }
            return .from(await TCPProbe(target: target, timeout: timeout).run(on: group, logger: logger))
        case .http(let http):
            guard let target else { return Self.noTarget }
            return await runHTTP(http, target: target, timeout: timeout, group: group, logger: logger)
        case .udp(let udp):
            guard let target else { return Self.noTarget }
            let expectation = udp.replyPattern.flatMap { KeepalivedHexString.parse($0, allowWildcards: true) }.map {
                UDPReplyExpectation(
                    pattern: $0.bytes, mask: $0.mask, minimumLength: Int(udp.minReplyLength),
                    maximumLength: Int(udp.maxReplyLength))
            }
            let probe = UDPProbe(
                target: target, payload: udp.payload,
                expectation: udp.requireReply ? (expectation ?? UDPReplyExpectation()) : nil,
                timeout: timeout)
            return .from(await probe.run(on: group, logger: logger))
        case .dns(let dns):
            guard let target else { return Self.noTarget }
            let type = DNSRecordType(name: dns.queryType) ?? .soa
            return .from(
                await DNSProbe(target: target, name: dns.name, type: type, timeout: timeout)
                    .run(on: group, logger: logger))
        case .smtp(let smtp):
            guard let target else { return Self.noTarget }
            return .from(
                await SMTPProbe(target: target, heloName: smtp.heloName, timeout: timeout)
                    .run(on: group, logger: logger))
        case .ping:
            guard let target else { return Self.noTarget }
            return .from(await PingProbe(host: target.host, timeout: timeout).run(logger: logger))
        case .file(let file):
            return runFile(file)
        case .misc(let misc):
            return await runMisc(misc, logger: logger)
        }
    }

    private var target: ProbeTarget? {
        guard let c = checker.connection else { return nil }
        return ProbeTarget(
            host: c.address.description, port: Int(c.port), bindAddress: c.bindAddress?.description,
            bindPort: c.bindPort == 0 ? nil : Int(c.bindPort), bindInterface: c.bindInterface)
    }

    private static let noTarget = CheckAttemptResult(succeeded: false, reason: "no address to check")

    private func runHTTP(
        _ http: HTTPCheck, target: ProbeTarget, timeout: Duration, group: any EventLoopGroup,
        logger: Logger
    ) async -> CheckAttemptResult {
        // keepalived checks every url in turn; the check passes only when all pass.
        for url in http.urls {
            let host = url.virtualhost ?? http.virtualhost
            let probe = HTTPProbe(
                target: target, path: url.path, virtualHost: host, version: http.httpProtocol,
                tls: http.usesTLS ? TLSClientOptions(serverName: http.enableSNI ? host : nil) : nil,
                timeout: timeout)
            let pattern = url.regex.map {
                HTTPBodyPattern(pattern: $0, failsOnMatch: url.regexNoMatch, options: url.regexOptions)
            }
            let expectation = HTTPURLExpectation(
                statusCodes: url.statusCodes.isEmpty ? .defaultSuccess : url.statusCodes,
                digest: url.digest, bodyPattern: pattern)
            let outcome = await probe.check(expectation, on: group, logger: logger)
            if case .failure(let failure) = outcome {
                return CheckAttemptResult(succeeded: false, reason: "\(url.path): \(failure)")
            }
        }
        return CheckAttemptResult(succeeded: true, reason: "ok")
    }

    private func runFile(_ file: FileCheck) -> CheckAttemptResult {
        guard let tracked = trackedFiles[file.trackFile] else {
            return CheckAttemptResult(succeeded: false, reason: "no track_file \(file.trackFile)")
        }
        let weight = TrackedFileWeight(weight: file.weight ?? tracked.weight, reverse: file.reverse)
        switch FileProbe(path: tracked.path, weight: weight).run() {
        case .failure(let failure):
            return CheckAttemptResult(succeeded: false, reason: failure.description)
        case .success(.fault):
            return CheckAttemptResult(succeeded: false, reason: "\(tracked.path): fault value")
        case .success(.up(let adjustment)):
            return CheckAttemptResult(succeeded: true, weightAdjustment: adjustment, reason: "ok")
        }
    }

    private func runMisc(_ misc: MiscCheck, logger: Logger) async -> CheckAttemptResult {
        guard let arguments = MiscCommandLine.split(misc.command), !arguments.isEmpty else {
            return CheckAttemptResult(succeeded: false, reason: "misc_path does not parse: \(misc.command)")
        }
        var userID: UInt32?
        var groupID: UInt32?
        if let name = misc.user ?? scriptUser {
            guard let user = AccountLookup.user(named: name) else {
                return CheckAttemptResult(succeeded: false, reason: "unknown user \(name)")
            }
            userID = user.uid
            groupID = misc.group.flatMap { AccountLookup.group(named: $0) } ?? user.gid
        }
        // keepalived: misc_timeout, else the checker's delay_loop.
        let seconds = misc.timeout.map { UInt64($0) * 1_000_000 } ?? checker.delayLoop.microseconds
        let probe = MiscProbe(
            arguments: arguments, timeout: .microseconds(Int64(clamping: seconds)), userID: userID,
            groupID: groupID)
        switch await probe.check(dynamic: misc.dynamic, logger: logger) {
        case .failure(let failure):
            return CheckAttemptResult(succeeded: false, reason: failure.description)
        case .success(.failure):
            return CheckAttemptResult(succeeded: false, reason: "exit status 1")
        case .success(.success(let weight)):
            return CheckAttemptResult(
                succeeded: true, dynamicWeight: weight.map { UInt32(clamping: $0) },
                reason: "ok")
        }
    }
}
