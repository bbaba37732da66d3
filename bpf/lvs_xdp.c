// SPDX-License-Identifier: GPL-2.0
//
// SwiftLVS XDP fast path: forwards packets of connections the Swift director has already
// scheduled and seen ESTABLISHED (one entry per arriving tuple in `lvs_flows`), in DR, NAT (both
// directions) and TUN (ipip/ip6ip6/ipip6/sit-style), exactly as the Swift FrameProcessor would:
// TTL/hop limit decremented first, then the method's rewrite with incremental checksums
// (RFC 1624, the same arithmetic as LVSWire's InternetChecksum.update, so the bytes agree).
// Everything else is XDP_PASS for the Swift director: first packets, SYN/FIN/RST (the Swift
// engine keeps the TCP states), ARP/ND, ICMP, fragments, VLAN tags, IPv6 extension headers,
// TTL <= 1, tunnels that would exceed the MTU or need a full UDP checksum (GUE).
//
// Built with the Swift toolchain's own clang (`clang --target=bpf -O2 -c`), no libbpf and no
// kernel headers: the few UAPI constants and helper ids are declared here. The map layouts are
// mirrored by LVSXDP's XDPFlowKey / XDPFlowEntry / XDPFlowCounters (tests pin both sides).

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#define SEC(name) __attribute__((section(name), used))
#define INLINE static inline __attribute__((always_inline))

// include/uapi/linux/bpf.h
struct xdp_md {
    u32 data;
    u32 data_end;
    u32 data_meta;
    u32 ingress_ifindex;
    u32 rx_queue_index;
    u32 egress_ifindex;
};
enum { XDP_ABORTED = 0, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT };
enum { BPF_MAP_TYPE_HASH = 1, BPF_MAP_TYPE_PERCPU_ARRAY = 6 };

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static long (*bpf_redirect)(u32 ifindex, u64 flags) = (void *)23;
static long (*bpf_xdp_adjust_head)(struct xdp_md *ctx, int delta) = (void *)44;
static long (*bpf_xdp_adjust_tail)(struct xdp_md *ctx, int delta) = (void *)65;

// The loader reads these (type, key size, value size, max entries, flags) from the "maps"
// section and creates the maps; max_entries may be overridden at load time.
struct lvs_map_def {
    u32 type;
    u32 key_size;
    u32 value_size;
    u32 max_entries;
    u32 map_flags;
};

// Key: the packet's own tuple as it arrives (client -> VIP for DR/TUN/NAT-in; real server ->
// client for NAT-out). Addresses and ports in network order; IPv4 in the first 4 bytes.
struct lvs_flow_key {
    u8 family;  // 4 or 6
    u8 protocol;  // 6 TCP, 17 UDP
    u16 reserved;
    u16 source_port;
    u16 destination_port;
    u8 source[16];
    u8 destination[16];
};

enum { LVS_METHOD_DR = 1, LVS_METHOD_NAT_IN = 2, LVS_METHOD_NAT_OUT = 3, LVS_METHOD_TUNNEL = 4 };
enum {
    LVS_FLAG_TX = 1,  // egress is the ingress interface: XDP_TX instead of a redirect
    LVS_FLAG_GUE = 2,  // TUN: UDP to `port` + GUE header (IPv4 outer, no UDP checksum) instead of ipip
};

struct lvs_flow_entry {
    u8 method;
    u8 flags;
    u8 family;  // of `address` and `tunnel_source` (4 or 6)
    u8 reserved0;
    u16 port;  // NAT: the new port; GUE: the destination port (network order)
    u16 mtu;  // TUN: IP MTU of the egress link (host order)
    u32 ifindex;  // egress interface (host order)
    u32 counter_slot;  // index into lvs_counters (host order)
    u8 destination_mac[6];
    u8 source_mac[6];
    u8 reserved1[4];
    u8 address[16];  // NAT: the new address; TUN: the real server (outer destination)
    u8 tunnel_source[16];  // TUN: the director's address (outer source)
};

struct lvs_flow_counters {
    u64 packets;
    u64 bytes;  // IP bytes, as IPVS counts them
};

struct lvs_map_def lvs_flows SEC("maps") = {
    .type = BPF_MAP_TYPE_HASH,
    .key_size = sizeof(struct lvs_flow_key),
    .value_size = sizeof(struct lvs_flow_entry),
    .max_entries = 1 << 20,
};

struct lvs_map_def lvs_counters SEC("maps") = {
    .type = BPF_MAP_TYPE_PERCPU_ARRAY,
    .key_size = sizeof(u32),
    .value_size = sizeof(struct lvs_flow_counters),
    .max_entries = 1 << 20,
};

char _license[] SEC("license") = "GPL";

