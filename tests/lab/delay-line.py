#!/usr/bin/env python3
# A packet delay line for kernels without sch_netem: two TUN devices, one in each of two
# network namespaces, joined by this process, which forwards every IP packet after a fixed
# delay in each direction. Used by bench:probe to add round-trip latency honestly (every
# packet, handshakes included, waits). Started as:
#   ip netns exec <probe-ns> python3 delay-line.py <server-ns> <tun-in-probe-ns> <tun-in-server-ns> <one-way-ms>
# It prints "ready" once both devices exist and runs until killed.
import collections, ctypes, fcntl, os, select, struct, sys, time

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000
CLONE_NEWNET = 0x40000000

def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    os.set_blocking(fd, False)
    return fd

server_ns, tun_a, tun_b, delay_ms = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
fd_a = open_tun(tun_a)  # created in the namespace we were started in (the probe's)
libc = ctypes.CDLL(None, use_errno=True)
ns_fd = os.open(f"/var/run/netns/{server_ns}", os.O_RDONLY)
if libc.setns(ns_fd, CLONE_NEWNET) != 0:
    sys.exit(f"setns failed: {os.strerror(ctypes.get_errno())}")
fd_b = open_tun(tun_b)
print("ready", flush=True)

delay = delay_ms / 1000.0
queues = {fd_a: collections.deque(), fd_b: collections.deque()}  # packets due for writing to fd
other = {fd_a: fd_b, fd_b: fd_a}
while True:
    due = [q[0][0] for q in queues.values() if q]
    timeout = max(0.0, min(due) - time.monotonic()) if due else None
    readable, _, _ = select.select([fd_a, fd_b], [], [], timeout)
    now = time.monotonic()
    for fd in readable:
        while True:
            try:
                packet = os.read(fd, 65535)
            except BlockingIOError:
                break
            queues[other[fd]].append((now + delay, packet))
    now = time.monotonic()
    for fd, q in queues.items():
        while q and q[0][0] <= now:
            try:
                os.write(fd, q.popleft()[1])
            except OSError:
                pass  # a full device queue drops the packet, as a congested link would
