"""Federations of oceand signers for tests and benchmarks: SoftHSM2 tokens with one key each (made with
ocean-hsm, the way contrib/federation.sh does), the ocean.conf lines of a signer, and raw P2P decoding of
the signer messages (doc/signing-protocol.md §2)."""
import os
import subprocess
import threading
import time

from . import keys
from .p2p import (MSG_BLOCK, MSG_TYPE_MASK, P2PConnection, P2PDisconnected, Reader, decode_headers,
                  decode_inv, hash_to_hex, parse_header)

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


class SoftHsmToken:
    """A SoftHSM2 token directory of its own under `basedir` (the caller's temporary directory) with one
    EC key `label`; `env` is the environment an oceand using it needs (SOFTHSM2_CONF)."""

    def __init__(self, ocean_hsm, basedir, name, label="blocksigner"):
        self.dir = os.path.join(basedir, name + "-hsm")
        self.label = label
        self.token = name
        os.makedirs(os.path.join(self.dir, "tokens"), mode=0o700, exist_ok=True)
        self.conf = os.path.join(self.dir, "softhsm2.conf")
        with open(self.conf, "w") as f:
            f.write("directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n"
                    % os.path.join(self.dir, "tokens"))
        self.env = dict(os.environ, SOFTHSM2_CONF=self.conf)
        self.pinfile = self._secret("pin", os.urandom(16).hex())
        so_pin = self._secret("so-pin", os.urandom(16).hex())
        token = ["-module=" + SOFTHSM_MODULE, "-token=" + name]
        self._run(ocean_hsm, "inittoken", *token, "-sopinfile=" + so_pin, "-pinfile=" + self.pinfile)
        self.pubkey = self._run(ocean_hsm, "init", *token, "-key=" + label, "-pinfile=" + self.pinfile)

    def _secret(self, name, content):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(content + "\n")
        os.chmod(path, 0o600)
        return path

    def _run(self, ocean_hsm, *args):
        r = subprocess.run([ocean_hsm, *args], capture_output=True, text=True, timeout=60, env=self.env)
        if r.returncode != 0:
            raise RuntimeError("ocean-hsm %s failed (%d): %s" % (args[0], r.returncode, r.stderr.strip()))
        return r.stdout.strip()

    def conf_lines(self):
        return ["hsm=pkcs11", "hsmmodule=" + SOFTHSM_MODULE, "hsmtoken=" + self.token,
                "hsmkeylabel=" + self.label, "hsmpinfile=" + self.pinfile]


def hsm_federation_conf(tokens, index, required):
    """ocean.conf lines for node `index` of an M-of-N federation whose keys are in `tokens`; nodes at or
    above len(tokens) only get the signblockscript."""
    conf = ["signblockscript=" + keys.multisig_script(required, [t.pubkey for t in tokens])]
    if index < len(tokens):
        conf += tokens[index].conf_lines()
    return conf


def decode_signer_message(command, payload):
    """A dict for `sgnprop` / `sgnvote` / `sgnsig` payloads (hashes as display hex), None for others."""
    r = Reader(payload)
    if command == "sgnvote":
        kind, height, rnd = r.u8(), r.u32(), r.u32()
        return {"kind": {1: "prepare", 2: "commit"}.get(kind, kind), "height": height, "round": rnd,
                "hash": hash_to_hex(r.hash()), "signer": r.u8()}
    if command == "sgnsig":
        height = r.u32()
        return {"kind": "sig", "height": height, "hash": hash_to_hex(r.hash()), "signer": r.u8()}
    if command == "sgnprop":
        height, rnd, valid_round, signer = r.u32(), r.u32(), r.i32(), r.u8()
        block = r.var_bytes()
        header, _ = parse_header(block, 0)
        return {"kind": "proposal", "height": height, "round": rnd, "valid_round": valid_round,
                "signer": signer, "hash": header.hash_hex}
    return None


class SignerObserver:
    """A raw P2P peer of one node that records, in a background thread, every signer message the node
    sends it (its own and the ones it relays) and every block it announces, each with its arrival time
    (time.monotonic()). `messages`: list of (time, dict from decode_signer_message); `blocks`: display hash
    -> first announcement time. The thread ends when the node closes the connection or on close()."""

    def __init__(self, node, timeout=10):
        self.messages = []
        self.blocks = {}
        self.lock = threading.Lock()
        self._stop = False
        self.conn = P2PConnection().connect(port=node.p2pport, timeout=timeout)
        self.conn.handshake(timeout=timeout)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop:
            try:
                msg = self.conn.recv_message(timeout=0.2)
            except (P2PDisconnected, OSError):
                return
            if msg is None:
                continue
            now = time.monotonic()
            cmd, payload = msg
            self.conn._answer_ping(cmd, payload)
            try:
                decoded = decode_signer_message(cmd, payload)
                hashes = []
                if cmd == "inv":
                    hashes = [hash_to_hex(h) for t, h in decode_inv(payload) if t & MSG_TYPE_MASK == MSG_BLOCK]
                elif cmd == "headers":
                    hashes = [h.hash_hex for h in decode_headers(payload)]
            except Exception:  # anything undecodable is not what this observer is about
                continue
            with self.lock:
                if decoded is not None:
                    self.messages.append((now, decoded))
                for h in hashes:
                    self.blocks.setdefault(h, now)

    def snapshot(self):
        with self.lock:
            return list(self.messages), dict(self.blocks)

    def close(self):
        self._stop = True
        self.thread.join(timeout=5)
        self.conn.close()


def check_no_equivocation(messages, signers_required):
    """Raises AssertionError if a signer sent two different prepares or commits in one (height, round) or
    signed two different blocks at one height, or if two different blocks got M signatures at a height.
    `messages`: decoded signer messages (dicts). Returns the number of distinct (height, signer) signatures."""
    votes, sigs = {}, {}
    for m in messages:
        if m["kind"] in ("prepare", "commit"):
            key = (m["kind"], m["height"], m["round"], m["signer"])
            first = votes.setdefault(key, m["hash"])
            assert first == m["hash"], "signer %d sent two %ss at height %d round %d: %s and %s" % (
                m["signer"], m["kind"], m["height"], m["round"], first, m["hash"])
        elif m["kind"] == "sig":
            first = sigs.setdefault((m["height"], m["signer"]), m["hash"])
            assert first == m["hash"], "signer %d signed two blocks at height %d: %s and %s" % (
                m["signer"], m["height"], first, m["hash"])
    complete = {}
    for (height, signer), h in sigs.items():
        complete.setdefault(height, {}).setdefault(h, set()).add(signer)
    for height, by_hash in complete.items():
        full = [h for h, s in by_hash.items() if len(s) >= signers_required]
        assert len(full) <= 1, "height %d: %d blocks with %d signatures: %s" % (
            height, len(full), signers_required, full)
    return len(sigs)
