#define _GNU_SOURCE
#include "CLVSLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <netinet/in.h>
#include <unistd.h>

extern char **environ;

int clvs_ioctl_ptr(int fd, unsigned long request, void *arg) { return ioctl(fd, request, arg); }

int clvs_setns(int fd, int nstype) { return setns(fd, nstype); }

_Static_assert(sizeof(struct clvs_mmsghdr) == sizeof(struct mmsghdr), "clvs_mmsghdr mirrors mmsghdr");
_Static_assert(offsetof(struct clvs_mmsghdr, msg_len) == offsetof(struct mmsghdr, msg_len), "clvs_mmsghdr mirrors mmsghdr");

int clvs_recvmmsg(int fd, struct clvs_mmsghdr *messages, unsigned int count, int flags) {
    return recvmmsg(fd, (struct mmsghdr *)messages, count, flags, NULL);
}

int clvs_clone_newnet(void) { return CLONE_NEWNET; }

int clvs_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int clvs_pin_current_thread(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set);
}

void clvs_name_current_thread(const char *name) {
    char shortName[16];
    strncpy(shortName, name, sizeof shortName - 1);
    shortName[sizeof shortName - 1] = 0;
    pthread_setname_np(pthread_self(), shortName);
}

char *const *clvs_environ(void) { return environ; }

#define CLVS_CLEANUP_SLOTS 64
#define CLVS_CLEANUP_PATH 256

// A slot is live when its first byte is non-zero. Writers fill the path before publishing the
// first byte, so a handler running mid-registration sees either nothing or a whole path.
static char cleanup_paths[CLVS_CLEANUP_SLOTS][CLVS_CLEANUP_PATH];
static volatile sig_atomic_t cleanup_installed;

int clvs_cleanup_register(const char *path) {
    size_t n = strlen(path);
    if (n == 0 || n >= CLVS_CLEANUP_PATH) return -1;
    for (int i = 0; i < CLVS_CLEANUP_SLOTS; i++) {
        char expected = 0;
        char *slot = cleanup_paths[i];
        // Claim with a marker that is never a path's first byte, then publish.
        if (__atomic_compare_exchange_n(&slot[0], &expected, (char)1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            memcpy(slot + 1, path + 1, n);  // includes the terminator
            __atomic_store_n(&slot[0], path[0], __ATOMIC_RELEASE);
            return 0;
        }
    }
    return -1;
}

void clvs_cleanup_unregister(const char *path) {
    for (int i = 0; i < CLVS_CLEANUP_SLOTS; i++) {
        char *slot = cleanup_paths[i];
        char first = __atomic_load_n(&slot[0], __ATOMIC_ACQUIRE);
        if (first > 1 && strcmp(slot, path) == 0) {
            __atomic_store_n(&slot[0], (char)0, __ATOMIC_RELEASE);
        }
    }
}

void clvs_cleanup_forget_all(void) {
    for (int i = 0; i < CLVS_CLEANUP_SLOTS; i++) __atomic_store_n(&cleanup_paths[i][0], (char)0, __ATOMIC_RELEASE);
}

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE};
#define CLVS_CLEANUP_SIGNALS (sizeof(cleanup_signals) / sizeof(cleanup_signals[0]))
static struct sigaction previous_actions[CLVS_CLEANUP_SIGNALS];

static void cleanup_handler(int sig) {
    int saved = errno;
    for (int i = 0; i < CLVS_CLEANUP_SLOTS; i++) {
        char *slot = cleanup_paths[i];
        if (__atomic_load_n(&slot[0], __ATOMIC_ACQUIRE) > 1) {
            umount2(slot, MNT_DETACH);
            unlink(slot);
            slot[0] = 0;
        }
    }
    errno = saved;
    // Hand the signal to whoever had it before (a crash reporter, or the default action).
    for (size_t i = 0; i < CLVS_CLEANUP_SIGNALS; i++) {
        if (cleanup_signals[i] == sig) sigaction(sig, &previous_actions[i], NULL);
    }
    raise(sig);
}

