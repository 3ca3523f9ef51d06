"""A raw-socket P2P test peer speaking the Ocean wire protocol (../shared/spec/p2p.md).

Python 3 standard library only, no threads. Three layers:

* Framing: ``build_message(command, payload)`` makes a 24-byte header + payload frame (magic ``fa bf b5 da``,
  12-byte NUL-padded command, uint32 length, 4-byte SHA256d checksum). Wrong checksums, wrong lengths, wrong
  magic and arbitrary command bytes can be forced for hostile tests; ``send_raw`` sends any bytes at all.
* Payload encoders (``*_payload``) and decoders (``decode_*``) for version, verack, ping/pong, inv/getdata/notfound,
  getheaders/getblocks, headers, addr, reject, sendheaders, feefilter and sendcmpct; the Ocean block header
  (``parse_header``, ``BlockHeader``, ``header_hash``, ``block_hash_from_block_hex``). Hashes are ``bytes`` in
  internal (wire) order; ``hash_to_hex``/``hex_to_hash`` convert to and from display (RPC) hex, which is reversed.
* ``P2PConnection``: one TCP connection to oceand. ``P2PListener``: accepts one inbound connection from oceand
  (``-connect``/``-addnode`` tests), after which the test plays the inbound side.

Typical outbound use (the test connects to oceand)::

    from test_framework.p2p import P2PConnection, decode_headers, getheaders_payload, hex_to_hash
    with P2PConnection() as peer:
        peer.connect("127.0.0.1", node_p2p_port)
        ver = peer.handshake(start_height=0)          # send version, get version + verack, send verack
        peer.send_message("getheaders", getheaders_payload([hex_to_hash(genesis_hash)]))
        headers = decode_headers(peer.wait_for("headers"))   # pings are answered while waiting
        peer.send_message("ping", ping_payload(7), checksum=b"\\0\\0\\0\\0")   # ignored by the node
        peer.sync_with_ping()                         # the connection is still alive and processed it
        peer.send_raw(b"\\x00" * 24)                     # wrong magic -> the node disconnects
        assert peer.wait_for_disconnect(timeout=10)

Inbound use (oceand connects to the test)::

    with P2PListener() as listener:                   # listener.port: give it to -connect=127.0.0.1:<port>
        start node ...
        peer = listener.accept(timeout=30)
        ver = peer.handshake_inbound()                # wait version, send version + verack, wait verack

``recv_message`` returns ``(command, payload)`` (command is a str without NUL padding) or ``None`` on timeout and
raises ``P2PDisconnected`` when the remote side closed the connection. Every message received is appended to
``P2PConnection.messages`` and stored in ``P2PConnection.last_message[command]``. Malformed frames received from
the node (bad magic or checksum) raise ``P2PProtocolError``.
"""
import errno
import hashlib
import ipaddress
import os
import select
import socket
import struct
import time

# ---------------------------------------------------------------------------------------------------------------
# Constants (p2p.md §1, §3, §9)
# ---------------------------------------------------------------------------------------------------------------
MAGIC = bytes.fromhex("fabfb5da")
DEFAULT_PORT = 7042
PROTOCOL_VERSION = 70015
INIT_PROTO_VERSION = 209
MIN_PEER_PROTO_VERSION = 31800
CADDR_TIME_VERSION = 31402
BIP0031_VERSION = 60000
SENDHEADERS_VERSION = 70012
FEEFILTER_VERSION = 70013
SHORT_IDS_BLOCKS_VERSION = 70014

HEADER_SIZE = 24
COMMAND_SIZE = 12
MAX_SIZE = 0x02000000
MAX_PROTOCOL_MESSAGE_LENGTH = 4000000
MAX_INV_SZ = 50000
MAX_ADDR_TO_SEND = 1000
MAX_HEADERS_RESULTS = 2000
MAX_SUBVERSION_LENGTH = 256
MAX_REJECT_MESSAGE_LENGTH = 111
MIN_HEADER_SIZE = 174

NODE_NETWORK = 1 << 0
NODE_GETUTXO = 1 << 1
NODE_BLOOM = 1 << 2
NODE_WITNESS = 1 << 3

MSG_TX = 1
MSG_BLOCK = 2
MSG_FILTERED_BLOCK = 3
MSG_CMPCT_BLOCK = 4
MSG_WITNESS_FLAG = 1 << 30
MSG_TYPE_MASK = 0xFFFFFFFF >> 2
MSG_WITNESS_TX = MSG_TX | MSG_WITNESS_FLAG
MSG_WITNESS_BLOCK = MSG_BLOCK | MSG_WITNESS_FLAG
MSG_FILTERED_WITNESS_BLOCK = MSG_FILTERED_BLOCK | MSG_WITNESS_FLAG

