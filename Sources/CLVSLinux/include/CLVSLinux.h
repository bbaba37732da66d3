// What Swift cannot import from Glibc: function-like macros (TPACKET_ALIGN, _IOW ioctl numbers),
// variadic calls (ioctl), GNU-only declarations (setns, recvmmsg), and ring-status accesses that need
// acquire/release ordering against the kernel.
#ifndef CLVSLINUX_H
#define CLVSLINUX_H

#include <stdint.h>
#include <stddef.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/if_packet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <semaphore.h>
#include <linux/if_tun.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <linux/sock_diag.h>

/// struct ucred as SO_PEERCRED fills it (Glibc declares it only under _GNU_SOURCE).
struct clvs_ucred {
    int32_t pid;
    uint32_t uid;
    uint32_t gid;
};

/// Offset of frame data from the start of a TPACKET_V3 tx slot (tp_hdrlen - sizeof(sockaddr_ll)).
static inline uint32_t clvs_tpacket3_data_offset(void) {
    return (uint32_t)TPACKET_ALIGN(sizeof(struct tpacket3_hdr));
}

/// Field offsets of the TPACKET_V3 ring structures (the unions make key paths awkward in Swift).
enum {
    CLVS_BD_BLOCK_STATUS = offsetof(struct tpacket_block_desc, hdr.bh1.block_status),
    CLVS_BD_NUM_PKTS = offsetof(struct tpacket_block_desc, hdr.bh1.num_pkts),
    CLVS_BD_FIRST_PKT = offsetof(struct tpacket_block_desc, hdr.bh1.offset_to_first_pkt),
    CLVS_BD_BLK_LEN = offsetof(struct tpacket_block_desc, hdr.bh1.blk_len),
    CLVS_BD_SEQ_NUM = offsetof(struct tpacket_block_desc, hdr.bh1.seq_num),
    CLVS_TP3_NEXT_OFFSET = offsetof(struct tpacket3_hdr, tp_next_offset),
    CLVS_TP3_SEC = offsetof(struct tpacket3_hdr, tp_sec),
    CLVS_TP3_NSEC = offsetof(struct tpacket3_hdr, tp_nsec),
    CLVS_TP3_SNAPLEN = offsetof(struct tpacket3_hdr, tp_snaplen),
    CLVS_TP3_LEN = offsetof(struct tpacket3_hdr, tp_len),
    CLVS_TP3_STATUS = offsetof(struct tpacket3_hdr, tp_status),
    CLVS_TP3_MAC = offsetof(struct tpacket3_hdr, tp_mac),
    CLVS_TP3_NET = offsetof(struct tpacket3_hdr, tp_net),
    CLVS_TP3_RXHASH = offsetof(struct tpacket3_hdr, hv1.tp_rxhash),
    CLVS_TP3_VLAN_TCI = offsetof(struct tpacket3_hdr, hv1.tp_vlan_tci),
    CLVS_TP3_VLAN_TPID = offsetof(struct tpacket3_hdr, hv1.tp_vlan_tpid),
    /// Where the kernel puts the sockaddr_ll of a received frame (after the aligned header).
    CLVS_TP3_SLL = TPACKET_ALIGN(sizeof(struct tpacket3_hdr)),
    CLVS_SLL_PKTTYPE = offsetof(struct sockaddr_ll, sll_pkttype),
    CLVS_TPACKET3_HDRLEN = TPACKET3_HDRLEN,
};

/// Offset of frame data from the start of a TPACKET_V2 tx slot.
static inline uint32_t clvs_tpacket2_data_offset(void) {
    return (uint32_t)TPACKET_ALIGN(sizeof(struct tpacket2_hdr));
}

/// Field offsets of the TPACKET_V2 frame header (one fixed-size slot per frame).
enum {
    CLVS_TP2_STATUS = offsetof(struct tpacket2_hdr, tp_status),
    CLVS_TP2_LEN = offsetof(struct tpacket2_hdr, tp_len),
    CLVS_TP2_SNAPLEN = offsetof(struct tpacket2_hdr, tp_snaplen),
    CLVS_TP2_MAC = offsetof(struct tpacket2_hdr, tp_mac),
    CLVS_TP2_SEC = offsetof(struct tpacket2_hdr, tp_sec),
    CLVS_TP2_NSEC = offsetof(struct tpacket2_hdr, tp_nsec),
    CLVS_TP2_VLAN_TCI = offsetof(struct tpacket2_hdr, tp_vlan_tci),
    CLVS_TP2_VLAN_TPID = offsetof(struct tpacket2_hdr, tp_vlan_tpid),
    CLVS_TP2_SLL = TPACKET_ALIGN(sizeof(struct tpacket2_hdr)),
    CLVS_TPACKET2_HDRLEN = TPACKET2_HDRLEN,
};

static inline unsigned long clvs_tunsetiff(void) { return TUNSETIFF; }

/// The kernel writes block_status/tp_status after filling the memory they guard; reading them
/// with acquire ordering makes the frame bytes visible, and handing a slot back with release
/// ordering keeps our writes (tx frame bytes) ahead of the status change.
static inline uint32_t clvs_load_acquire_u32(const void *p) {
    return __atomic_load_n((const uint32_t *)p, __ATOMIC_ACQUIRE);
}

static inline void clvs_store_release_u32(void *p, uint32_t v) {
    __atomic_store_n((uint32_t *)p, v, __ATOMIC_RELEASE);
}