void clvs_cleanup_install(void) {
    if (cleanup_installed) return;
    cleanup_installed = 1;
    for (size_t i = 0; i < CLVS_CLEANUP_SIGNALS; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = cleanup_handler;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        if (sigaction(cleanup_signals[i], NULL, &previous_actions[i]) != 0) continue;
        if (previous_actions[i].sa_handler == SIG_IGN) continue;
        sigaction(cleanup_signals[i], &sa, NULL);
    }
}

long clvs_recv_ipv6_with_info(int fd, void *buffer, size_t length, int flags, struct clvs_ipv6_receive_info *info) {
    struct sockaddr_in6 from;
    char control[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct in6_pktinfo)) + 64];
    struct iovec iov = {.iov_base = buffer, .iov_len = length};
    struct msghdr message = {
        .msg_name = &from,
        .msg_namelen = sizeof(from),
        .msg_iov = &iov,
        .msg_iovlen = 1,
        .msg_control = control,
        .msg_controllen = sizeof(control),
    };
    memset(info, 0, sizeof(*info));
    ssize_t n = recvmsg(fd, &message, flags);
    if (n < 0) return -1;
    memcpy(info->source, &from.sin6_addr, 16);
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c != NULL; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level != IPPROTO_IPV6) continue;
        if (c->cmsg_type == IPV6_HOPLIMIT && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
            int hop;
            memcpy(&hop, CMSG_DATA(c), sizeof(hop));
            info->hop_limit = hop;
            info->has_hop_limit = 1;
        } else if (c->cmsg_type == IPV6_PKTINFO && c->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
            struct in6_pktinfo packet;
            memcpy(&packet, CMSG_DATA(c), sizeof(packet));
            memcpy(info->destination, &packet.ipi6_addr, 16);
            info->interface_index = (int32_t)packet.ipi6_ifindex;
            info->has_destination = 1;
        }
    }
    return (long)n;
}

long clvs_send_ipv6_from(
    int fd, const void *buffer, size_t length, const uint8_t destination[16], const uint8_t source[16],
    int interface_index) {
    struct sockaddr_in6 to;
    memset(&to, 0, sizeof(to));
    to.sin6_family = AF_INET6;
    memcpy(&to.sin6_addr, destination, 16);
    // A link-local destination (a unicast peer fe80::...) needs its scope.
    to.sin6_scope_id = (uint32_t)interface_index;
    char control[CMSG_SPACE(sizeof(struct in6_pktinfo))];
    memset(control, 0, sizeof(control));
    struct iovec iov = {.iov_base = (void *)buffer, .iov_len = length};
    struct msghdr message = {
        .msg_name = &to,
        .msg_namelen = sizeof(to),
        .msg_iov = &iov,
        .msg_iovlen = 1,
        .msg_control = control,
        .msg_controllen = sizeof(control),
    };
    struct cmsghdr *c = CMSG_FIRSTHDR(&message);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(struct in6_pktinfo));
    struct in6_pktinfo packet;
    memset(&packet, 0, sizeof(packet));
    memcpy(&packet.ipi6_addr, source, 16);
    packet.ipi6_ifindex = (unsigned int)interface_index;
    memcpy(CMSG_DATA(c), &packet, sizeof(packet));
    return (long)sendmsg(fd, &message, 0);
}

// MARK: bpf(2)

#include <linux/bpf.h>
#include <sys/syscall.h>

static int clvs_bpf(int cmd, union bpf_attr *attr) { return (int)syscall(__NR_bpf, cmd, attr, sizeof(*attr)); }

static void clvs_bpf_name(char *to, const char *name) {
    if (name) strncpy(to, name, BPF_OBJ_NAME_LEN - 1);
}

int clvs_bpf_map_create(uint32_t map_type, uint32_t key_size, uint32_t value_size, uint32_t max_entries,
                        uint32_t map_flags, const char *name) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.map_type = map_type;
    attr.key_size = key_size;
    attr.value_size = value_size;
    attr.max_entries = max_entries;
    attr.map_flags = map_flags;
    clvs_bpf_name(attr.map_name, name);
    return clvs_bpf(BPF_MAP_CREATE, &attr);
}