REJECT_MALFORMED = 0x01
REJECT_INVALID = 0x10
REJECT_OBSOLETE = 0x11
REJECT_DUPLICATE = 0x12
REJECT_NONSTANDARD = 0x40
REJECT_DUST = 0x41
REJECT_INSUFFICIENTFEE = 0x42
REJECT_CHECKPOINT = 0x43
REJECT_PEGIN = 0x44

ZERO_HASH = b"\x00" * 32
DEFAULT_USER_AGENT = "/oceand-test:0.1/"


class P2PError(Exception):
    pass


class P2PDisconnected(P2PError, ConnectionError):
    """The remote side closed the connection (EOF or reset)."""


class P2PProtocolError(P2PError):
    """The remote side sent a frame we cannot accept (bad magic, bad checksum, oversized)."""


class P2PTimeout(P2PError, TimeoutError):
    """An expected message did not arrive in time."""


class DeserializationError(ValueError):
    """A payload could not be decoded (short data, non-canonical CompactSize, trailing bytes...)."""


# ---------------------------------------------------------------------------------------------------------------
# Hashing and hash byte order
# ---------------------------------------------------------------------------------------------------------------
def sha256(data):
    return hashlib.sha256(data).digest()


def hash256(data):
    """SHA256(SHA256(data)), internal byte order."""
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def checksum(payload):
    return hash256(payload)[:4]


def hash_to_hex(h):
    """Internal-order 32 bytes -> display hex (byte-reversed)."""
    return bytes(h)[::-1].hex()


def hex_to_hash(display_hex):
    """Display hex (as RPC shows it) -> internal-order 32 bytes."""
    b = bytes.fromhex(display_hex)
    if len(b) != 32:
        raise ValueError("a hash has 32 bytes, got %d" % len(b))
    return b[::-1]


def _as_hash(h):
    """Accepts internal-order bytes (32) or a display-hex string; returns internal-order bytes."""
    if isinstance(h, str):
        return hex_to_hash(h)
    h = bytes(h)
    if len(h) != 32:
        raise ValueError("a hash has 32 bytes, got %d" % len(h))
    return h


# ---------------------------------------------------------------------------------------------------------------
# Primitive encodings (p2p.md §3, formats.md §1)
# ---------------------------------------------------------------------------------------------------------------
def ser_compact_size(n):
    if n < 0:
        raise ValueError("negative CompactSize")
    if n < 0xFD:
        return struct.pack("<B", n)
    if n <= 0xFFFF:
        return b"\xfd" + struct.pack("<H", n)
    if n <= 0xFFFFFFFF:
        return b"\xfe" + struct.pack("<I", n)
    return b"\xff" + struct.pack("<Q", n)


def ser_var_bytes(b):
    b = bytes(b)
    return ser_compact_size(len(b)) + b


def ser_var_str(s):
    if isinstance(s, str):
        s = s.encode("utf-8")
    return ser_var_bytes(s)


class Reader:
    """Sequential decoder over a bytes object. Every read raises DeserializationError on short data."""

    def __init__(self, data, offset=0):
        self.data = bytes(data)
        self.offset = offset

    def remaining(self):
        return len(self.data) - self.offset

    def read(self, n):
        if n < 0 or self.offset + n > len(self.data):
            raise DeserializationError("short read: want %d bytes at offset %d, have %d" %
                                       (n, self.offset, len(self.data) - self.offset))
        b = self.data[self.offset:self.offset + n]
        self.offset += n
        return b

    def _unpack(self, fmt):
        size = struct.calcsize(fmt)
        return struct.unpack(fmt, self.read(size))[0]

    def u8(self):
        return self._unpack("<B")

    def u16(self):
        return self._unpack("<H")

    def u16be(self):
        return self._unpack(">H")

    def u32(self):
        return self._unpack("<I")

    def i32(self):
        return self._unpack("<i")

    def u64(self):
        return self._unpack("<Q")

    def i64(self):
        return self._unpack("<q")

    def bool(self):
        return self.u8() != 0

    def hash(self):
        return self.read(32)

    def compact_size(self, range_check=True):
        """Canonical CompactSize; rejects non-minimal encodings and (if range_check) values > MAX_SIZE."""
        first = self.u8()
        if first < 0xFD:
            n = first
        elif first == 0xFD:
            n = self.u16()
            if n < 0xFD:
                raise DeserializationError("non-canonical ReadCompactSize()")
        elif first == 0xFE:
            n = self.u32()
            if n < 0x10000:
                raise DeserializationError("non-canonical ReadCompactSize()")
        else:
            n = self.u64()
            if n < 0x100000000:
                raise DeserializationError("non-canonical ReadCompactSize()")
        if range_check and n > MAX_SIZE:
            raise DeserializationError("ReadCompactSize(): size too large")
        return n

    def var_bytes(self):
        return self.read(self.compact_size())

    def var_str(self):
        return self.var_bytes().decode("utf-8", errors="replace")

    def expect_end(self):
        if self.remaining():
            raise DeserializationError("%d trailing bytes" % self.remaining())


