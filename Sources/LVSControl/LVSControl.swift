// Daemon <-> CLI control protocol.
