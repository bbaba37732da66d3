/* XDP_PASS for everything: attached by scripts/bench/run.sh (lvs-dr-xdp) to the switch side of
 * the director's veth, because veth delivers XDP_TX / redirected frames only to a peer whose
 * NAPI runs, which an attached XDP program guarantees. */
__attribute__((section("xdp"), used)) int xdp_pass(void *ctx) { return 2; /* XDP_PASS */ }
char _license[] __attribute__((section("license"), used)) = "GPL";