def deser_compact_size(data, offset=0):
    """(value, new offset)."""
    r = Reader(data, offset)
    return r.compact_size(), r.offset


def deser_var_str(data, offset=0):
    """(str, new offset)."""
    r = Reader(data, offset)
    return r.var_str(), r.offset


# ---------------------------------------------------------------------------------------------------------------
# Network addresses (p2p.md §3)
# ---------------------------------------------------------------------------------------------------------------
def ser_ip(ip):
    """'1.2.3.4' -> IPv4-mapped 16 bytes; IPv6 text -> 16 bytes; 16 raw bytes pass through."""
    if isinstance(ip, (bytes, bytearray)):
        if len(ip) != 16:
            raise ValueError("raw IP must be 16 bytes")
        return bytes(ip)
    addr = ipaddress.ip_address(ip)
    if addr.version == 4:
        return b"\x00" * 10 + b"\xff\xff" + addr.packed
    return addr.packed


def deser_ip(b):
    """16 bytes -> text ('1.2.3.4' for IPv4-mapped, else IPv6 text)."""
    addr = ipaddress.IPv6Address(bytes(b))
    if addr.ipv4_mapped is not None:
        return str(addr.ipv4_mapped)
    return str(addr)


def ser_netaddr(services=0, ip="0.0.0.0", port=0, time_=None):
    """CAddress: [uint32 time] + uint64 services + 16-byte IP + uint16 port big-endian. With time_=None there
    is no time field (26 bytes, the form used inside `version`); otherwise 30 bytes (the `addr` form)."""
    out = b"" if time_ is None else struct.pack("<I", time_)
    return out + struct.pack("<Q", services) + ser_ip(ip) + struct.pack(">H", port)


def _read_netaddr(r, with_time):
    a = {}
    if with_time:
        a["time"] = r.u32()
    a["services"] = r.u64()
    a["ip"] = deser_ip(r.read(16))
    a["port"] = r.u16be()
    return a


ZERO_NETADDR = ser_netaddr(0, "::", 0)


# ---------------------------------------------------------------------------------------------------------------
# Framing (p2p.md §2)
# ---------------------------------------------------------------------------------------------------------------
def encode_command(command):
    """str/bytes -> 12 bytes NUL-padded. Bytes are taken verbatim (any values, for hostile tests); longer than
    12 bytes raises."""
    if isinstance(command, str):
        command = command.encode("latin-1")
    command = bytes(command)
    if len(command) > COMMAND_SIZE:
        raise ValueError("command longer than 12 bytes: %r" % command)
    return command + b"\x00" * (COMMAND_SIZE - len(command))


def build_message(command, payload=b"", magic=MAGIC, checksum=None, length=None):
    """A complete frame. `checksum` (4 bytes) forces a (wrong) checksum; `length` forces the declared payload
    length (the payload is still sent as given); `magic` may be any 4 bytes; `command` may be any bytes ≤ 12."""
    payload = bytes(payload)
    if checksum is None:
        checksum = hash256(payload)[:4]
    if len(checksum) != 4 or len(magic) != 4:
        raise ValueError("magic and checksum are 4 bytes")
    if length is None:
        length = len(payload)
    return bytes(magic) + encode_command(command) + struct.pack("<I", length) + bytes(checksum) + payload


def parse_message_header(header):
    """24 bytes -> dict(magic, command (str, NULs stripped), command_raw (12 bytes), length, checksum)."""
    if len(header) != HEADER_SIZE:
        raise DeserializationError("a message header has 24 bytes")
    raw = header[4:16]
    return {
        "magic": header[0:4],
        "command_raw": raw,
        "command": raw.split(b"\x00", 1)[0].decode("latin-1"),
        "length": struct.unpack("<I", header[16:20])[0],
        "checksum": header[20:24],
    }


def parse_messages(data, magic=MAGIC):
    """Splits a byte string of complete frames into [(command, payload)] (checks magic and checksum)."""
    out = []
    off = 0
    while off < len(data):
        h = parse_message_header(data[off:off + HEADER_SIZE])
        if h["magic"] != magic:
            raise P2PProtocolError("bad magic %s" % h["magic"].hex())
        payload = data[off + HEADER_SIZE:off + HEADER_SIZE + h["length"]]
        if len(payload) != h["length"]:
            raise DeserializationError("truncated frame")
        if hash256(payload)[:4] != h["checksum"]:
            raise P2PProtocolError("bad checksum for %r" % h["command"])
        out.append((h["command"], payload))
        off += HEADER_SIZE + h["length"]
    return out


