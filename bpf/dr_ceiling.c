/* The ceiling of any in-kernel program director on the bench's lab: a stateless DR that sends
 * every TCP/UDP packet for the VIP to a real server picked by a hash of the client's address and
 * port (as the nft-dr mode does), with nothing looked up, scheduled or counted. Two attachments
 * of the same step: section "xdp" (XDP_TX, mode xdp-dr-ceiling) and section "tc" (tc ingress,
 * bpf_redirect out of the same device, mode tc-dr-ceiling). scripts/bench/run.sh compiles it
 * with the lab's addresses:
 *   -DVIP=0x...          the VIP's 4 bytes in network order, read as a little-endian u32
 *   -DMAC_DIR=0x...      the director's MAC, -DMAC_RS1=0x... -DMAC_RS2=0x... the servers'
 *                        (each MAC's 6 bytes as a big-endian number)
 * What neither can beat bounds what a fast path in the kernel could reach on veth. */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

struct xdp_md { u32 data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex; };
/* The head of struct __sk_buff (uapi/linux/bpf.h) up to data_end. */
struct sk_buff_head {
    u32 len, pkt_type, mark, queue_mapping, protocol, vlan_present, vlan_tci, vlan_proto,
        priority, ingress_ifindex, ifindex, tc_index, cb[5], hash, tc_classid, data, data_end;
};

enum { XDP_PASS = 2, XDP_TX = 3, TC_ACT_OK = 0 };
static long (*bpf_redirect)(u32 ifindex, u64 flags) = (void *)23;

static inline void put_mac(u8 *to, u64 mac) {
    for (int i = 0; i < 6; i++) to[i] = (u8)(mac >> (8 * (5 - i)));
}

/* Rewrites the frame's MACs toward the picked server; 0 if the frame is not for the VIP. */
static inline int steer(u8 *data, u8 *end) {
    if (data + 14 + 20 + 4 > end) return 0;
    if (data[12] != 0x08 || data[13] != 0x00) return 0;   /* IPv4 only */
    u8 *ip = data + 14;
    if ((ip[0] & 0x0f) != 5) return 0;                    /* no options */
    if (ip[9] != 6 && ip[9] != 17) return 0;              /* TCP, UDP */
    if (*(u32 *)(ip + 16) != (u32)VIP) return 0;
    u32 h = (*(u32 *)(ip + 12) ^ *(u16 *)(ip + 20)) * 0x9e3779b1u;
    put_mac(data, (h >> 31) ? MAC_RS2 : MAC_RS1);
    put_mac(data + 6, MAC_DIR);
    return 1;
}

__attribute__((section("xdp"), used)) int xdp_dr_ceiling(struct xdp_md *ctx) {
    return steer((u8 *)(long)ctx->data, (u8 *)(long)ctx->data_end) ? XDP_TX : XDP_PASS;
}

__attribute__((section("tc"), used)) int tc_dr_ceiling(struct sk_buff_head *skb) {
    if (!steer((u8 *)(long)skb->data, (u8 *)(long)skb->data_end)) return TC_ACT_OK;
    return (int)bpf_redirect(skb->ifindex, 0);
}

char _license[] __attribute__((section("license"), used)) = "GPL";
