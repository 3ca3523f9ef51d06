"""Ports for test nodes that no other test, and no outgoing connection, can take meanwhile.

A port from bind(("127.0.0.1", 0)) comes from the kernel's ephemeral range, the same range every outgoing
connect() draws its local port from. Between the moment a test picks such a port and the moment oceand binds
it, a P2P or RPC connection of another test running in parallel may take it as its local port, and the node
then fails with "Address already in use". So ports here come from below the ephemeral range, and each one is
claimed with an flock on a lock file in a directory shared by all tests on the machine: a port is handed out to
one test process at a time, and released when that process exits (or dies: the kernel drops its locks).
"""
import atexit
import errno
import fcntl
import os
import random
import socket
import tempfile

LOCK_DIR = os.path.join(tempfile.gettempdir(), "ocean-test-ports-%d" % os.getuid())
_claimed = {}  # port -> descriptor holding its lock


def _port_range():
    """[low, high) outside the ephemeral range, as wide as possible."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            eph_low, eph_high = (int(v) for v in f.read().split())
    except (OSError, ValueError):
        eph_low, eph_high = 32768, 60999
    if eph_low - 11000 >= 2000:
        return 11000, eph_low
    if 65535 - eph_high >= 2000:
        return eph_high + 1, 65536
    return 11000, 65536  # an unusual machine: claims still keep tests apart


def _claim(port):
    """True if this process now holds the claim on port: an exclusive flock on its lock file, held open
    until release or exit (the kernel drops the lock of a process that dies, so no claim goes stale)."""
    os.makedirs(LOCK_DIR, exist_ok=True)
    fd = os.open(os.path.join(LOCK_DIR, str(port)), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    _claimed[port] = fd
    return True


def _bindable(port):
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        try:
            s = socket.socket(family, socket.SOCK_STREAM)
        except OSError:
            continue  # no IPv6 here
        with s:
            try:
                s.bind((host, port))
            except OSError as e:
                if family == socket.AF_INET6 and e.errno == errno.EADDRNOTAVAIL:
                    continue
                return False
    return True


def _release(port):
    fd = _claimed.pop(port, None)
    if fd is not None:
        os.close(fd)  # drops the lock; the file stays for the next claimant


def reserve_ports(count, stride=1, attempts=2000):
    """count ports p, p+stride, ..., all claimed by this process and bindable now. Returns the first."""
    low, high = _port_range()
    span = stride * (count - 1) + 1
    rng = random.Random(os.getpid() ^ int.from_bytes(os.urandom(4), "little"))
    for _ in range(attempts):
        first = rng.randrange(low, high - span)
        ports = [first + stride * i for i in range(count)]
        got = []
        for p in ports:
            if p in _claimed or not _claim(p):
                break
            got.append(p)
            if not _bindable(p):
                break
        if len(got) == count:
            return first
        for p in got:
            _release(p)
    raise OSError("no free block of %d ports (stride %d) in [%d, %d)" % (count, stride, low, high))


def reserve_port():
    """One port on 127.0.0.1 (and ::1) that nothing listens on and no other test will be given."""
    return reserve_ports(1)


@atexit.register
def _release_all():
    for port in list(_claimed):
        _release(port)