# ---------------------------------------------------------------------------------------------------------------
# Message payloads (p2p.md §4.2, §5)
# ---------------------------------------------------------------------------------------------------------------
def version_payload(version=PROTOCOL_VERSION, services=NODE_NETWORK | NODE_WITNESS, timestamp=None,
                    addr_recv=None, addr_from=None, nonce=None, user_agent=DEFAULT_USER_AGENT,
                    start_height=0, relay=False):
    """`version` payload. addr_recv/addr_from: 26-byte net addresses (see ser_netaddr without time) or None for
    all-zero addresses (with the given services for addr_from). relay=None omits the relay byte."""
    if timestamp is None:
        timestamp = int(time.time())
    if nonce is None:
        nonce = struct.unpack("<Q", os.urandom(8))[0]
    if addr_recv is None:
        addr_recv = ser_netaddr(0, "::", 0)
    if addr_from is None:
        addr_from = ser_netaddr(services, "::", 0)
    out = struct.pack("<iQq", version, services, timestamp) + addr_recv + addr_from
    out += struct.pack("<Q", nonce) + ser_var_str(user_agent) + struct.pack("<i", start_height)
    if relay is not None:
        out += struct.pack("<B", 1 if relay else 0)
    return out


def decode_version(payload):
    """-> dict(version, services, timestamp, addr_recv, addr_from, nonce, user_agent, start_height, relay).
    Like the node, every field after addr_recv is optional (defaults: nonce 1, user_agent '', start_height -1,
    relay True); present_fields lists those that were on the wire."""
    r = Reader(payload)
    v = {"version": r.i32(), "services": r.u64(), "timestamp": r.i64(), "addr_recv": _read_netaddr(r, False)}
    v.update({"addr_from": None, "nonce": 1, "user_agent": "", "start_height": -1, "relay": True})
    present = ["version", "services", "timestamp", "addr_recv"]
    if r.remaining():
        v["addr_from"] = _read_netaddr(r, False)
        present.append("addr_from")
    if r.remaining():
        v["nonce"] = r.u64()
        present.append("nonce")
    if r.remaining():
        v["user_agent"] = r.var_str()
        present.append("user_agent")
    if r.remaining():
        v["start_height"] = r.i32()
        present.append("start_height")
    if r.remaining():
        v["relay"] = r.bool()
        present.append("relay")
    v["present_fields"] = present
    return v


def ping_payload(nonce):
    return struct.pack("<Q", nonce)


pong_payload = ping_payload


def decode_ping(payload):
    r = Reader(payload)
    n = r.u64()
    return n


decode_pong = decode_ping


def inv_payload(items):
    """items: [(type, hash)], hash as internal bytes or display hex. Also for getdata and notfound."""
    out = ser_compact_size(len(items))
    for t, h in items:
        out += struct.pack("<I", t) + _as_hash(h)
    return out


getdata_payload = inv_payload
notfound_payload = inv_payload


def decode_inv(payload):
    """-> [(type, hash bytes internal order)]."""
    r = Reader(payload)
    n = r.compact_size()
    items = [(r.u32(), r.hash()) for _ in range(n)]
    r.expect_end()
    return items


decode_getdata = decode_inv
decode_notfound = decode_inv


def locator_payload(locator, stop=ZERO_HASH, version=PROTOCOL_VERSION):
    """getheaders/getblocks: int32 version + CompactSize count + hashes + stop hash."""
    out = struct.pack("<i", version) + ser_compact_size(len(locator))
    for h in locator:
        out += _as_hash(h)
    return out + _as_hash(stop)


getheaders_payload = locator_payload
getblocks_payload = locator_payload


def decode_locator(payload):
    """-> dict(version, locator [hash bytes], stop hash bytes)."""
    r = Reader(payload)
    version = r.i32()
    n = r.compact_size()
    locator = [r.hash() for _ in range(n)]
    stop = r.hash()
    r.expect_end()
    return {"version": version, "locator": locator, "stop": stop}


decode_getheaders = decode_locator
decode_getblocks = decode_locator


def headers_payload(raw_headers, tx_counts=None):
    """raw_headers: serialized headers (bytes, hex str, or BlockHeader), each followed by CompactSize tx count
    (0 unless tx_counts gives values)."""
    out = ser_compact_size(len(raw_headers))
    for i, h in enumerate(raw_headers):
        if isinstance(h, BlockHeader):
            h = h.serialize()
        elif isinstance(h, str):
            h = bytes.fromhex(h)
        out += bytes(h) + ser_compact_size(tx_counts[i] if tx_counts else 0)
    return out


