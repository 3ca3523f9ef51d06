"""Helpers shared by the functional tests."""
import time
from decimal import Decimal

from .authproxy import JSONRPCException
from .ports import reserve_port


class TestFailure(AssertionError):
    pass


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now and that no other test will be given (ports.py)."""
    return reserve_port()


def wait_until(predicate, timeout=60, interval=0.05, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TestFailure("timed out after %ss waiting for %s" % (timeout, what))


def assert_equal(a, b, *rest):
    if a != b or any(a != r for r in rest):
        raise TestFailure("not equal: %r != %r %s" % (a, b, " ".join(repr(r) for r in rest)))


def assert_true(v, msg="expected true"):
    if not v:
        raise TestFailure(msg)


def assert_raises_rpc(code, message, fn, *args, **kwargs):
    """fn(*args) must raise JSONRPCException with this code and (if not None) a message containing
    `message`. Returns the exception."""
    try:
        fn(*args, **kwargs)
    except JSONRPCException as e:
        if e.code != code:
            raise TestFailure("expected error code %s, got %s: %s" % (code, e.code, e.message))
        if message is not None and message not in e.message:
            raise TestFailure("expected message containing %r, got %r" % (message, e.message))
        return e
    raise TestFailure("no JSONRPCException raised (expected code %s)" % code)


def satoshis(v):
    return int((Decimal(v) * 100000000).to_integral_exact())
