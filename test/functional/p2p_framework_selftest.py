#!/usr/bin/env python3
"""Self-test of test_framework/p2p.py without oceand: Ocean block-header parsing and hashing against the
reference vectors (the dev blocks, the genesis blocks, all 331 blocks of chain A and its mutated blocks),
round trips of every payload encoder/decoder, framing (checksums, forced bad frames), and a loopback
connection between P2PListener and P2PConnection (handshake in both roles, ping answering, disconnect
detection). Accepts and ignores the standard --oceand and --cli arguments; --vectors defaults to
../shared/vectors next to the source tree."""
import argparse
import json
import os
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_framework import p2p  # noqa: E402
from test_framework.p2p import (  # noqa: E402
    BlockHeader, DeserializationError, P2PConnection, P2PDisconnected, P2PListener, P2PProtocolError,
    P2PTimeout, Reader, block_hash_from_block_hex, build_message, hash_to_hex, hex_to_hash, parse_block_header,
    parse_header, parse_messages, ser_compact_size)

failures = 0
checks = 0


def read_text(path):
    with open(path) as f:
        return f.read().strip()


def read_json(path):
    with open(path) as f:
        return json.load(f)


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print("FAIL " + what, flush=True)


def eq(a, b, what):
    check(a == b, "%s: %r != %r" % (what, a, b))


def raises(exc, fn, what):
    try:
        fn()
    except exc:
        check(True, what)
        return
    except Exception as e:  # wrong exception type
        check(False, "%s: raised %r instead of %s" % (what, e, exc.__name__))
        return
    check(False, "%s: nothing raised" % what)


def test_compact_size():
    for n, enc in [(0, "00"), (0xFC, "fc"), (0xFD, "fdfd00"), (0xFFFF, "fdffff"), (0x10000, "fe00000100"),
                   (0xFFFFFFFF, "feffffffff"), (0x100000000, "ff0000000001000000")]:
        eq(ser_compact_size(n).hex(), enc, "CompactSize(%d)" % n)
        eq(Reader(bytes.fromhex(enc)).compact_size(range_check=False), n, "decode CompactSize %s" % enc)
    for bad in ["fdfc00", "fd0000", "feffff0000", "ffffffffff00000000"]:
        raises(DeserializationError, lambda b=bad: Reader(bytes.fromhex(b)).compact_size(range_check=False),
               "non-canonical %s rejected" % bad)
    raises(DeserializationError, lambda: Reader(bytes.fromhex("fe01000002")).compact_size(), "size > MAX_SIZE")
    eq(Reader(bytes.fromhex("fe00000002")).compact_size(), 0x02000000, "MAX_SIZE itself accepted")
    raises(DeserializationError, lambda: Reader(b"\xfd\x01").compact_size(), "short CompactSize")
    eq(p2p.deser_var_str(p2p.ser_var_str("/Satoshi:2.1.1.1/")), ("/Satoshi:2.1.1.1/", 18), "var_str round trip")


def check_block(block_hex, ref, name):
    hdr, raw, tx_off = parse_block_header(block_hex)
    eq(hdr.hash_hex, ref["hash"], name + " hash")
    eq(block_hash_from_block_hex(block_hex), ref["hash"], name + " block_hash_from_block_hex")
    eq(hdr.height, ref["height"], name + " height")
    eq(hdr.version, ref["version"], name + " version")
    eq(hdr.time, ref["time"], name + " time")
    eq(hash_to_hex(hdr.merkle), ref["merkleroot"], name + " merkleroot")
    eq(hash_to_hex(hdr.contract), ref["contracthash"], name + " contracthash")
    eq(hash_to_hex(hdr.attestation), ref["attestationhash"], name + " attestationhash")
    eq(hash_to_hex(hdr.mapping), ref["mappinghash"], name + " mappinghash")
    eq(hash_to_hex(hdr.prev), ref.get("previousblockhash", "00" * 32), name + " previousblockhash")
    if "tx" in ref:
        eq(hdr.tx_count, len(ref["tx"]), name + " tx count")
    eq(raw.hex(), block_hex[:len(raw) * 2], name + " raw header is the block prefix")
    eq(hdr.serialize(), raw, name + " header re-serialises")
    eq(p2p.header_hash(hdr.serialize_without_solution()), hdr.hash, name + " header_hash")
    eq(p2p.header_hash_from_full(raw), hdr.hash, name + " header_hash_from_full")


