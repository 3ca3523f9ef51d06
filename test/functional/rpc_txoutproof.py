#!/usr/bin/env python3
"""gettxoutproof / verifytxoutproof, getblockstats and the guardnode queries (getrequests,
getrequestbids) on the reference dev chain (-initialfreecoins, -txindex) after submitblock of the
reference blocks 1-3. Proofs are checked byte for byte against a BIP37 partial merkle tree built here
from the block's txids, with the block's full header (proof included) in front; block statistics are
checked against figures computed from getblock verbosity 2."""
import hashlib
import json
from decimal import Decimal

from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc, assert_true, satoshis

ALL_STATS = ["avgfee", "avgfeerate", "avgtxsize", "blockhash", "height", "ins", "maxfee", "maxfeerate",
             "maxtxsize", "medianfee", "medianfeerate", "mediantime", "mediantxsize", "minfee", "minfeerate",
             "mintxsize", "outs", "subsidy", "swtotal_size", "swtotal_weight", "swtxs", "time", "total_out",
             "total_size", "total_weight", "totalfee", "txs", "utxo_increase", "utxo_size_inc"]


def sha256d(b):
    return hashlib.sha256(hashlib.sha256(b).digest()).digest()


def compact_size(n):
    if n < 253:
        return bytes([n])
    if n <= 0xffff:
        return b"\xfd" + n.to_bytes(2, "little")
    return b"\xfe" + n.to_bytes(4, "little")


