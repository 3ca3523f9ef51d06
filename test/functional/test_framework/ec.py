"""secp256k1 public keys for test keys (pure Python, slow but enough for a handful of keys)."""
P = 2**256 - 2**32 - 977
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
     0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)


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
    return x, (lam * (a[0] - x) - a[1]) % P


def _mul(k, pt):
    out = None
    while k:
        if k & 1:
            out = _add(out, pt)
        pt = _add(pt, pt)
        k >>= 1
    return out


def pubkey(secret):
    """Compressed public key (bytes) of the secret (int, 1..N-1)."""
    x, y = _mul(secret % N, G)
    return bytes([2 + (y & 1)]) + x.to_bytes(32, "big")


def multisig_script(m, pubkeys):
    """OP_m <keys> OP_n OP_CHECKMULTISIG as hex."""
    out = bytes([0x50 + m])
    for k in pubkeys:
        out += bytes([len(k)]) + k
    return (out + bytes([0x50 + len(pubkeys), 0xAE])).hex()
