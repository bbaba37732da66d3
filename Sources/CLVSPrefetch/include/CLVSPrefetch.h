// Swift has no cache-prefetch instruction of its own. A prefetch is only a hint to the CPU: it
// never faults, whatever the address, and changes no memory, so the pure modules may use it.
#ifndef CLVSPREFETCH_H
#define CLVSPREFETCH_H

/// Asks for the cache line holding `address` to be brought in for reading, without waiting for it.
static inline __attribute__((always_inline)) void clvs_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