int clvs_bpf_prog_load(uint32_t prog_type, const void *instructions, uint32_t instruction_count,
                       const char *license, char *log, uint32_t log_size, uint32_t log_level, const char *name) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.prog_type = prog_type;
    attr.insns = (uint64_t)(uintptr_t)instructions;
    attr.insn_cnt = instruction_count;
    attr.license = (uint64_t)(uintptr_t)license;
    attr.log_buf = (uint64_t)(uintptr_t)log;
    attr.log_size = log ? log_size : 0;
    attr.log_level = log ? log_level : 0;
    clvs_bpf_name(attr.prog_name, name);
    return clvs_bpf(BPF_PROG_LOAD, &attr);
}

int clvs_bpf_map_update(int map_fd, const void *key, const void *value, uint64_t flags) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.map_fd = (uint32_t)map_fd;
    attr.key = (uint64_t)(uintptr_t)key;
    attr.value = (uint64_t)(uintptr_t)value;
    attr.flags = flags;
    return clvs_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

int clvs_bpf_map_lookup(int map_fd, const void *key, void *value) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.map_fd = (uint32_t)map_fd;
    attr.key = (uint64_t)(uintptr_t)key;
    attr.value = (uint64_t)(uintptr_t)value;
    return clvs_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
}

int clvs_bpf_map_lookup_batch(int map_fd, const void *in_batch, void *out_batch, void *keys, void *values,
                              uint32_t *count) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.batch.map_fd = (uint32_t)map_fd;
    attr.batch.in_batch = (uint64_t)(uintptr_t)in_batch;
    attr.batch.out_batch = (uint64_t)(uintptr_t)out_batch;
    attr.batch.keys = (uint64_t)(uintptr_t)keys;
    attr.batch.values = (uint64_t)(uintptr_t)values;
    attr.batch.count = *count;
    int r = clvs_bpf(BPF_MAP_LOOKUP_BATCH, &attr);
    *count = attr.batch.count;
    return r;
}

int clvs_bpf_map_delete(int map_fd, const void *key) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.map_fd = (uint32_t)map_fd;
    attr.key = (uint64_t)(uintptr_t)key;
    return clvs_bpf(BPF_MAP_DELETE_ELEM, &attr);
}

int clvs_bpf_map_next_key(int map_fd, const void *key, void *next_key) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.map_fd = (uint32_t)map_fd;
    attr.key = (uint64_t)(uintptr_t)key;
    attr.next_key = (uint64_t)(uintptr_t)next_key;
    return clvs_bpf(BPF_MAP_GET_NEXT_KEY, &attr);
}

int clvs_bpf_prog_test_run(int prog_fd, const void *data_in, uint32_t data_in_size, void *data_out,
                           uint32_t *data_out_size, uint32_t *retval, uint32_t repeat, uint32_t *duration_ns) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.test.prog_fd = (uint32_t)prog_fd;
    attr.test.data_in = (uint64_t)(uintptr_t)data_in;
    attr.test.data_size_in = data_in_size;
    attr.test.data_out = (uint64_t)(uintptr_t)data_out;
    attr.test.data_size_out = *data_out_size;
    attr.test.repeat = repeat;
    int r = clvs_bpf(BPF_PROG_TEST_RUN, &attr);
    if (r == 0) {
        *data_out_size = attr.test.data_size_out;
        *retval = attr.test.retval;
        if (duration_ns) *duration_ns = attr.test.duration;
    }
    return r;
}

int clvs_bpf_link_create_xdp(int prog_fd, int ifindex, uint32_t xdp_flags) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.link_create.prog_fd = (uint32_t)prog_fd;
    attr.link_create.target_ifindex = (uint32_t)ifindex;
    attr.link_create.attach_type = BPF_XDP;
    attr.link_create.flags = xdp_flags;
    return clvs_bpf(BPF_LINK_CREATE, &attr);
}
