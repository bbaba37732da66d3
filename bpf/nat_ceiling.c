/* The ceiling of any in-kernel NAT director on the bench's lab: a stateless NAT at tc ingress
 * that sends every TCP/UDP packet for the VIP to a real server picked by a hash of the client's
 * address and port, rewriting the destination address (section "tc_in", on the director's
 * client-side eth0), and rewrites the real servers' replies' source back to the VIP (section
 * "tc_out", on the server-side eth1), with nothing looked up, scheduled or counted. The kernel's
 * checksum helpers keep both checksums right whether or not the sender left the transport
 * checksum to offload. scripts/bench/run.sh (mode tc-nat-ceiling) compiles it with the lab's
 * addresses: -DVIP, -DRS1, -DRS2 (each IPv4 address's 4 bytes in network order, read as a
 * little-endian u32), -DMAC_CL, -DMAC_DIR0, -DMAC_DIR1, -DMAC_RS1, -DMAC_RS2 (each MAC's 6 bytes
 * as a big-endian number), -DIF_ETH0, -DIF_ETH1 (the director's ifindexes). */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

struct sk_buff_head {
    u32 len, pkt_type, mark, queue_mapping, protocol, vlan_present, vlan_tci, vlan_proto,
        priority, ingress_ifindex, ifindex, tc_index, cb[5], hash, tc_classid, data, data_end;
};

enum { TC_ACT_OK = 0, BPF_F_PSEUDO_HDR = 1 << 4 };
static long (*bpf_skb_store_bytes)(void *skb, u32 off, const void *from, u32 len, u64 flags) = (void *)9;
static long (*bpf_l3_csum_replace)(void *skb, u32 off, u64 from, u64 to, u64 flags) = (void *)10;
static long (*bpf_l4_csum_replace)(void *skb, u32 off, u64 from, u64 to, u64 flags) = (void *)11;
static long (*bpf_redirect)(u32 ifindex, u64 flags) = (void *)23;

#define IP_OFF 14
#define SADDR_OFF (IP_OFF + 12)
#define DADDR_OFF (IP_OFF + 16)

static inline void put_mac(u8 *to, u64 mac) {
    for (int i = 0; i < 6; i++) to[i] = (u8)(mac >> (8 * (5 - i)));
}

/* Replaces the IPv4 address at `off` (`from`) with `to`, both checksums updated. */
static inline void rewrite(struct sk_buff_head *skb, u8 proto, u32 off, u32 from, u32 to) {
    u32 l4csum = IP_OFF + 20 + (proto == 6 ? 16 : 6);
    bpf_l4_csum_replace(skb, l4csum, from, to, BPF_F_PSEUDO_HDR | 4);
    bpf_l3_csum_replace(skb, IP_OFF + 10, from, to, 4);
    bpf_skb_store_bytes(skb, off, &to, 4, 0);
}

/* The IPv4 TCP/UDP header's protocol, or 0 for anything else (left to the kernel); with its
 * source and destination addresses. */
static inline u8 parse(struct sk_buff_head *skb, u32 *saddr, u32 *daddr, u16 *sport) {
    u8 *data = (u8 *)(long)skb->data, *end = (u8 *)(long)skb->data_end;
    if (data + IP_OFF + 20 + 8 > end) return 0;
    if (data[12] != 0x08 || data[13] != 0x00) return 0;
    if ((data[IP_OFF] & 0x0f) != 5) return 0;
    u8 p = data[IP_OFF + 9];
    if (p != 6 && p != 17) return 0;
    if (p == 17 && *(u16 *)(data + IP_OFF + 20 + 6) == 0) return 0;   /* no UDP checksum: left alone */
    *saddr = *(u32 *)(data + SADDR_OFF);
    *daddr = *(u32 *)(data + DADDR_OFF);
    *sport = *(u16 *)(data + IP_OFF + 20);
    return p;
}

static inline int set_macs(struct sk_buff_head *skb, u64 dst, u64 src) {
    u8 *data = (u8 *)(long)skb->data, *end = (u8 *)(long)skb->data_end;
    if (data + 14 > end) return -1;
    put_mac(data, dst);
    put_mac(data + 6, src);
    return 0;
}

__attribute__((section("tc_in"), used)) int tc_nat_in(struct sk_buff_head *skb) {
    u32 saddr, daddr;
    u16 sport;
    u8 proto = parse(skb, &saddr, &daddr, &sport);
    if (!proto || daddr != (u32)VIP) return TC_ACT_OK;
    u32 h = (saddr ^ sport) * 0x9e3779b1u;
    int second = h >> 31;
    rewrite(skb, proto, DADDR_OFF, (u32)VIP, second ? (u32)RS2 : (u32)RS1);
    if (set_macs(skb, second ? MAC_RS2 : MAC_RS1, MAC_DIR1)) return TC_ACT_OK;
    return (int)bpf_redirect(IF_ETH1, 0);
}

__attribute__((section("tc_out"), used)) int tc_nat_out(struct sk_buff_head *skb) {
    u32 saddr, daddr;
    u16 sport;
    u8 proto = parse(skb, &saddr, &daddr, &sport);
    if (!proto) return TC_ACT_OK;
    if (saddr != (u32)RS1 && saddr != (u32)RS2) return TC_ACT_OK;
    rewrite(skb, proto, SADDR_OFF, saddr, (u32)VIP);
    if (set_macs(skb, MAC_CL, MAC_DIR0)) return TC_ACT_OK;
    return (int)bpf_redirect(IF_ETH0, 0);
}

char _license[] __attribute__((section("license"), used)) = "GPL";