def decode_headers(payload):
    """-> [BlockHeader] (each with .tx_count from the message)."""
    r = Reader(payload)
    n = r.compact_size()
    out = []
    for _ in range(n):
        hdr, r.offset = parse_header(r.data, r.offset)
        hdr.tx_count = r.compact_size()
        out.append(hdr)
    r.expect_end()
    return out


def addr_payload(entries):
    """entries: [(time, services, ip, port)] or dicts with those keys -> CompactSize n + n × 30 bytes."""
    out = ser_compact_size(len(entries))
    for e in entries:
        if isinstance(e, dict):
            e = (e["time"], e["services"], e["ip"], e["port"])
        t, services, ip, port = e
        out += ser_netaddr(services, ip, port, time_=t)
    return out


def decode_addr(payload):
    """-> [dict(time, services, ip, port)]."""
    r = Reader(payload)
    n = r.compact_size()
    out = [_read_netaddr(r, True) for _ in range(n)]
    r.expect_end()
    return out


def reject_payload(message, code, reason, data_hash=None):
    """var_str message + uint8 code + var_str reason + [32-byte hash]."""
    out = ser_var_str(message) + struct.pack("<B", code) + ser_var_str(reason)
    if data_hash is not None:
        out += _as_hash(data_hash)
    return out


def decode_reject(payload):
    """-> dict(message, code, reason, hash (bytes or None)). The hash is read when message is block or tx and
    32 bytes remain."""
    r = Reader(payload)
    d = {"message": r.var_str(), "code": r.u8(), "reason": r.var_str(), "hash": None}
    if d["message"] in ("block", "tx") and r.remaining() >= 32:
        d["hash"] = r.hash()
    return d


def feefilter_payload(feerate):
    return struct.pack("<q", feerate)


def decode_feefilter(payload):
    r = Reader(payload)
    v = r.i64()
    r.expect_end()
    return v


def sendcmpct_payload(announce, version):
    return struct.pack("<BQ", 1 if announce else 0, version)


def decode_sendcmpct(payload):
    """-> (announce bool, version)."""
    r = Reader(payload)
    a, v = r.bool(), r.u64()
    r.expect_end()
    return a, v


# ---------------------------------------------------------------------------------------------------------------
# Ocean block header (p2p.md §6, formats.md §4)
# ---------------------------------------------------------------------------------------------------------------
class BlockHeader:
    """Fields: version, prev, merkle, contract, attestation, mapping (hashes: internal-order bytes), time,
    height, challenge, solution (bytes). tx_count is set when the header came from a `headers` message or a
    block."""

    FIELDS = ("version", "prev", "merkle", "contract", "attestation", "mapping", "time", "height",
              "challenge", "solution")

    def __init__(self, version=4, prev=ZERO_HASH, merkle=ZERO_HASH, contract=ZERO_HASH, attestation=ZERO_HASH,
                 mapping=ZERO_HASH, time=0, height=0, challenge=b"\x51", solution=b""):
        self.version = version
        self.prev = _as_hash(prev)
        self.merkle = _as_hash(merkle)
        self.contract = _as_hash(contract)
        self.attestation = _as_hash(attestation)
        self.mapping = _as_hash(mapping)
        self.time = time
        self.height = height
        self.challenge = bytes(challenge)
        self.solution = bytes(solution)
        self.tx_count = None

    def serialize_without_solution(self):
        return (struct.pack("<i", self.version) + self.prev + self.merkle + self.contract + self.attestation +
                self.mapping + struct.pack("<II", self.time, self.height) + ser_var_bytes(self.challenge))

    def serialize(self):
        """Full header as on the wire (solution included)."""
        return self.serialize_without_solution() + ser_var_bytes(self.solution)

    @property
    def hash(self):
        """Block hash, internal order."""
        return hash256(self.serialize_without_solution())

    @property
    def hash_hex(self):
        """Block hash, display hex."""
        return hash_to_hex(self.hash)

    def as_dict(self):
        d = {k: getattr(self, k) for k in self.FIELDS}
        d["hash"] = self.hash_hex
        d["tx_count"] = self.tx_count
        return d

    def copy(self, **changes):
        h = BlockHeader(**{k: getattr(self, k) for k in self.FIELDS})
        for k, v in changes.items():
            setattr(h, k, _as_hash(v) if k in ("prev", "merkle", "contract", "attestation", "mapping") else v)
        return h

    def __eq__(self, other):
        return isinstance(other, BlockHeader) and self.serialize() == other.serialize()

    def __repr__(self):
        return "BlockHeader(height=%d, hash=%s, prev=%s)" % (self.height, self.hash_hex, hash_to_hex(self.prev))