def test_reference_blocks(vectors):
    v = os.path.join(vectors, "ocean")
    for name in ["block_dev_h1_empty", "block_dev_h2_send_issuance", "block_dev_h3_reissue_burn_sendasset",
                 "block_dev_ct_h2_confidential_send"]:
        check_block(read_text(os.path.join(v, name + ".hex")),
                    read_json(os.path.join(v, name + ".json")), name)
    for name in ["genesis_default_ocean_test", "genesis_dev_freecoins", "genesis_dev_freecoins_terms",
                 "genesis_elementsregtest_freecoins", "genesis_policy_sample_conf"]:
        ref = read_json(os.path.join(v, name + ".json"))
        block_hex = read_text(os.path.join(v, name + ".hex"))
        eq(block_hash_from_block_hex(block_hex), ref["genesis_hash"], name + " genesis hash")
        check_block(block_hex, ref["getblock"], name)

    a = os.path.join(v, "chains", "A")
    blocks = [line.strip() for line in read_text(os.path.join(a, "blocks.hex")).splitlines() if line.strip()]
    final = read_json(os.path.join(a, "final_state.json"))
    eq(len(blocks), 331, "chain A block count")
    hashes = []
    signed = 0
    for height, block_hex in enumerate(blocks):
        hdr, raw, _ = parse_block_header(block_hex)
        eq(hdr.height, height, "chain A height %d" % height)
        eq(hdr.prev, hashes[-1] if hashes else p2p.ZERO_HASH, "chain A prev link at %d" % height)
        eq(hdr.serialize(), raw, "chain A header %d re-serialises" % height)
        signed += bool(hdr.solution)
        hashes.append(hdr.hash)
    check(signed == 330, "chain A: every non-genesis header carries a solution (%d)" % signed)
    for h, ref in final["getblockhash"].items():
        eq(hash_to_hex(hashes[int(h)]), ref, "chain A getblockhash(%s)" % h)
    for h, ref in final["getblock"].items():
        check_block(blocks[int(h)], ref, "chain A block %s" % h)
    eq(hash_to_hex(hashes[-1]), final["getblockchaininfo"]["bestblockhash"], "chain A tip")

    # Mutated blocks: the reference's block hash for each; variants that only change the solution keep the hash.
    for sub in ["invalid", "accepted_variants", "hole"]:
        index = read_json(os.path.join(a, sub, "index.json"))
        for fname, info in index.items():
            if fname.startswith("_") or "block_hash" not in info:
                continue
            block_hex = read_text(os.path.join(a, sub, fname))
            hdr, _, _ = parse_block_header(block_hex)
            eq(hdr.hash_hex, info["block_hash"], "%s/%s hash" % (sub, fname))
            if "parent_hash" in info and info.get("reject_reason") != "bad-prevblk":
                eq(hash_to_hex(hdr.prev), info["parent_hash"], "%s/%s parent" % (sub, fname))
            if info.get("same_hash_as_valid_block") and "replaces_valid_block" in info:
                eq(hdr.hash_hex, info["replaces_valid_block"], "%s/%s same hash as valid block" % (sub, fname))

    # The solution is not hashed; the challenge is.
    hdr, _, _ = parse_block_header(blocks[5])
    eq(hdr.copy(solution=b"\x00\x01\x02").hash, hdr.hash, "solution does not change the hash")
    check(hdr.copy(challenge=b"\x51").hash != hdr.hash, "challenge changes the hash")

    # headers message built from blocks decodes back.
    msg = p2p.headers_message_from_blocks(blocks[:12])
    (cmd, payload), = parse_messages(msg)
    eq(cmd, "headers", "headers command")
    decoded = p2p.decode_headers(payload)
    eq([h.hash for h in decoded], hashes[:12], "headers message round trip")
    eq({h.tx_count for h in decoded}, {0}, "headers tx counts are 0")
    (cmd, payload), = parse_messages(p2p.block_message(blocks[7]))
    eq((cmd, payload.hex()), ("block", blocks[7]), "block message payload is the raw block")
    return blocks, hashes


