#!/usr/bin/env python3
"""Small load helpers for scripts/bench/run.sh (standard library only).

  loadgen.py udp-send --dst IP[,IP...] --port P --count N --seconds T [--flows F] [--size B] [--batch K]
      Sends at most N datagrams of B bytes, for at most T seconds, as fast as it can, over F
      connected sockets (F source ports, so a balancer sees F flows; with several destinations the
      flows take them in turn). Uses sendmmsg(2) through
      ctypes so one system call carries K datagrams: a per-datagram send() costs a syscall each
      and would measure the sender, not the path. Prints "sent=N seconds=S".

  loadgen.py http-probe --url URL [--requests N] [--timeout T]
      Makes N sequential GETs with "Connection: close"; prints the distinct bodies' first words
      (which real servers answered), or exits 1 at the first failure (the very first request
      is retried once).
"""
import argparse
import ctypes
import ctypes.util
import errno
import http.client
import socket
import sys
import time
import urllib.parse


class IOVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("length", ctypes.c_size_t)]


class MsgHdr(ctypes.Structure):
    _fields_ = [("name", ctypes.c_void_p), ("namelen", ctypes.c_uint32),
                ("iov", ctypes.POINTER(IOVec)), ("iovlen", ctypes.c_size_t),
                ("control", ctypes.c_void_p), ("controllen", ctypes.c_size_t),
                ("flags", ctypes.c_int)]


class MMsgHdr(ctypes.Structure):
    _fields_ = [("hdr", MsgHdr), ("length", ctypes.c_uint)]


# Errors a blaster expects while it outruns the path: queues full, or an ICMP error queued on a
# connected socket. The datagram is simply not counted as sent.
TRANSIENT = {errno.ENOBUFS, errno.EAGAIN, errno.EINTR, errno.ECONNREFUSED, errno.EHOSTUNREACH,
             errno.ENETUNREACH}


def make_batch(payload, batch):
    buf = ctypes.create_string_buffer(payload, len(payload))
    iov = IOVec(ctypes.cast(buf, ctypes.c_void_p), len(payload))
    msgs = (MMsgHdr * batch)()
    for m in msgs:
        m.hdr.iov = ctypes.pointer(iov)
        m.hdr.iovlen = 1
    return buf, iov, msgs


def udp_send(args):
    payload = b"lvs-bench" + b"." * max(0, args.size - 9)
    payload = payload[:args.size]
    sockets = []
    destinations = [d for d in args.dst.split(",") if d]
    for k in range(args.flows):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
        s.connect((destinations[k % len(destinations)], args.port))
        sockets.append(s)

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    sendmmsg = getattr(libc, "sendmmsg", None)
    keep = make_batch(payload, args.batch)
    msgs = keep[2]

    sent = 0
    start = time.monotonic()
    deadline = start + args.seconds
    i = 0
    while sent < args.count:
        s = sockets[i % len(sockets)]
        i += 1
        want = min(args.batch, args.count - sent)
        if sendmmsg is not None:
            n = sendmmsg(s.fileno(), msgs, want, 0)
            if n < 0:
                e = ctypes.get_errno()
                if e not in TRANSIENT:
                    raise OSError(e, "sendmmsg")
                n = 0
        else:
            n = 0
            for _ in range(want):
                try:
                    s.send(payload)
                    n += 1
                except OSError as exc:
                    if exc.errno not in TRANSIENT:
                        raise
        sent += n
        if time.monotonic() >= deadline:
            break
    elapsed = time.monotonic() - start
    print(f"sent={sent} seconds={elapsed:.4f}")


def http_probe(args):
    url = urllib.parse.urlsplit(args.url)
    seen = []
    # Fail fast: a path that does not work should cost one timeout, not one per request. Only
    # the first request gets a second chance (a neighbour entry may still be resolving).
    attempt = 0
    done = 0
    while done < args.requests:
        attempt += 1
        try:
            conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=args.timeout)
            conn.request("GET", url.path or "/", headers={"Connection": "close"})
            resp = conn.getresponse()
            body = resp.read().decode("ascii", "replace")
            conn.close()
            error = None if resp.status == 200 else f"HTTP {resp.status}"
        except OSError as exc:
            error = str(exc)
        if error is not None:
            print(f"error: {error}", file=sys.stderr)
            if done == 0 and attempt == 1:
                time.sleep(0.5)
                continue
            return 1
        done += 1
        word = body.split()[0] if body.split() else "?"
        if word not in seen:
            seen.append(word)
    print(",".join(seen))
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("udp-send")
    u.add_argument("--dst", required=True)
    u.add_argument("--port", type=int, required=True)
    u.add_argument("--count", type=int, required=True)
    u.add_argument("--seconds", type=float, required=True)
    u.add_argument("--flows", type=int, default=4)
    u.add_argument("--size", type=int, default=18)
    u.add_argument("--batch", type=int, default=64)
    h = sub.add_parser("http-probe")
    h.add_argument("--url", required=True)
    h.add_argument("--requests", type=int, default=4)
    h.add_argument("--timeout", type=float, default=2.0)
    args = p.parse_args()
    if args.cmd == "udp-send":
        if args.count < 0 or args.seconds <= 0 or args.flows < 1 or args.batch < 1 or args.size < 1:
            p.error("bad udp-send bounds")
        udp_send(args)
        return 0
    return http_probe(args)


if __name__ == "__main__":
    sys.exit(main())