def parse_header(data, offset=0):
    """Parses an Ocean header at data[offset:] -> (BlockHeader, new offset). Accepts bytes or hex str."""
    if isinstance(data, str):
        data = bytes.fromhex(data)
    r = Reader(data, offset)
    version = r.i32()
    prev, merkle, contract, attestation, mapping = (r.hash() for _ in range(5))
    t = r.u32()
    height = r.u32()
    challenge = r.var_bytes()
    solution = r.var_bytes()
    h = BlockHeader(version, prev, merkle, contract, attestation, mapping, t, height, challenge, solution)
    return h, r.offset


def header_hash(header_without_solution):
    """SHA256d of a header serialised WITHOUT the solution field (internal order). Accepts bytes or a BlockHeader
    (whose solution is then ignored)."""
    if isinstance(header_without_solution, BlockHeader):
        header_without_solution = header_without_solution.serialize_without_solution()
    return hash256(bytes(header_without_solution))


def header_hash_from_full(raw_header):
    """Block hash (internal order) of a full serialised header (solution included; it is dropped)."""
    h, _ = parse_header(raw_header)
    return h.hash


def parse_block_header(block):
    """(BlockHeader with .tx_count, raw header bytes incl. solution, offset of the first transaction) from a
    block given as bytes or hex."""
    if isinstance(block, str):
        block = bytes.fromhex(block.strip())
    hdr, off = parse_header(block, 0)
    raw = block[:off]
    r = Reader(block, off)
    hdr.tx_count = r.compact_size()
    return hdr, raw, r.offset


def header_bytes_from_block_hex(block_hex):
    """The full serialised header (solution included) at the start of a block."""
    return parse_block_header(block_hex)[1]


def block_hash_from_block_hex(block_hex):
    """Display-hex block hash of a block given as hex."""
    return parse_block_header(block_hex)[0].hash_hex


# ---------------------------------------------------------------------------------------------------------------
# Whole-message helpers
# ---------------------------------------------------------------------------------------------------------------
def block_message(block_hex, magic=MAGIC):
    """A `block` frame; the payload is just the raw block bytes."""
    return build_message("block", bytes.fromhex(block_hex.strip()), magic=magic)


def headers_message(raw_headers, magic=MAGIC):
    """A `headers` frame from a list of raw headers (bytes/hex/BlockHeader)."""
    return build_message("headers", headers_payload(raw_headers), magic=magic)


def headers_message_from_blocks(block_hexes, magic=MAGIC):
    """A `headers` frame carrying the headers of blocks given as hex."""
    return headers_message([header_bytes_from_block_hex(b) for b in block_hexes], magic=magic)


def inv_message(items, command="inv", magic=MAGIC):
    return build_message(command, inv_payload(items), magic=magic)


