import CLVSLinux
import LVSWire

#if canImport(Glibc)
import Glibc
#endif

/// An AF_PACKET socket bound to one interface with an rx ring (TPACKET_V3 blocks or TPACKET_V2
/// frames, see `PacketRingConfiguration.RxLayout`) and (optionally) a tx ring, memory-mapped.
///
/// Receiving walks the ring in place; sending copies into a tx slot and `flush()` asks the
/// kernel to transmit everything queued. Neither allocates nor locks. One thread at a time may
/// use a ring (the director gives each worker its own, joined by `PacketFanout`); the ring may be
/// created on one thread (inside a namespace) and handed to another.
public final class PacketRing: @unchecked Sendable {
    public let descriptor: OwnedDescriptor
    public let interfaceIndex: Int32
    public let configuration: PacketRingConfiguration
    private let mapping: UnsafeMutableRawPointer
    private let mappingLength: Int
    // One thread uses a ring at a time (see above), so the per-frame accesses skip the
    // runtime's dynamic exclusivity bookkeeping.
    @exclusivity(unchecked) private var rx: RxRing
    @exclusivity(unchecked) private var tx: TxSlotRing?
    /// Where a frame too large for its V2 slot is read whole (TP_STATUS_COPY); one byte for
    /// V3 blocks, which never hold part of a frame.
    private let oversize: OwnedBuffer
    /// Largest frame read whole through the copy path: a 64 KiB GSO frame and its headers.
    public static let oversizeCapacity = 65536 + 512

    /// Opens a ring on the interface called `interface` in the calling thread's namespace.
    public convenience init(interface: String, configuration: PacketRingConfiguration = .init()) throws(SystemCallError)
    {
        try self.init(interfaceIndex: NetworkInterface.named(interface).index, configuration: configuration)
    }