def test_payloads(hashes):
    v = p2p.decode_version(p2p.version_payload(start_height=42, nonce=77, timestamp=1234, relay=False))
    eq((v["version"], v["services"], v["timestamp"], v["nonce"], v["user_agent"], v["start_height"], v["relay"]),
       (70015, 9, 1234, 77, "/oceand-test:0.1/", 42, False), "version round trip")
    eq(v["addr_from"]["services"], 9, "version addr_from services")
    eq(len(p2p.version_payload(user_agent="")), 4 + 8 + 8 + 26 + 26 + 8 + 1 + 4 + 1, "version size")
    recv = p2p.ser_netaddr(1, "127.0.0.1", 7042)
    eq(len(recv), 26, "netaddr without time")
    eq(recv.hex(), "0100000000000000" + "00000000000000000000ffff7f000001" + "1b82", "netaddr bytes")
    v = p2p.decode_version(p2p.version_payload(addr_recv=recv)[:46])
    eq((v["addr_recv"]["ip"], v["addr_recv"]["port"], v["nonce"], v["start_height"], v["relay"], v["user_agent"]),
       ("127.0.0.1", 7042, 1, -1, True, ""), "truncated version uses the defaults")
    eq(p2p.decode_ping(p2p.ping_payload(2 ** 64 - 1)), 2 ** 64 - 1, "ping round trip")
    items = [(p2p.MSG_WITNESS_BLOCK, hashes[1]), (p2p.MSG_TX, hash_to_hex(hashes[2]))]
    eq(p2p.decode_inv(p2p.inv_payload(items)), [(0x40000002, hashes[1]), (1, hashes[2])], "inv round trip")
    eq(len(p2p.inv_payload(items)), 1 + 2 * 36, "inv size")
    raises(DeserializationError, lambda: p2p.decode_inv(p2p.inv_payload(items)[:-1]), "short inv")
    loc = p2p.decode_locator(p2p.getheaders_payload(hashes[:3], stop=hashes[5]))
    eq((loc["version"], loc["locator"], loc["stop"]), (70015, hashes[:3], hashes[5]), "getheaders round trip")
    eq(p2p.getblocks_payload([]).hex(), "7f110100" + "00" + "00" * 32, "empty getblocks")
    entries = [(1700000000, 9, "10.0.0.1", 7042), (5, 1, "2001:db8::1", 1)]
    dec = p2p.decode_addr(p2p.addr_payload(entries))
    eq([(e["time"], e["services"], e["ip"], e["port"]) for e in dec], entries, "addr round trip")
    eq(len(p2p.addr_payload(entries)), 1 + 60, "addr entries are 30 bytes")
    r = p2p.decode_reject(p2p.reject_payload("block", 0x10, "bad-header-height", hashes[3]))
    eq((r["message"], r["code"], r["reason"], r["hash"]), ("block", 0x10, "bad-header-height", hashes[3]),
       "reject with hash")
    r = p2p.decode_reject(p2p.reject_payload("version", 0x12, "Duplicate version message"))
    eq((r["message"], r["code"], r["reason"], r["hash"]), ("version", 0x12, "Duplicate version message", None),
       "reject without hash")
    eq(p2p.decode_feefilter(p2p.feefilter_payload(-5)), -5, "feefilter round trip")
    eq(p2p.decode_sendcmpct(p2p.sendcmpct_payload(False, 2)), (False, 2), "sendcmpct round trip")
    eq(p2p.sendcmpct_payload(True, 1).hex(), "010100000000000000", "sendcmpct bytes")
    h = BlockHeader(version=4, prev=hashes[0], time=7, height=1, challenge=b"\x51", solution=b"")
    eq(len(h.serialize()), p2p.MIN_HEADER_SIZE + 1, "header size with a one-byte challenge")
    eq(parse_header(h.serialize())[0], h, "BlockHeader round trip")
    eq(parse_header(b"xx" + h.serialize(), 2)[1], 2 + len(h.serialize()), "parse_header offset")
    raises(DeserializationError, lambda: parse_header(h.serialize()[:-1]), "short header")


def test_framing():
    m = build_message("ping", p2p.ping_payload(1))
    eq(m[:4].hex(), "fabfb5da", "magic")
    eq(m[4:16], b"ping" + b"\x00" * 8, "command padding")
    eq(struct.unpack("<I", m[16:20])[0], 8, "length")
    eq(m[20:24], p2p.hash256(m[24:])[:4], "checksum")
    eq(build_message("verack")[20:24].hex(), "5df6e0e2", "checksum of the empty payload")
    bad = build_message("ping", p2p.ping_payload(1), checksum=b"\0\0\0\0")
    eq(bad[20:24], b"\0\0\0\0", "forced checksum")
    raises(P2PProtocolError, lambda: parse_messages(bad), "bad checksum detected")
    raises(P2PProtocolError, lambda: parse_messages(build_message("ping", b"", magic=b"\xf9\xbe\xb4\xd9")),
           "bad magic detected")
    eq(build_message(b"\x01\x7fbad", b"")[4:16], b"\x01\x7fbad" + b"\0" * 7, "arbitrary command bytes")
    eq(build_message("x" * 12, b"")[4:16], b"x" * 12, "12-byte command")
    raises(ValueError, lambda: build_message("x" * 13, b""), "13-byte command refused")
    eq(struct.unpack("<I", build_message("block", b"", length=4000001)[16:20])[0], 4000001, "forced length")
    h = p2p.parse_message_header(build_message("sendheaders"))
    eq((h["command"], h["length"]), ("sendheaders", 0), "parse_message_header")