# ---------------------------------------------------------------------------------------------------------------
# Connections
# ---------------------------------------------------------------------------------------------------------------
class P2PConnection:
    """One raw TCP P2P connection. Use connect() (outbound) or P2PListener.accept() (inbound). Context manager."""

    SEND_TIMEOUT = 60  # seconds a blocked sendall may wait (e.g. when the node pauses reading from us)

    def __init__(self, magic=MAGIC, sock=None):
        self.magic = magic
        self.sock = sock
        self.buf = b""
        self.closed_by_peer = False
        self.messages = []         # every (command, payload) received, in order
        self.last_message = {}     # command -> last payload
        self.peer_version = None   # decoded version of the remote side, after a handshake
        self.nonce = None          # the nonce of our version message
        self._ping_nonce = 0x0CEA0000
        if sock is not None:
            sock.settimeout(self.SEND_TIMEOUT)

    # --- setup / teardown ---
    def connect(self, host="127.0.0.1", port=DEFAULT_PORT, timeout=10):
        if self.sock is not None:
            raise P2PError("already connected")
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.settimeout(self.SEND_TIMEOUT)  # reads wait in select(); this only bounds sendall
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            finally:
                self.sock = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # --- sending ---
    def send_raw(self, data):
        if self.sock is None:
            raise P2PError("not connected")
        try:
            self.sock.sendall(bytes(data))
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError) as e:
            self.closed_by_peer = True
            raise P2PDisconnected("send failed: %s" % e) from e
        except socket.timeout as e:
            raise P2PTimeout("send blocked for %ss" % self.SEND_TIMEOUT) from e

    def send_message(self, command, payload=b"", checksum=None, magic=None, length=None):
        self.send_raw(build_message(command, payload, magic=self.magic if magic is None else magic,
                                    checksum=checksum, length=length))

    def send_version(self, **kw):
        """Sends `version` (keywords as version_payload); remembers our nonce."""
        if kw.get("nonce") is None:
            kw["nonce"] = struct.unpack("<Q", os.urandom(8))[0]
        self.nonce = kw["nonce"]
        self.send_message("version", version_payload(**kw))

    def send_verack(self):
        self.send_message("verack")

    def send_ping(self, nonce):
        self.send_message("ping", ping_payload(nonce))

    def send_pong(self, nonce):
        self.send_message("pong", pong_payload(nonce))

    def send_inv(self, items):
        self.send_message("inv", inv_payload(items))

    def send_getdata(self, items):
        self.send_message("getdata", inv_payload(items))

    def send_getheaders(self, locator, stop=ZERO_HASH, version=PROTOCOL_VERSION):
        self.send_message("getheaders", locator_payload(locator, stop, version))

    def send_getblocks(self, locator, stop=ZERO_HASH, version=PROTOCOL_VERSION):
        self.send_message("getblocks", locator_payload(locator, stop, version))

    def send_headers(self, raw_headers):
        self.send_message("headers", headers_payload(raw_headers))

    def send_block(self, block_hex):
        """Sends a `block` whose payload is the raw block (hex or bytes)."""
        if isinstance(block_hex, str):
            block_hex = bytes.fromhex(block_hex.strip())
        self.send_message("block", block_hex)

    def send_tx(self, tx_hex):
        if isinstance(tx_hex, str):
            tx_hex = bytes.fromhex(tx_hex.strip())
        self.send_message("tx", tx_hex)

    # --- receiving ---
    def _fill(self, deadline):
        """Reads once (waiting until `deadline`, a time.monotonic() value, or None = forever). Returns True if
        bytes arrived, False on timeout; raises P2PDisconnected on EOF/reset."""
        if self.sock is None:
            raise P2PDisconnected("not connected")
        if self.closed_by_peer:
            raise P2PDisconnected("connection closed by peer")
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([self.sock], [], [], wait)
        if not ready:
            return False
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, ConnectionAbortedError) as e:
            self.closed_by_peer = True
            raise P2PDisconnected("connection reset: %s" % e) from e
        except OSError as e:
            if e.errno in (errno.ECONNRESET, errno.EPIPE, errno.ENOTCONN):
                self.closed_by_peer = True
                raise P2PDisconnected(str(e)) from e
            raise
        if not data:
            self.closed_by_peer = True
            raise P2PDisconnected("connection closed by peer")
        self.buf += data
        return True

    def _pop_frame(self):
        """A complete (command, payload) from the buffer, or None."""
        if len(self.buf) < HEADER_SIZE:
            return None
        h = parse_message_header(self.buf[:HEADER_SIZE])
        if h["magic"] != self.magic:
            raise P2PProtocolError("bad magic %s" % h["magic"].hex())
        if h["length"] > MAX_PROTOCOL_MESSAGE_LENGTH:
            raise P2PProtocolError("oversized message %r (%d bytes)" % (h["command"], h["length"]))
        end = HEADER_SIZE + h["length"]
        if len(self.buf) < end:
            return None
        payload = self.buf[HEADER_SIZE:end]
        self.buf = self.buf[end:]           # a frame with a bad checksum is dropped, then reported
        if hash256(payload)[:4] != h["checksum"]:
            raise P2PProtocolError("bad checksum on %r" % h["command"])
        msg = (h["command"], payload)
        self.messages.append(msg)
        self.last_message[h["command"]] = payload
        return msg

    def recv_message(self, timeout=10):
        """The next message as (command, payload), or None if none completes within `timeout` seconds.
        Raises P2PDisconnected if the peer closed the connection (after any buffered complete messages)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            msg = self._pop_frame()
            if msg is not None:
                return msg
            if not self._fill(deadline):
                return None

    def _answer_ping(self, cmd, payload):
        if cmd == "ping" and len(payload) >= 8:
            try:
                self.send_pong(decode_ping(payload[:8]))
            except P2PDisconnected:
                pass

    def wait_for(self, command, timeout=10, predicate=None, auto_pong=True):
        """Reads messages until one with `command` (and, if given, predicate(payload) true) arrives; returns its
        payload. Pings are answered meanwhile (unless waiting for `ping` or auto_pong=False). Other messages are
        dropped (but kept in self.messages). Raises P2PTimeout / P2PDisconnected."""
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            msg = self.recv_message(max(0.0, deadline - time.monotonic()))
            if msg is None:
                raise P2PTimeout("no %r within %ss (received: %s)" % (command, timeout, [c for c, _ in seen]))
            cmd, payload = msg
            if auto_pong and command != "ping":
                self._answer_ping(cmd, payload)
            if cmd == command and (predicate is None or predicate(payload)):
                return payload
            seen.append(msg)

    def collect(self, timeout, auto_pong=True):
        """All messages received during `timeout` seconds (stops early, without raising, on disconnect)."""
        deadline = time.monotonic() + timeout
        out = []
        while True:
            try:
                msg = self.recv_message(max(0.0, deadline - time.monotonic()))
            except P2PDisconnected:
                return out
            if msg is None:
                return out
            if auto_pong:
                self._answer_ping(*msg)
            out.append(msg)

    def expect_no(self, command, timeout=2, auto_pong=True):
        """Raises P2PError if `command` arrives within `timeout`; returns the messages received meanwhile."""
        msgs = self.collect(timeout, auto_pong)
        for cmd, _ in msgs:
            if cmd == command:
                raise P2PError("unexpected %r received" % command)
        return msgs

    def sync_with_ping(self, timeout=30):
        """Sends a ping and waits for its pong: the node has processed everything we sent before. Returns the
        messages received meanwhile (pings answered)."""
        self._ping_nonce += 1
        nonce = self._ping_nonce
        n_before = len(self.messages)
        self.send_ping(nonce)
        self.wait_for("pong", timeout, predicate=lambda p: len(p) == 8 and decode_pong(p) == nonce)
        return self.messages[n_before:-1]

    def is_connected(self, timeout=0.0):
        """False if the remote side has closed (EOF or reset) - waiting up to `timeout` seconds for that to
        happen; True if the connection is still open afterwards. Data arriving meanwhile is buffered, not lost."""
        if self.sock is None or self.closed_by_peer:
            return False
        deadline = time.monotonic() + timeout
        while True:
            try:
                got = self._fill(deadline)
            except P2PDisconnected:
                return False
            if not got:
                return True

    def wait_for_disconnect(self, timeout=10):
        """True if the remote side closes within `timeout` seconds."""
        return not self.is_connected(timeout)

    # --- handshakes ---
    def handshake(self, start_height=0, services=NODE_NETWORK | NODE_WITNESS, version=PROTOCOL_VERSION,
                  user_agent=DEFAULT_USER_AGENT, relay=False, nonce=None, timeout=10, send_verack=True):
        """Outbound side (p2p.md §4.1): send version, expect version + verack (either order; pings answered),
        send verack. Returns the peer's decoded version."""
        self.send_version(version=version, services=services, user_agent=user_agent, start_height=start_height,
                          relay=relay, nonce=nonce)
        deadline = time.monotonic() + timeout
        got_version = got_verack = False
        while not (got_version and got_verack):
            msg = self.recv_message(max(0.0, deadline - time.monotonic()))
            if msg is None:
                raise P2PTimeout("handshake: version=%s verack=%s after %ss" % (got_version, got_verack, timeout))
            cmd, payload = msg
            if cmd == "version":
                self.peer_version = decode_version(payload)
                got_version = True
            elif cmd == "verack":
                got_verack = True
            else:
                self._answer_ping(cmd, payload)
        if send_verack:
            self.send_verack()
        return self.peer_version

    def handshake_inbound(self, start_height=0, services=NODE_NETWORK | NODE_WITNESS, version=PROTOCOL_VERSION,
                          user_agent=DEFAULT_USER_AGENT, relay=False, nonce=None, timeout=30, wait_verack=True):
        """Inbound side: wait for the peer's version, reply version + verack, then (if wait_verack) wait for its
        verack. Returns the peer's decoded version."""
        self.peer_version = decode_version(self.wait_for("version", timeout))
        self.send_version(version=version, services=services, user_agent=user_agent, start_height=start_height,
                          relay=relay, nonce=nonce)
        self.send_verack()
        if wait_verack:
            self.wait_for("verack", timeout)
        return self.peer_version


class P2PListener:
    """Listens on 127.0.0.1:`port` (0 = a free port; see .port) for inbound connections from oceand."""

    def __init__(self, port=0, host="127.0.0.1", magic=MAGIC):
        self.magic = magic
        self.host = host
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.sock.bind((host, port))
            self.sock.listen(4)
        except OSError:
            self.sock.close()
            raise
        self.port = self.sock.getsockname()[1]
        self.connections = []

    def accept(self, timeout=30):
        """The next inbound connection as a P2PConnection (closed with the listener)."""
        if self.sock is None:
            raise P2PError("listener closed")
        ready, _, _ = select.select([self.sock], [], [], timeout)
        if not ready:
            raise P2PTimeout("no inbound connection on port %d within %ss" % (self.port, timeout))
        conn, _addr = self.sock.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        c = P2PConnection(self.magic, sock=conn)
        self.connections.append(c)
        return c

    def close(self):
        for c in self.connections:
            c.close()
        self.connections = []
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
