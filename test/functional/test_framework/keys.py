"""Test keys without a wallet: secp256k1 public keys from private keys (plain affine arithmetic, fine for a
handful of keys), WIF encoding, HASH160 and the P2PKH / P2SH scripts a key or script pays to. Signing is
left to the node (signrawtransaction) except for `sign`, a deterministic low-S ECDSA for tests that build
their own transactions, and `multisig_script` for block-signing challenges."""
import hmac
import os
import hashlib

P = 2**256 - 2**32 - 977
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
     0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
WIF_PREFIX_CUSTOM = 239  # SECRET_KEY of custom chains (formats.md §8.3)


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % P == 0:
        return None
    if a == b:
        lam = 3 * a[0] * a[0] * pow(2 * a[1], P - 2, P) % P
    else:
        lam = (b[1] - a[1]) * pow(b[0] - a[0], P - 2, P) % P
    x = (lam * lam - a[0] - b[0]) % P
    return (x, (lam * (a[0] - x) - a[1]) % P)


def _mul(k, point=G):
    result = None
    while k:
        if k & 1:
            result = _add(result, point)
        point = _add(point, point)
        k >>= 1
    return result


def pubkey(secret, compressed=True):
    """Serialized public key (hex) of the integer secret."""
    x, y = _mul(secret % N)
    if compressed:
        return ("03" if y & 1 else "02") + x.to_bytes(32, "big").hex()
    return "04" + x.to_bytes(32, "big").hex() + y.to_bytes(32, "big").hex()


def sha256d(data):
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def b58check(payload):
    data = payload + sha256d(payload)[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode_check(text):
    """The payload (version byte + data) of a base58check string; fails on a bad checksum."""
    n = 0
    for ch in text:
        n = n * 58 + B58.index(ch)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    raw = b"\x00" * (len(text) - len(text.lstrip("1"))) + raw
    if len(raw) < 5 or sha256d(raw[:-4])[:4] != raw[-4:]:
        raise ValueError("bad base58check string: %s" % text)
    return raw[:-4]


def wif(secret, compressed=True, prefix=WIF_PREFIX_CUSTOM):
    return b58check(bytes([prefix]) + secret.to_bytes(32, "big") + (b"\x01" if compressed else b""))


def hash160(data):
    return hashlib.new("ripemd160", hashlib.sha256(data).digest()).digest()


def p2pkh_script(pubkey_hex):
    return "76a914" + hash160(bytes.fromhex(pubkey_hex)).hex() + "88ac"


def p2sh_script(script_hex):
    return "a914" + hash160(bytes.fromhex(script_hex)).hex() + "87"


def p2wpkh_script(pubkey_hex):
    return "0014" + hash160(bytes.fromhex(pubkey_hex)).hex()


def p2wsh_script(script_hex):
    return "0020" + hashlib.sha256(bytes.fromhex(script_hex)).hexdigest()


def _der_int(v):
    b = v.to_bytes(32, "big").lstrip(b"\0") or b"\0"
    if b[0] & 0x80:
        b = b"\0" + b
    return b"\x02" + bytes([len(b)]) + b


def sign(secret, digest):
    """Low-S DER ECDSA signature (bytes) of a 32-byte digest, deterministic nonce from HMAC (tests only)."""
    z = int.from_bytes(digest, "big")
    k = int.from_bytes(hmac.new(secret.to_bytes(32, "big"), digest, hashlib.sha256).digest(), "big") % N or 1
    r = _mul(k)[0] % N
    s = pow(k, -1, N) * (z + r * secret) % N
    if s > N // 2:
        s = N - s
    body = _der_int(r) + _der_int(s)
    return b"\x30" + bytes([len(body)]) + body


def multisig_script(m, pubkeys_hex):
    """OP_m <keys> OP_n OP_CHECKMULTISIG (hex) for compressed public keys given as hex."""
    out = bytes([0x50 + m])
    for k in pubkeys_hex:
        kb = bytes.fromhex(k)
        out += bytes([len(kb)]) + kb
    return (out + bytes([0x50 + len(pubkeys_hex), 0xAE])).hex()


def federation_conf(tmpdir, index, secrets, required):
    """ocean.conf lines for node `index` of an M-of-N federation with software keys: every node gets the
    signblockscript; nodes below len(secrets) also get -signingkey, a key file (mode 0600) in tmpdir."""
    conf = ["signblockscript=" + multisig_script(required, [pubkey(s) for s in secrets])]
    if index < len(secrets):
        path = os.path.join(tmpdir, "signer%d.key" % index)
        with open(path, "w") as f:
            f.write("%064x\n" % secrets[index])
        os.chmod(path, 0o600)
        conf.append("signingkey=" + path)
    return conf