INLINE u16 load16(const u8 *p) { return (u16)((p[0] << 8) | p[1]); }

INLINE void store16(u8 *p, u16 v) {
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

INLINE u32 fold(u64 v) {
    v = (v & 0xffffffff) + (v >> 32);
    v = (v & 0xffffffff) + (v >> 32);
    v = (v & 0xffff) + (v >> 16);
    v = (v & 0xffff) + (v >> 16);
    v = (v & 0xffff) + (v >> 16);
    return (u32)v;
}

// InternetChecksum.update(checksum, oldSum:, newSum:)
INLINE u16 csum_update(u16 checksum, u32 old_sum, u32 new_sum) {
    u16 old_folded = (u16)fold(old_sum);
    u64 s = (u64)(u16)~checksum + (u64)(u16)~old_folded + (u64)new_sum;
    return (u16)~(u16)fold(s);
}

// InternetChecksum.sum(address): the folded sum of its 16-bit words.
INLINE u32 address_sum(const u8 *a, int v4) {
    u64 s = load16(a) + load16(a + 2);
    if (!v4) {
#pragma unroll
        for (int i = 4; i < 16; i += 2) s += load16(a + i);
    }
    return fold(s);
}

INLINE void copy_address(u8 *to, const u8 *from, int v4) {
    if (v4)
        __builtin_memcpy(to, from, 4);
    else
        __builtin_memcpy(to, from, 16);
}

INLINE void set_macs(u8 *eth, const struct lvs_flow_entry *e) {
    __builtin_memcpy(eth, e->destination_mac, 6);
    __builtin_memcpy(eth + 6, e->source_mac, 6);
}

INLINE int verdict(const struct lvs_flow_entry *e) {
    if (e->flags & LVS_FLAG_TX) return XDP_TX;
    return (int)bpf_redirect(e->ifindex, 0);
}

INLINE void count(const struct lvs_flow_entry *e, u32 ip_length) {
    u32 slot = e->counter_slot;
    struct lvs_flow_counters *c = bpf_map_lookup_elem(&lvs_counters, &slot);
    if (c) {
        c->packets += 1;
        c->bytes += ip_length;
    }
}

// NATRewriter: one address (and the port next to it) replaced, IP and transport checksums
// updated incrementally. `l4_end` is the first byte past the transport header the verifier
// knows is in the packet (TCP: 20 bytes, UDP: 8).
INLINE void nat_rewrite(u8 *ip, u8 *l4, int v4, int source_side, u8 protocol, const struct lvs_flow_entry *e) {
    u8 *address = v4 ? ip + (source_side ? 12 : 16) : ip + (source_side ? 8 : 24);
    u8 *port = l4 + (source_side ? 0 : 2);
    u32 old_address_sum = address_sum(address, v4);
    u32 new_address_sum = address_sum(e->address, v4);
    u16 old_port = load16(port);
    u16 new_port = (u16)((((const u8 *)&e->port)[0] << 8) | ((const u8 *)&e->port)[1]);
    if (v4) store16(ip + 10, csum_update(load16(ip + 10), old_address_sum, new_address_sum));
    copy_address(address, e->address, v4);
    store16(port, new_port);
    u8 *field = l4 + (protocol == 6 ? 16 : 6);
    u16 checksum = load16(field);
    int udp = protocol == 17;
    if (udp && v4 && checksum == 0) return;  // no checksum was sent; keep it that way
    checksum = csum_update(checksum, old_address_sum, new_address_sum);
    checksum = csum_update(checksum, old_port, new_port);
    if (udp && checksum == 0) checksum = 0xffff;
    store16(field, checksum);
}

INLINE u64 load64(const u8 *p) {
    u64 v = 0;
#pragma unroll
    for (int i = 0; i < 8; i++) v = (v << 8) | p[i];
    return v;
}

INLINE u64 entropy_mix(u64 h, u64 word) {
    u64 m = (h ^ word) * 0x100000001B3ULL;
    return m ^ (m >> 29);
}

// TunnelEncapsulator.entropyPort: the GUE source port from the inner flow (addresses as
// InetAddress holds them: IPv4 as the low word, IPv6 as two big-endian words), 49152-65535.
INLINE u16 entropy_port(const struct lvs_flow_key *k) {
    u64 h = 0xCBF29CE484222325ULL;
    if (k->family == 4) {
        h = entropy_mix(h, 0);
        h = entropy_mix(h, load64(k->source) >> 32);
        h = entropy_mix(h, 0);
        h = entropy_mix(h, load64(k->destination) >> 32);
    } else {
        h = entropy_mix(h, load64(k->source));
        h = entropy_mix(h, load64(k->source + 8));
        h = entropy_mix(h, load64(k->destination));
        h = entropy_mix(h, load64(k->destination + 8));
    }
    u64 sport = load16((const u8 *)&k->source_port);
    u64 dport = load16((const u8 *)&k->destination_port);
    h = entropy_mix(h, (sport << 16) | dport | ((u64)k->protocol << 32));
    return (u16)(0xC000 | (h & 0x3FFF));
}

INLINE int tunnel_overhead(const struct lvs_flow_entry *e) {
    return (e->family == 4 ? 20 : 40) + ((e->flags & LVS_FLAG_GUE) ? 12 : 0);
}

INLINE int tunnel(struct xdp_md *ctx, const struct lvs_flow_entry *e, int inner_v4, u32 inner_length, u8 tos,
                  int dont_fragment, u8 outer_ttl, u16 source_port) {
    int outer_v4 = e->family == 4;
    int gue = (e->flags & LVS_FLAG_GUE) != 0;
    int overhead = tunnel_overhead(e);
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    long excess = (long)(data_end - data) - 14 - (long)inner_length;
    if (excess > 0 && excess < 64) {
        // Ethernet padding stays behind (TunnelEncapsulator drops it too).
        if (bpf_xdp_adjust_tail(ctx, -(int)excess)) return XDP_PASS;
    }
    if (bpf_xdp_adjust_head(ctx, -overhead)) return XDP_PASS;
    data = (void *)(long)ctx->data;
    data_end = (void *)(long)ctx->data_end;
    u8 *eth = data;
    if (data + 14 + 40 > data_end) return XDP_ABORTED;
    set_macs(eth, e);
    u8 *outer = eth + 14;
    u8 inner_protocol = inner_v4 ? 4 : 41;
    u8 outer_protocol = gue ? 17 : inner_protocol;
    u32 total = (u32)overhead + inner_length;
    if (outer_v4) {
        eth[12] = 0x08;
        eth[13] = 0x00;
        outer[0] = 0x45;
        outer[1] = tos;
        store16(outer + 2, (u16)total);
        store16(outer + 4, 0);
        store16(outer + 6, dont_fragment ? 0x4000 : 0);
        outer[8] = outer_ttl;
        outer[9] = outer_protocol;
        store16(outer + 10, 0);
        __builtin_memcpy(outer + 12, e->tunnel_source, 4);
        __builtin_memcpy(outer + 16, e->address, 4);
        u64 s = 0;
#pragma unroll
        for (int i = 0; i < 20; i += 2) s += load16(outer + i);
        store16(outer + 10, (u16)~(u16)fold(s));
    } else {
        eth[12] = 0x86;
        eth[13] = 0xdd;
        outer[0] = 0x60 | (tos >> 4);
        outer[1] = (u8)(tos << 4);
        outer[2] = 0;
        outer[3] = 0;
        store16(outer + 4, (u16)(total - 40));
        outer[6] = outer_protocol;
        outer[7] = outer_ttl;
        __builtin_memcpy(outer + 8, e->tunnel_source, 16);
        __builtin_memcpy(outer + 24, e->address, 16);
    }
    if (gue) {
        // Only with an IPv4 outer header (checked before any change), so at 14 + 20.
        u8 *udp = eth + 14 + 20;
        if ((void *)(udp + 12) > data_end) return XDP_ABORTED;
        store16(udp, source_port);
        __builtin_memcpy(udp + 2, &e->port, 2);
        store16(udp + 4, (u16)(12 + inner_length));
        store16(udp + 6, 0);  // no UDP checksum over IPv4 (--tun-csum entries are not written)
        udp[8] = 0;
        udp[9] = inner_protocol;
        udp[10] = 0;
        udp[11] = 0;
    }
    return verdict(e);
}

// One copy per address family (`v4` is a constant in each), so the verifier never sees a
// pointer whose bounds were proven on only one of two merged paths.
INLINE int forward(struct xdp_md *ctx, const int v4) {
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    u8 *eth = data;
    u8 *ip = eth + 14;
    if ((void *)(ip + (v4 ? 20 : 40)) > data_end) return XDP_PASS;

    struct lvs_flow_key key;
    __builtin_memset(&key, 0, sizeof(key));
    u8 *l4;
    u8 protocol;
    u8 ttl;
    u8 tos;
    int dont_fragment = 0;
    u32 ip_length;
    if (v4) {
        if ((ip[0] >> 4) != 4) return XDP_PASS;
        u32 header_length = (u32)(ip[0] & 0x0f) << 2;
        if (header_length < 20) return XDP_PASS;
        // A header that does not sum to 0xFFFF is the Swift parser's to drop (and count).
        u64 header_sum = 0;
#pragma unroll
        for (int i = 0; i < 60; i += 2) {
            if ((u32)i < header_length) {
                if ((void *)(ip + i + 2) > data_end) return XDP_PASS;
                header_sum += load16(ip + i);
            }
        }
        if (fold(header_sum) != 0xffff) return XDP_PASS;
        u16 fragment = load16(ip + 6);
        if (fragment & 0x3fff) return XDP_PASS;  // MF or an offset: the Swift path reassembles nothing either
        dont_fragment = (fragment & 0x4000) != 0;
        ip_length = load16(ip + 2);
        if (ip_length < header_length + 8) return XDP_PASS;
        if ((void *)(eth + 14) + ip_length > data_end) return XDP_PASS;
        tos = ip[1];
        ttl = ip[8];
        protocol = ip[9];
        l4 = ip + header_length;
        key.family = 4;
        __builtin_memcpy(key.source, ip + 12, 4);
        __builtin_memcpy(key.destination, ip + 16, 4);
    } else {
        if ((ip[0] >> 4) != 6) return XDP_PASS;
        ip_length = 40 + (u32)load16(ip + 4);
        if ((void *)(eth + 14) + ip_length > data_end) return XDP_PASS;
        tos = (u8)((ip[0] << 4) | (ip[1] >> 4));
        protocol = ip[6];
        ttl = ip[7];
        l4 = ip + 40;
        key.family = 6;
        __builtin_memcpy(key.source, ip + 8, 16);
        __builtin_memcpy(key.destination, ip + 24, 16);
    }
    if (protocol == 6) {
        if ((void *)(l4 + 20) > data_end) return XDP_PASS;
        // SYN, FIN, RST: state changes the Swift engine must see.
        if (l4[13] & 0x07) return XDP_PASS;
    } else if (protocol == 17) {
        if ((void *)(l4 + 8) > data_end) return XDP_PASS;
    } else {
        return XDP_PASS;  // ICMP (errors are matched by the Swift engine), SCTP, the rest
    }
    if (ttl <= 1) return XDP_PASS;  // time exceeded is the Swift path's to send
    key.protocol = protocol;
    __builtin_memcpy(&key.source_port, l4, 2);
    __builtin_memcpy(&key.destination_port, l4 + 2, 2);

    struct lvs_flow_entry *e = bpf_map_lookup_elem(&lvs_flows, &key);
    if (!e) return XDP_PASS;
    if (e->method == LVS_METHOD_NAT_IN || e->method == LVS_METHOD_NAT_OUT) {
        if ((e->family == 4) != v4) return XDP_PASS;
    } else if (e->method == LVS_METHOD_TUNNEL) {
        if (e->family != 4 && e->family != 6) return XDP_PASS;
        // GUE needs a full UDP checksum over IPv6: the Swift path computes it.
        if ((e->flags & LVS_FLAG_GUE) && e->family != 4) return XDP_PASS;
        // Too big for the tunnel: the Swift path answers (fragmentation needed / packet too big).
        if ((int)ip_length > (int)e->mtu - tunnel_overhead(e)) return XDP_PASS;
    } else if (e->method != LVS_METHOD_DR) {
        return XDP_PASS;
    }
    count(e, ip_length);

    // HopLimit.decrementAlive
    if (v4) {
        u16 old = (u16)((ttl << 8) | protocol);
        ip[8] = ttl - 1;
        store16(ip + 10, csum_update(load16(ip + 10), old, (u16)(old - 0x100)));
    } else {
        ip[7] = ttl - 1;
    }

    switch (e->method) {
    case LVS_METHOD_DR:
        set_macs(eth, e);
        return verdict(e);
    case LVS_METHOD_NAT_IN:
        nat_rewrite(ip, l4, v4, 0, protocol, e);
        set_macs(eth, e);
        return verdict(e);
    case LVS_METHOD_NAT_OUT:
        nat_rewrite(ip, l4, v4, 1, protocol, e);
        set_macs(eth, e);
        return verdict(e);
    default:
        // The outer header copies DF from an IPv4 packet; IPv6 is never fragmented on the way.
        return tunnel(ctx, e, v4, ip_length, tos, v4 ? dont_fragment : 1, (u8)(ttl - 1),
                      (e->flags & LVS_FLAG_GUE) ? entropy_port(&key) : 0);
    }
}

SEC("xdp")
int lvs_xdp(struct xdp_md *ctx) {
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    u8 *eth = data;
    if (data + 14 > data_end) return XDP_PASS;
    u16 ether_type = load16(eth + 12);
    if (ether_type == 0x0800) return forward(ctx, 1);
    if (ether_type == 0x86dd) return forward(ctx, 0);
    return XDP_PASS;  // ARP, VLAN tags, anything else
}