def test_loopback(blocks, hashes):
    # Handshake with the test as the outbound side against a scripted inbound peer (both roles of p2p.py).
    with P2PListener() as listener:
        result = {}

        def inbound():
            try:
                peer = listener.accept(timeout=10)
                result["version"] = peer.handshake_inbound(start_height=330, user_agent="/Satoshi:2.1.1.1/")
                peer.send_message("sendheaders")
                loc = p2p.decode_locator(peer.wait_for("getheaders", 10))
                result["locator"] = loc["locator"]
                peer.send_ping(99)                                  # the other side must answer
                result["pong"] = p2p.decode_pong(peer.wait_for("pong", 10))
                peer.send_headers([p2p.header_bytes_from_block_hex(b) for b in blocks[1:4]])
                ping = peer.wait_for("ping", 10)                    # the client's sync_with_ping
                peer.send_message("ping", b"\0" * 8, checksum=b"\1\2\3\4")    # hostile frame, then a real pong
                peer.send_pong(p2p.decode_ping(ping))
                time.sleep(0.2)
                peer.close()
            except Exception as e:  # reported by the main thread
                result["error"] = repr(e)

        t = threading.Thread(target=inbound)
        t.start()
        try:
            with P2PConnection() as c:
                c.connect("127.0.0.1", listener.port, timeout=5)
                ver = c.handshake(start_height=0)
                eq((ver["version"], ver["user_agent"], ver["start_height"]), (70015, "/Satoshi:2.1.1.1/", 330),
                   "outbound handshake returns the peer's version")
                check(c.is_connected(0.1), "connected after the handshake")
                c.send_getheaders([hashes[0]])
                hdrs = p2p.decode_headers(c.wait_for("headers", 10))   # answers the ping meanwhile
                eq([h.hash for h in hdrs], hashes[1:4], "headers received")
                check("sendheaders" in c.last_message, "sendheaders recorded")
                raises(P2PProtocolError, lambda: c.sync_with_ping(10), "bad checksum from the peer raises")
                check(c.wait_for_disconnect(5), "disconnect detected")
                check(not c.is_connected(), "is_connected false after close")
                msg = c.recv_message(1)                               # buffered before the close
                eq(msg[0], "pong", "the pong after the bad frame is still delivered")
                raises(P2PDisconnected, lambda: c.recv_message(1), "recv after disconnect raises")
        finally:
            t.join(20)
        check("error" not in result, "inbound side: %s" % result.get("error"))
        eq(result.get("pong"), 99, "ping answered by wait_for")
        eq(result.get("locator"), [hashes[0]], "getheaders locator")
        v = result.get("version") or {}
        eq((v.get("services"), v.get("relay"), v.get("user_agent")), (9, False, "/oceand-test:0.1/"),
           "inbound handshake returns the peer's version")

    # Timeouts, and a peer that resets the connection.
    with P2PListener() as listener:
        with P2PConnection() as c:
            c.connect("127.0.0.1", listener.port)
            server = listener.accept(5)
            eq(c.recv_message(0.2), None, "recv_message timeout -> None")
            raises(P2PTimeout, lambda: c.wait_for("verack", 0.2), "wait_for timeout")
            check(c.is_connected(0.2), "still connected")
            server.send_message("inv", p2p.inv_payload([(p2p.MSG_BLOCK, hashes[9])]))
            server.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            server.close()                                            # RST
            check(c.wait_for_disconnect(5), "reset detected")
    check(listener.sock is None, "listener closed")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--oceand")
    ap.add_argument("--cli")
    ap.add_argument("--vectors", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "..", "..", "..", "shared", "vectors"))
    ap.add_argument("--tmpdir")
    ap.add_argument("--nocleanup", action="store_true")
    args = ap.parse_args()
    test_compact_size()
    test_framing()
    blocks, hashes = test_reference_blocks(args.vectors)
    test_payloads(hashes)
    test_loopback(blocks, hashes)
    print("%d checks, %d failures" % (checks, failures))
    print("PASSED" if failures == 0 else "FAILED")
    sys.exit(0 if failures == 0 else 1)


if __name__ == "__main__":
    main()