def partial_merkle_tree(txids_hex, matched):
    """BIP37: depth-first flag bits and hashes over the block's txids (display hex in, bytes out)."""
    leaves = [bytes.fromhex(t)[::-1] for t in txids_hex]
    match = [t in matched for t in txids_hex]
    n = len(leaves)

    def width(h):
        return (n + (1 << h) - 1) >> h

    def node(h, pos):
        if h == 0:
            return leaves[pos]
        left = node(h - 1, 2 * pos)
        right = node(h - 1, 2 * pos + 1) if 2 * pos + 1 < width(h - 1) else left
        return sha256d(left + right)

    bits, hashes = [], []

    def walk(h, pos):
        parent = any(match[p] for p in range(pos << h, min((pos + 1) << h, n)))
        bits.append(parent)
        if h == 0 or not parent:
            hashes.append(node(h, pos))
            return
        walk(h - 1, 2 * pos)
        if 2 * pos + 1 < width(h - 1):
            walk(h - 1, 2 * pos + 1)

    height = 0
    while width(height) > 1:
        height += 1
    walk(height, 0)
    flags = bytearray((len(bits) + 7) // 8)
    for i, bit in enumerate(bits):
        if bit:
            flags[i // 8] |= 1 << (i % 8)
    return (n.to_bytes(4, "little") + compact_size(len(hashes)) + b"".join(hashes) + compact_size(len(flags)) +
            bytes(flags))


def truncated_median(values):
    if not values:
        return 0
    v = sorted(values)
    k = len(v)
    return (v[k // 2 - 1] + v[k // 2]) // 2 if k % 2 == 0 else v[k // 2]


class TxOutProofTest(OceanTestFramework):
    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000", "txindex=1"]

    def run_test(self):
        node = self.nodes[0]
        names = ["block_dev_h1_empty", "block_dev_h2_send_issuance", "block_dev_h3_reissue_burn_sendasset"]
        for name in names:
            assert_equal(node.submitblock(self.read_hex(name + ".hex")), None)
        assert_equal(node.getblockcount(), 3)
        self.blocks = [node.getblock(node.getblockhash(h)) for h in range(4)]
        self.check_proofs(node)
        self.check_proof_errors(node)
        self.check_blockstats(node)
        self.check_requests(node)

    # ---- gettxoutproof / verifytxoutproof ----
    def expected_proof(self, node, block, matched):
        return node.getblockheader(block["hash"], False) + partial_merkle_tree(block["tx"], matched).hex()

    def check_proofs(self, node):
        self.log("proofs of single transactions, found through the transaction index and by block hash")
        for block in self.blocks:
            for txid in block["tx"]:
                proof = node.gettxoutproof([txid])
                assert_equal(proof, self.expected_proof(node, block, {txid}))
                assert_equal(node.gettxoutproof([txid], block["hash"]), proof)
                assert_equal(node.verifytxoutproof(proof), [txid])
                # The header (with its proof challenge and solution) comes first.
                assert_true(self.read_block_hex(block).startswith(proof[:len(node.getblockheader(block["hash"], False))]))

        self.log("several transactions: verifytxoutproof returns them in block order")
        b3 = self.blocks[3]
        chosen = [b3["tx"][3], b3["tx"][1]]
        proof = node.gettxoutproof(chosen)
        assert_equal(proof, self.expected_proof(node, b3, set(chosen)))
        assert_equal(node.verifytxoutproof(proof), [b3["tx"][1], b3["tx"][3]])
        proof_all = node.gettxoutproof(b3["tx"])
        assert_equal(node.verifytxoutproof(proof_all), b3["tx"])
        # No txid and a block hash: a proof matching nothing, valid and empty.
        empty = node.gettxoutproof([], b3["hash"])
        assert_equal(empty, self.expected_proof(node, b3, set()))
        assert_equal(node.verifytxoutproof(empty), [])
        # Trailing bytes after the merkle block are ignored, as a stream read does.
        assert_equal(node.verifytxoutproof(proof + "00ff"), [b3["tx"][1], b3["tx"][3]])
        # Uppercase hex is accepted.
        assert_equal(node.verifytxoutproof(proof.upper()), [b3["tx"][1], b3["tx"][3]])
        # Named parameters.
        assert_equal(node.rpc.call("gettxoutproof", txids=[chosen[0]], blockhash=b3["hash"]),
                     self.expected_proof(node, b3, {chosen[0]}))
        assert_equal(node.rpc.call("verifytxoutproof", proof=proof), [b3["tx"][1], b3["tx"][3]])

        self.log("a proof of a block that leaves the active chain is refused; a tampered proof is empty")
        node.invalidateblock(b3["hash"])
        assert_raises_rpc(-5, "Block not found in chain", node.verifytxoutproof, proof)
        # gettxoutproof with the block given still works (Ocean 0.14 does not check the chain).
        assert_equal(node.gettxoutproof(chosen, b3["hash"]), proof)
        node.reconsiderblock(b3["hash"])
        assert_equal(node.getblockcount(), 3)
        assert_equal(node.verifytxoutproof(proof), [b3["tx"][1], b3["tx"][3]])
        header_len = len(node.getblockheader(b3["hash"], False))
        raw = bytearray.fromhex(proof)
        hash_at = header_len // 2 + 4 + 1  # first hash of the tree
        raw[hash_at] ^= 1
        assert_equal(node.verifytxoutproof(raw.hex()), [])
        # A changed header: its merkle root no longer matches the tree.
        raw = bytearray.fromhex(proof)
        raw[4 + 32] ^= 1
        assert_equal(node.verifytxoutproof(raw.hex()), [])
        # The root's flag cleared: the first hash is taken as the root and the rest is left over.
        raw = bytearray.fromhex(proof)
        raw[-1] ^= 0x01
        assert_equal(node.verifytxoutproof(raw.hex()), [])
        # A padding bit of the last flag byte is ignored (7 bits used here).
        raw = bytearray.fromhex(proof)
        raw[-1] ^= 0x80
        assert_equal(node.verifytxoutproof(raw.hex()), [b3["tx"][1], b3["tx"][3]])

    def read_block_hex(self, block):
        return self.nodes[0].getblock(block["hash"], 0)

    def check_proof_errors(self, node):
        self.log("gettxoutproof / verifytxoutproof errors")
        b2, b3 = self.blocks[2], self.blocks[3]
        tx2 = b2["tx"][1]
        assert_raises_rpc(-8, "Invalid txid abc", node.gettxoutproof, ["abc"])
        assert_raises_rpc(-8, "Invalid txid " + "g" * 64, node.gettxoutproof, ["g" * 64])
        assert_raises_rpc(-8, "Invalid parameter, duplicated txid: " + tx2, node.gettxoutproof, [tx2, tx2])
        assert_raises_rpc(-8, "Invalid parameter, duplicated txid: " + tx2.upper(), node.gettxoutproof,
                          [tx2, tx2.upper()])
        assert_raises_rpc(-5, "Block not found", node.gettxoutproof, [tx2], "11" * 32)
        assert_raises_rpc(-5, "(Not all) transactions not found in specified block", node.gettxoutproof, [tx2],
                          b3["hash"])
        assert_raises_rpc(-5, "(Not all) transactions not found in specified block", node.gettxoutproof,
                          [b3["tx"][1], tx2])
        assert_raises_rpc(-5, "Transaction not yet in block", node.gettxoutproof, ["22" * 32])
        assert_raises_rpc(-5, "Transaction not yet in block", node.gettxoutproof, [])
        assert_raises_rpc(-1, "JSON value is not an array as expected", node.gettxoutproof, tx2)
        assert_raises_rpc(-1, "JSON value is not a string as expected", node.gettxoutproof, [1])
        assert_raises_rpc(-1, "gettxoutproof", node.gettxoutproof)
        assert_raises_rpc(-8, "proof must be hexadecimal string (not 'zz')", node.verifytxoutproof, "zz")
        assert_raises_rpc(-8, "proof must be hexadecimal string (not 'abc')", node.verifytxoutproof, "abc")
        proof = node.gettxoutproof([tx2])
        assert_raises_rpc(-1, "CDataStream::read(): end of data: iostream error", node.verifytxoutproof, proof[:-2])
        assert_raises_rpc(-1, "CDataStream::read(): end of data: iostream error", node.verifytxoutproof, "00")
        assert_raises_rpc(-1, "verifytxoutproof", node.verifytxoutproof)

    # ---- getblockstats ----
    def expected_stats(self, node, height):
        block = node.getblock(node.getblockhash(height), 2)
        txs = block["tx"]
        rest = txs[1:]
        fees = [sum(satoshis(o["value"]) for o in tx["vout"] if o["scriptPubKey"]["type"] == "fee") for tx in rest]
        sizes = [tx["size"] for tx in rest]
        for tx in rest:
            assert_equal(node.getrawtransaction(tx["txid"])[8:10], "00")  # no witness: weight = 4 * size
        weights = [4 * s for s in sizes]
        rates = [f * 4 // w for f, w in zip(fees, weights)]
        ins = sum(len(tx["vin"]) for tx in rest)
        outs = sum(len(tx["vout"]) for tx in txs)
        n = len(txs)
        return {
            "avgfee": sum(fees) // (n - 1) if n > 1 else 0,
            "avgfeerate": sum(fees) * 4 // sum(weights) if weights else 0,
            "avgtxsize": sum(sizes) // (n - 1) if n > 1 else 0,
            "blockhash": block["hash"],
            "height": height,
            "ins": ins,
            "maxfee": max(fees, default=0),
            "maxfeerate": max(rates, default=0),
            "maxtxsize": max(sizes, default=0),
            "medianfee": truncated_median(fees),
            "medianfeerate": truncated_median(rates),
            "mediantime": block["mediantime"],
            "mediantxsize": truncated_median(sizes),
            "minfee": min(fees, default=0),
            "minfeerate": min(rates, default=0),
            "mintxsize": min(sizes, default=0),
            "outs": outs,
            "subsidy": 0,
            "swtotal_size": 0,
            "swtotal_weight": 0,
            "swtxs": 0,
            "time": block["time"],
            "total_out": sum(satoshis(o["value"]) for tx in rest for o in tx["vout"]
                             if "value" in o and "amountcommitment" not in o),
            "total_size": sum(sizes),
            "total_weight": sum(weights),
            "totalfee": sum(fees),
            "txs": n,
            "utxo_increase": outs - ins,
        }

    def check_blockstats(self, node):
        self.log("getblockstats of the reference blocks against getblock verbosity 2")
        for height in range(1, 4):
            stats = node.getblockstats(height)
            assert_equal(list(stats.keys()), ALL_STATS)
            expected = self.expected_stats(node, height)
            for key, value in expected.items():
                assert_equal((key, stats[key]), (key, value))
            assert_equal(node.getblockstats(self.blocks[height]["hash"]), stats)
            # A subset comes back in alphabetical order, duplicates merged.
            sub = node.getblockstats(height, ["txs", "height", "totalfee", "txs", "avgfee"])
            assert_equal(list(sub.keys()), ["avgfee", "height", "totalfee", "txs"])
            assert_equal(sub, {k: stats[k] for k in ["avgfee", "height", "totalfee", "txs"]})
            # The 3rd and 4th parameters are accepted and ignored.
            assert_equal(node.getblockstats(height, ["ins"], "x", 7), {"ins": stats["ins"]})
        # The empty block: only the coinbase.
        s1 = node.getblockstats(1)
        assert_equal((s1["txs"], s1["ins"], s1["total_size"], s1["totalfee"], s1["mintxsize"]), (1, 0, 0, 0, 0))
        assert_equal(s1["utxo_increase"], s1["outs"])
        # Block 2 spends genesis free coins and issues an asset: fees and sizes are non-trivial.
        s2 = node.getblockstats(2)
        assert_true(s2["totalfee"] > 0 and s2["total_out"] > 0)
        # utxo_size_inc: created outputs minus spent ones, each with 41 bytes of overhead. Block 1 only
        # creates its coinbase outputs.
        b1 = node.getblock(self.blocks[1]["hash"], 2)
        assert_equal(s1["utxo_size_inc"],
                     sum(self.txout_size(o) + 41 for o in b1["tx"][0]["vout"]))

        self.log("getblockstats errors")
        assert_raises_rpc(-8, "Target block height -1 is negative", node.getblockstats, -1)
        assert_raises_rpc(-8, "Target block height 4 after current tip 3", node.getblockstats, 4)
        assert_raises_rpc(-5, "Block not found", node.getblockstats, "00" * 32)
        assert_raises_rpc(-8, "Invalid selected statistic aaa", node.getblockstats, 1, ["minfee", "aaa"])
        assert_raises_rpc(-8, "Invalid selected statistic bogus", node.getblockstats, 1, ["txs", "bogus"])
        assert_raises_rpc(-1, "JSON value is not an array as expected", node.getblockstats, 1, "txs")
        assert_raises_rpc(-1, "getblockstats", node.getblockstats)
        # A known block off the active chain.
        node.invalidateblock(self.blocks[3]["hash"])
        assert_raises_rpc(-8, "Block is not in chain ocean_test", node.getblockstats, self.blocks[3]["hash"])
        assert_raises_rpc(-8, "Target block height 3 after current tip 2", node.getblockstats, 3)
        node.reconsiderblock(self.blocks[3]["hash"])
        assert_equal(node.getblockstats(self.blocks[3]["hash"], ["height"]), {"height": 3})
        # The genesis issuances spend nothing of this chain: the input stats cannot be computed.
        assert_raises_rpc(-32603, "Unexpected internal error (tx index seems corrupt)", node.getblockstats, 0)
        assert_equal(node.getblockstats(0, ["txs", "ins"]), {"ins": 1, "txs": 2})

        self.log("ocean-cli: the first argument is JSON, so a hash must be quoted")
        out = json.loads(node.cli("getblockstats", '"%s"' % self.blocks[2]["hash"], '["txs","outs"]'))
        assert_equal(out, {"outs": s2["outs"], "txs": s2["txs"]})
        assert_equal(json.loads(node.cli("getblockstats", "3", '["height"]')), {"height": 3})

    @staticmethod
    def txout_size(o):
        """Serialized size of an output from its JSON: explicit asset and value, null nonce, script."""
        script = bytes.fromhex(o["scriptPubKey"]["hex"])
        asset = 33 if "asset" in o else 33 if "assetcommitment" in o else 1
        value = 9 if "value" in o else 33
        return asset + value + 1 + len(compact_size(len(script))) + len(script)

    # ---- getrequests / getrequestbids (this chain has no PERMISSION asset) ----
    def check_requests(self, node):
        self.log("getrequests / getrequestbids without a PERMISSION asset")
        assert_equal(node.getrequests(), [])
        assert_equal(node.getrequests(""), [])
        assert_equal(node.getrequests("", True), [])
        assert_equal(node.getrequests("ab" * 32, False), [])
        assert_raises_rpc(-3, "Invalid type provided. genesisHash parameter must be string.", node.getrequests, 1)
        assert_raises_rpc(-3, None, node.getrequests, "", "x")
        assert_raises_rpc(-1, "getrequests", node.getrequests, "", True, 3)
        assert_raises_rpc(-5, "No such request transaction", node.getrequestbids, "11" * 32)
        assert_raises_rpc(-1, "getrequestbids", node.getrequestbids)
        # ocean-cli converts inAuction (index 1) to JSON.
        assert_equal(json.loads(node.cli("getrequests", "", "true")), [])
        code, _, err = node.cli("getrequestbids", "11" * 32, check=False)
        assert_equal(code, 5)
        assert_true("No such request transaction" in err)


if __name__ == "__main__":
    TxOutProofTest().main()