/// ioctl(2) with a pointer argument (Swift does not import variadic functions).
int clvs_ioctl_ptr(int fd, unsigned long request, void *arg);

/// struct mmsghdr, which glibc declares only under _GNU_SOURCE (same layout; shim.c checks).
struct clvs_mmsghdr {
    struct msghdr msg_hdr;
    unsigned int msg_len;
};

/// recvmmsg(2) without a timeout; GNU-only in <sys/socket.h>.
int clvs_recvmmsg(int fd, struct clvs_mmsghdr *messages, unsigned int count, int flags);

/// What an IPv6 raw socket's ancillary data says about one received datagram (IPV6_RECVHOPLIMIT,
/// IPV6_RECVPKTINFO): the IPv6 header itself is not returned, so VRRP's hop-limit and destination
/// checks need these. `has_hop_limit` / `has_destination` are 0 when the kernel sent none.
struct clvs_ipv6_receive_info {
    uint8_t source[16];
    uint8_t destination[16];
    int32_t hop_limit;
    int32_t interface_index;
    int32_t has_hop_limit;
    int32_t has_destination;
};

/// recvmsg(2) on an IPv6 socket, reading the CMSG_* macros Swift cannot call. Returns the
/// payload length or -1 (errno set).
long clvs_recv_ipv6_with_info(int fd, void *buffer, size_t length, int flags, struct clvs_ipv6_receive_info *info);

/// sendmsg(2) on an IPv6 socket from `source` (IPV6_PKTINFO, with `interface_index`), so the
/// caller knows the source its checksum's pseudo-header must use. Returns bytes sent or -1.
long clvs_send_ipv6_from(
    int fd, const void *buffer, size_t length, const uint8_t destination[16], const uint8_t source[16],
    int interface_index);

/// Indexes into the SO_MEMINFO array (enum values Swift does not import from sock_diag.h).
enum {
    CLVS_SK_MEMINFO_DROPS = SK_MEMINFO_DROPS,
    CLVS_SK_MEMINFO_VARS = SK_MEMINFO_VARS,
};

/// setns(2); declared by glibc only under _GNU_SOURCE.
int clvs_setns(int fd, int nstype);

/// CLONE_NEWNET, likewise GNU-only in <sched.h>.
int clvs_clone_newnet(void);

/// pipe2(fds, O_CLOEXEC); pipe2 is GNU-only in <unistd.h>.
int clvs_pipe_cloexec(int fds[2]);

/// Pins the calling thread to one CPU (sched_setaffinity on the thread).
int clvs_pin_current_thread(int cpu);

/// Names the calling thread (pthread_setname_np; at most 15 bytes are kept).
void clvs_name_current_thread(const char *name);

/// The process environment, for posix_spawn.
char *const *clvs_environ(void);

/// Registers a network-namespace mount path (/run/netns/NAME) to be detached and unlinked if the
/// process dies from a fatal or terminating signal. Returns 0, or -1 when the table is full or the
/// path too long. Paths are kept in static storage so the handler needs no allocation.
int clvs_cleanup_register(const char *path);

/// Forgets a path registered above (after a normal teardown).
void clvs_cleanup_unregister(const char *path);

/// Forgets every registered path; for a forked child that must not tear down its parent's
/// namespaces when it dies. Async-signal-safe.
void clvs_cleanup_forget_all(void);

/// Installs the handler for SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL,
/// SIGTRAP and SIGFPE. The handler only calls umount2 and unlink (both async-signal-safe), then
/// re-raises the signal with its default action. Idempotent.
void clvs_cleanup_install(void);

/// bpf(2) (no libc wrapper; union bpf_attr is awkward in Swift). Each returns what the system
/// call returns (-1 with errno on failure). Keys and values are opaque bytes of the map's sizes.
int clvs_bpf_map_create(uint32_t map_type, uint32_t key_size, uint32_t value_size, uint32_t max_entries,
                        uint32_t map_flags, const char *name);
int clvs_bpf_prog_load(uint32_t prog_type, const void *instructions, uint32_t instruction_count,
                       const char *license, char *log, uint32_t log_size, uint32_t log_level, const char *name);
int clvs_bpf_map_update(int map_fd, const void *key, const void *value, uint64_t flags);
int clvs_bpf_map_lookup(int map_fd, const void *key, void *value);
/// BPF_MAP_LOOKUP_BATCH: up to *count entries after in_batch (NULL: from the first); *count
/// becomes how many were copied, also when it fails with ENOENT at the end of the map.
int clvs_bpf_map_lookup_batch(int map_fd, const void *in_batch, void *out_batch, void *keys, void *values,
                              uint32_t *count);
int clvs_bpf_map_delete(int map_fd, const void *key);
int clvs_bpf_map_next_key(int map_fd, const void *key, void *next_key);
/// BPF_PROG_TEST_RUN: runs the program once per `repeat` on `data_in`; the frame after the last
/// run goes to `data_out` (`*data_out_size` in: capacity, out: length), the action to `*retval`.
int clvs_bpf_prog_test_run(int prog_fd, const void *data_in, uint32_t data_in_size, void *data_out,
                           uint32_t *data_out_size, uint32_t *retval, uint32_t repeat, uint32_t *duration_ns);
/// BPF_LINK_CREATE with BPF_XDP: the program stays attached while the returned link fd is open.
int clvs_bpf_link_create_xdp(int prog_fd, int ifindex, uint32_t xdp_flags);

#endif