    public init(interfaceIndex: Int32, configuration: PacketRingConfiguration = .init()) throws(SystemCallError) {
        let c = configuration
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let framed = c.layout == .frames
        let txLayout = framed ? TxSlotLayout.v2 : TxSlotLayout.v3
        let headerLength = framed ? CLVS_TPACKET2_HDRLEN : CLVS_TPACKET3_HDRLEN
        guard c.blockSize > 0, c.blockSize % page == 0, c.blockCount > 0,
            c.rxFrameSize >= headerLength + 64, c.rxFrameSize % 16 == 0, c.rxFrameSize <= c.blockSize,
            c.txFrameCount >= 0, c.txFrameCount == 0 || (c.txFrameSize > txLayout.dataOffset && c.txFrameSize % 16 == 0)
        else { throw SystemCallError(call: "PacketRing(configuration)", errno: EINVAL) }

        // Protocol 0: the socket receives nothing until bind names the interface, so no frames
        // from other interfaces slip in while the ring is being set up.
        let fd = try systemCall("socket(AF_PACKET, SOCK_RAW)") {
            socket(AF_PACKET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        let owned = OwnedDescriptor(fd)
        try setSocketOption(
            fd, level: SOL_PACKET, PACKET_VERSION, "PACKET_VERSION",
            Int32(framed ? TPACKET_V2.rawValue : TPACKET_V3.rawValue))
        if framed {
            // A frame larger than its slot is also queued whole on the socket, flagged
            // TP_STATUS_COPY in the ring; room for a few 64 KiB GSO frames at once.
            try setSocketOption(fd, level: SOL_PACKET, PACKET_COPY_THRESH, "PACKET_COPY_THRESH", Int32(1))
            try setSocketOption(fd, level: SOL_SOCKET, SO_RCVBUFFORCE, "SO_RCVBUFFORCE", Int32(4 << 20))
        }

        if c.txFrameCount > 0 {
            // Skip a malformed frame instead of stopping the whole tx ring at it. The kernel
            // takes this only before a ring exists.
            try setSocketOption(fd, level: SOL_PACKET, PACKET_LOSS, "PACKET_LOSS", Int32(1))
        }

        var rxRequest = tpacket_req3()
        rxRequest.tp_block_size = UInt32(c.blockSize)
        rxRequest.tp_block_nr = UInt32(c.blockCount)
        rxRequest.tp_frame_size = UInt32(c.rxFrameSize)
        rxRequest.tp_frame_nr = UInt32(c.blockSize / c.rxFrameSize * c.blockCount)
        if !framed {
            rxRequest.tp_retire_blk_tov = c.retireTimeoutMilliseconds
            rxRequest.tp_feature_req_word = c.fillRxHash ? UInt32(TP_FT_REQ_FILL_RXHASH) : 0
        }
        try setSocketOption(fd, level: SOL_PACKET, PACKET_RX_RING, "PACKET_RX_RING", rxRequest)
        let rxLength = c.blockSize * c.blockCount

        var txBlockSize = 0
        var txBlockCount = 0
        if c.txFrameCount > 0 {
            txBlockSize = (c.txFrameSize + page - 1) / page * page
            let perBlock = txBlockSize / c.txFrameSize
            txBlockCount = (c.txFrameCount + perBlock - 1) / perBlock
            var txRequest = tpacket_req3()
            txRequest.tp_block_size = UInt32(txBlockSize)
            txRequest.tp_block_nr = UInt32(txBlockCount)
            txRequest.tp_frame_size = UInt32(c.txFrameSize)
            txRequest.tp_frame_nr = UInt32(perBlock * txBlockCount)
            try setSocketOption(fd, level: SOL_PACKET, PACKET_TX_RING, "PACKET_TX_RING", txRequest)
        }
        let length = rxLength + txBlockSize * txBlockCount
        // MAP_POPULATE: fault the ring in now rather than on the first frames.
        guard let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0),
            base != MAP_FAILED
        else { throw SystemCallError(call: "mmap(PACKET ring, \(length) bytes)", errno: errno) }

        descriptor = owned
        self.interfaceIndex = interfaceIndex
        self.configuration = c
        mapping = base
        mappingLength = length
        if framed {
            rx = .frames(
                RxFrameRing(
                    base: base, blockSize: c.blockSize, frameSize: c.rxFrameSize,
                    blockCount: c.blockCount))
            oversize = OwnedBuffer(count: Self.oversizeCapacity)
        } else {
            rx = .blocks(RxBlockRing(base: base, blockSize: c.blockSize, blockCount: c.blockCount))
            oversize = OwnedBuffer(count: 1)
        }
        tx =
            c.txFrameCount > 0
            ? TxSlotRing(
                base: base + rxLength, blockSize: txBlockSize, slotSize: c.txFrameSize, blockCount: txBlockCount,
                layout: txLayout)
            : nil

        // From here on `deinit` unmaps if a step throws.
        if c.ignoreOutgoing {
            try setSocketOption(fd, level: SOL_PACKET, PACKET_IGNORE_OUTGOING, "PACKET_IGNORE_OUTGOING", Int32(1))
        }
        if c.qdiscBypass {
            try setSocketOption(fd, level: SOL_PACKET, PACKET_QDISC_BYPASS, "PACKET_QDISC_BYPASS", Int32(1))
        }
        var address = sockaddr_ll()
        address.sll_family = UInt16(AF_PACKET)
        address.sll_protocol = UInt16(ETH_P_ALL).bigEndian
        address.sll_ifindex = interfaceIndex
        _ = try systemCall("bind(AF_PACKET, ifindex \(interfaceIndex))") {
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_ll>.size))
                }
            }
        }
        if let fanout = c.fanout {
            try setSocketOption(fd, level: SOL_PACKET, PACKET_FANOUT, "PACKET_FANOUT", fanout.socketOptionValue)
            if fanout.mode == .classicBPF {
                try fanout.program.withSocketProgram { program throws(SystemCallError) in
                    try setSocketOption(fd, level: SOL_PACKET, PACKET_FANOUT_DATA, "PACKET_FANOUT_DATA", program)
                }
            }
        }
        if c.promiscuous {
            var m = packet_mreq()
            m.mr_ifindex = interfaceIndex
            m.mr_type = UInt16(PACKET_MR_PROMISC)
            try setSocketOption(fd, level: SOL_PACKET, PACKET_ADD_MEMBERSHIP, "PACKET_ADD_MEMBERSHIP(PROMISC)", m)
        }
    }

    deinit {
        munmap(mapping, mappingLength)
    }

    // MARK: receive

    /// Handles up to `maxBlocks` retired blocks (with `.frames`: up to `maxBlocks` blocks' worth
    /// of frames): calls `body` for each frame, then gives it back to the kernel. Returns the
    /// number of frames seen (0 if none was ready).
    @inline(__always)
    @discardableResult
    public func receive(maxBlocks: Int = 1, _ body: (ReceivedFrame) throws -> Void) rethrows -> Int {
        switch rx {
        case .frames(var ring):
            // The ring's position lives in the enum: taken out, advanced, put back.
            defer { rx = .frames(ring) }
            return try receiveFrames(&ring, max: maxBlocks &* ring.framesPerBlock, body)
        case .blocks(var ring):
            defer { rx = .blocks(ring) }
            var frames = 0
            var blocks = 0
            while blocks < maxBlocks, ring.currentBlockReady {
                defer { ring.releaseCurrentBlock() }
                frames &+= try ring.forEachFrame(body)
                blocks &+= 1
            }
            return frames
        }
    }

    /// As `receive`, in groups of up to `lookahead` ready frames: `ahead` sees each frame of a
    /// group, then `body` does (a block's frames; with `.frames`, the run of ready slots).
    @inline(__always)
    @discardableResult
    public func receive(
        maxBlocks: Int = 1, lookahead: Int, ahead: (ReceivedFrame) -> Void,
        _ body: (ReceivedFrame) throws -> Void
    ) rethrows -> Int {
        if case .frames(var ring) = rx {
            defer { rx = .frames(ring) }
            return try receiveFrames(
                &ring, max: maxBlocks &* ring.framesPerBlock, lookahead: lookahead, ahead: ahead, body)
        }
        guard case .blocks(var ring) = rx else { return try receive(maxBlocks: maxBlocks, body) }
        defer { rx = .blocks(ring) }
        var frames = 0
        var blocks = 0
        while blocks < maxBlocks, ring.currentBlockReady {
            defer { ring.releaseCurrentBlock() }
            frames &+= try ring.forEachFrame(lookahead: lookahead, ahead: ahead, body)
            blocks &+= 1
        }
        return frames
    }

    @inline(__always)
    private func receiveFrames(
        _ ring: inout RxFrameRing, max: Int, lookahead: Int = 0, ahead: (ReceivedFrame) -> Void = { _ in },
        _ body: (ReceivedFrame) throws -> Void
    ) rethrows
        -> Int
    {
        var frames = 0
        while frames < max, ring.currentFrameReady {
            // The next group: the ready slots from here (a truncated frame's whole copy is read
            // only when its turn comes, so it is not looked at ahead).
            var grouped = 0
            while grouped < lookahead, frames &+ grouped < max, ring.frameReady(ahead: grouped) {
                let next = ring.frame(ahead: grouped)
                if !next.status.contains(.truncated) { ahead(next) }
                grouped &+= 1
            }
            let groupEnd = frames &+ Swift.max(grouped, 1)
            while frames < groupEnd, ring.currentFrameReady {
                defer { ring.releaseCurrentFrame() }
                let frame = ring.currentFrame()
                if frame.status.contains(.truncated) {
                    try body(readWhole(frame))
                } else {
                    try body(frame)
                }
                frames &+= 1
            }
        }
        return frames
    }

    /// The whole of a frame the ring holds only the start of: its full copy waits on the socket
    /// (queued in ring order). Without one (no receive-buffer room) the truncated frame is
    /// returned as it is, for the caller to count.
    private func readWhole(_ frame: ReceivedFrame) -> ReceivedFrame {
        let buffer = oversize.bytes
        let n = recv(descriptor.rawValue, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_TRUNC))
        guard n > 0 else { return frame }
        return ReceivedFrame(
            bytes: UnsafeMutableRawBufferPointer(start: buffer.baseAddress, count: min(n, buffer.count)),
            wireLength: n, status: frame.status.subtracting(.truncated), packetType: frame.packetType,
            rxHash: frame.rxHash, vlanTCI: frame.vlanTCI, vlanTPID: frame.vlanTPID,
            seconds: frame.seconds, nanoseconds: frame.nanoseconds)
    }

    /// Whether `receive` would see a frame now.
    public var frameReady: Bool {
        switch rx {
        case .frames(let ring): ring.currentFrameReady
        case .blocks(let ring): ring.currentBlockReady
        }
    }

    /// Waits until a block is ready or `timeoutMilliseconds` pass (-1: forever). A block with
    /// any frame is retired at the latest after the configured retire timeout.
    @discardableResult
    public func waitForFrames(timeoutMilliseconds: Int32) throws(SystemCallError) -> Bool {
        if frameReady { return true }
        var p = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
        _ = try systemCall("poll(AF_PACKET, POLLIN)") { poll(&p, 1, timeoutMilliseconds) }
        return frameReady
    }

    // MARK: transmit

    /// Largest frame `send` accepts.
    public var transmitCapacity: Int { tx?.capacity ?? 0 }

    /// Frames queued since the last `flush()`.
    public var pendingTransmits: Int { tx?.pending ?? 0 }

    /// Frames the kernel rejected (PACKET_LOSS skipped them); counted as their slots are reused.
    public var rejectedTransmits: UInt64 { tx?.rejected ?? 0 }

    /// Copies `frame` (a whole Ethernet frame) into the next tx slot. Returns false if the ring
    /// is full (flush, wait with `waitUntilWritable`, or drop), if there is no tx ring, or if the
    /// frame is empty or larger than `transmitCapacity`.
    @inline(__always)
    @discardableResult
    public func send(_ frame: UnsafeRawBufferPointer) -> Bool {
        guard frame.count > 0, frame.count <= transmitCapacity, let src = frame.baseAddress else { return false }
        return tx?.enqueue { slot in
            guard let destination = slot.baseAddress else { return 0 }
            destination.copyMemory(from: src, byteCount: frame.count)
            return frame.count
        } ?? false
    }

    @discardableResult
    public func send(_ frame: [UInt8]) -> Bool {
        frame.withUnsafeBytes { send($0) }
    }

    /// Builds a frame directly in the next tx slot: `build` writes into the slot and returns the
    /// frame length (0 to cancel). Returns false if nothing was queued.
    @inline(__always)
    @discardableResult
    public func sendInPlace(_ build: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows -> Bool {
        try tx?.enqueue(build) ?? false
    }

    /// Asks the kernel to transmit every queued frame, without waiting for them to go out.
    /// Returns false if the kernel pushed back (ENOBUFS/EAGAIN: the socket's send buffer is
    /// full of frames still on their way); the frames stay queued, `pendingTransmits` stays
    /// non-zero, and the caller must flush again soon: nothing else will send them.
    @discardableResult
    public func flush() throws(SystemCallError) -> Bool {
        guard let pending = tx?.pending, pending > 0 else { return true }
        let fd = descriptor.rawValue
        let sent = try systemCall("send(AF_PACKET tx ring)", tolerating: ENOBUFS, or: EAGAIN) {
            Glibc.send(fd, nil, 0, Int32(MSG_DONTWAIT))
        }
        guard sent != nil else { return false }
        tx?.pending = 0
        return true
    }

    /// Waits until the kernel has a free tx slot at its send position, or the timeout passes.
    @discardableResult
    public func waitUntilWritable(timeoutMilliseconds: Int32) throws(SystemCallError) -> Bool {
        var p = pollfd(fd: descriptor.rawValue, events: Int16(POLLOUT), revents: 0)
        return try systemCall("poll(AF_PACKET, POLLOUT)") { poll(&p, 1, timeoutMilliseconds) } > 0
            && p.revents & Int16(POLLOUT) != 0
    }

    // MARK: statistics

    /// Frames seen and dropped since the previous call (the kernel resets the counters).
    public func statistics() throws(SystemCallError) -> PacketRingStatistics {
        let s = try socketOption(
            descriptor.rawValue, level: SOL_PACKET, PACKET_STATISTICS, "PACKET_STATISTICS",
            initial: tpacket_stats_v3())
        return PacketRingStatistics(packets: s.tp_packets, drops: s.tp_drops, freezes: s.tp_freeze_q_cnt)
    }
}
