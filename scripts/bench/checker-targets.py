#!/usr/bin/env python3
"""The real servers of the keepalived checker benchmark, in one process.

Listens on 127.0.0.1 at TCP_BASE..TCP_BASE+TCP_COUNT-1 (accepts and closes: TCP_CHECK) and at
HTTP_BASE..HTTP_BASE+HTTP_COUNT-1 (answers every request 200 and closes: HTTP_GET), and records
when each port was checked. SIGUSR1 opens the measurement window, SIGUSR2 closes it: then it
prints one JSON object (checks per second by kind, intervals between checks of the same port)
and exits. Writes "ready" on stdout once every port listens.
"""
import asyncio
import json
import signal
import sys
import time

RESPONSE = b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Targets:
    def __init__(self, tcp_base, tcp_count, http_base, http_count):
        self.kinds = {}
        for port in range(tcp_base, tcp_base + tcp_count):
            self.kinds[port] = "tcp"
        for port in range(http_base, http_base + http_count):
            self.kinds[port] = "http"
        self.times = {port: [] for port in self.kinds}
        self.window = [None, None]
        self.done = asyncio.Event()

    def record(self, port):
        self.times[port].append(time.monotonic())

    async def tcp_check(self, port, reader, writer):
        self.record(port)
        writer.close()

    async def http_check(self, port, reader, writer):
        try:
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            writer.write(RESPONSE)
            await writer.drain()
            self.record(port)
        except (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def summary(self):
        start, end = self.window
        seconds = end - start
        result = {"window_s": round(seconds, 3)}
        for kind in ("tcp", "http"):
            ports = [p for p, k in self.kinds.items() if k == kind]
            checks = 0
            intervals = []
            unchecked = 0
            for port in ports:
                inside = [t for t in self.times[port] if start <= t <= end]
                checks += len(inside)
                if not inside:
                    unchecked += 1
                intervals += [b - a for a, b in zip(inside, inside[1:])]
            result[kind] = {
                "servers": len(ports),
                "checks": checks,
                "checks_per_s": round(checks / seconds, 1),
                "servers_never_checked": unchecked,
                "interval_median_s": round(percentile(intervals, 0.5) or 0, 4),
                "interval_p99_s": round(percentile(intervals, 0.99) or 0, 4),
                "interval_max_s": round(max(intervals) if intervals else 0, 4),
            }
        return result


async def main():
    tcp_base, tcp_count, http_base, http_count = (int(a) for a in sys.argv[1:5])
    targets = Targets(tcp_base, tcp_count, http_base, http_count)
    servers = []
    for port, kind in targets.kinds.items():
        handler = targets.tcp_check if kind == "tcp" else targets.http_check
        servers.append(await asyncio.start_server(
            lambda r, w, port=port, handler=handler: handler(port, r, w), "127.0.0.1", port, backlog=128))
    loop = asyncio.get_running_loop()

    def open_window():
        targets.window[0] = time.monotonic()

    def close_window():
        targets.window[1] = time.monotonic()
        targets.done.set()

    loop.add_signal_handler(signal.SIGUSR1, open_window)
    loop.add_signal_handler(signal.SIGUSR2, close_window)
    print("ready", flush=True)
    await targets.done.wait()
    print(json.dumps(targets.summary()), flush=True)
    for server in servers:
        server.close()


if __name__ == "__main__":
    asyncio.run(main())
