#!/usr/bin/env python3
"""Blockchain RPCs against the reference node's dev chain (-initialfreecoins): genesis, getblockchaininfo,
submitblock of the reference blocks 1-3 and byte-exact getblock/getblockheader/getrawtransaction JSON,
gettxout, gettxoutsetinfo, getutxoassetinfo, chain tips with invalidate/reconsider/precious, verifychain,
contract and mapping hashes, generate, waitfor*, and the error codes of bad calls."""
import json
import threading
from decimal import Decimal

from test_framework.authproxy import JSONRPCException
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc, assert_true


def norm(v):
    """JSON values with amounts as strings (the vectors store amounts as decimal strings)."""
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, Decimal):
        return str(v)
    return v


class BlockchainTest(OceanTestFramework):
    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000", "txindex=1"]

    def run_test(self):
        node = self.nodes[0]
        genesis = self.read_json("genesis_dev_freecoins.json")
        self.log("genesis and getblockchaininfo match the reference")
        assert_equal(node.getbestblockhash(), genesis["genesis_hash"])
        assert_equal(norm(node.getblockchaininfo()), norm(genesis["getblockchaininfo"]))
        assert_equal(norm(node.getblock(genesis["genesis_hash"])), norm(genesis["getblock"]))
        assert_equal(node.getblock(genesis["genesis_hash"], 0), self.read_hex("genesis_dev_freecoins.hex"))
        for tx in genesis["genesis_txs_decoded"]:
            assert_equal(norm(node.getrawtransaction(tx["txid"], 1)), norm(tx))

        self.log("submitblock of the reference blocks 1-3")
        names = ["block_dev_h1_empty", "block_dev_h2_send_issuance", "block_dev_h3_reissue_burn_sendasset"]
        for name in names:
            assert_equal(node.submitblock(self.read_hex(name + ".hex")), None)
        assert_equal(node.getblockcount(), 3)
        for height, name in enumerate(names, start=1):
            ref = self.read_json(name + ".json")
            assert_equal(node.getblockhash(height), ref["hash"])
            assert_equal(norm(node.getblock(ref["hash"])), norm(ref))
            assert_equal(node.getblock(ref["hash"], 0), self.read_hex(name + ".hex"))
            assert_equal(node.getblock(ref["hash"], False), self.read_hex(name + ".hex"))
            header = node.getblockheader(ref["hash"])
            for key in header:
                if key in ref:
                    assert_equal(norm(header[key]), norm(ref[key]))
            assert_true(self.read_hex(name + ".hex").startswith(node.getblockheader(ref["hash"], False)))
            full = node.getblock(ref["hash"], 2)
            assert_equal([t["txid"] for t in full["tx"]], ref["tx"])
            for txid in ref["tx"]:
                raw = node.getrawtransaction(txid, 1)
                assert_equal(raw["blockhash"], ref["hash"])
                assert_equal(raw["confirmations"], 4 - height)
        state = self.read_json("dev_chain_state.json")
        assert_equal(norm(node.getblockchaininfo()), norm(state["getblockchaininfo"]))
        for tx in ["tx_send", "tx_issuance", "tx_reissuance", "tx_burn", "tx_send_asset"]:
            decoded = node.decoderawtransaction(self.read_hex(tx + ".hex"))
            assert_equal(node.getrawtransaction(decoded["txid"]), self.read_hex(tx + ".hex"))

        self.log("submitblock answers")
        h1 = self.read_hex(names[0] + ".hex")
        assert_equal(node.submitblock(h1), "duplicate")
        assert_raises_rpc(-22, "Block decode failed", node.submitblock, "00")
        assert_raises_rpc(-22, "Block decode failed", node.submitblock, "zz")
        # A block whose merkle root does not match its transactions.
        ref3 = self.read_json(names[2] + ".json")
        tip_hex = node.getblock(ref3["hash"], 0)
        bad = tip_hex[:72] + ("00" if tip_hex[72:74] != "00" else "11") + tip_hex[74:]
        assert_equal(node.submitblock(bad), "bad-txnmrklroot")
        assert_raises_rpc(-1, "submitblock", node.submitblock)

        self.log("UTXO queries")
        coinbase3 = ref3["tx"][0]
        out = node.gettxout(coinbase3, 0)
        assert_equal(out["bestblock"], ref3["hash"])
        assert_equal(out["confirmations"], 1)
        assert_equal(out["coinbase"], True)
        assert_equal(out["version"], 2)
        assert_equal(node.gettxout(coinbase3, 99), None)
        assert_equal(node.gettxout("00" * 32, 0), None)
        info = node.gettxoutsetinfo()
        assert_equal(info["height"], 3)
        assert_equal(info["bestblock"], ref3["hash"])
        assert_equal(len(info["hash_serialized"]), 64)
        assets = {a["asset"]: a for a in node.getutxoassetinfo()}
        cbt = "002f58b63b44ea32a3a146beb8bb8acbbd3faf902e0f86e2fd569cdf9e7fc078"
        assert_true(cbt in assets, "CBT missing from getutxoassetinfo")
        assert_equal(assets[cbt]["frozentxouts"], 0)
        total = sum(Decimal(a["amountspendable"]) for a in assets.values() if a["asset"] == cbt)
        assert_equal(total, Decimal("21000000.00000000"))

        self.log("chain tips, invalidate, reconsider, precious")
        tips = node.getchaintips()
        assert_equal(tips, [{"height": 3, "hash": ref3["hash"], "branchlen": 0, "status": "active"}])
        node.invalidateblock(ref3["hash"])
        assert_equal(node.getblockcount(), 2)
        statuses = {t["hash"]: t["status"] for t in node.getchaintips()}
        assert_equal(statuses[ref3["hash"]], "invalid")
        assert_equal(node.getblockheader(ref3["hash"])["confirmations"], -1)
        node.reconsiderblock(ref3["hash"])
        assert_equal(node.getbestblockhash(), ref3["hash"])
        node.preciousblock(ref3["hash"])
        assert_raises_rpc(-5, "Block not found", node.invalidateblock, "11" * 32)
        assert_raises_rpc(-5, "Block not found", node.getblock, "11" * 32)
        assert_raises_rpc(-5, "Block not found", node.getblockheader, "11" * 32)
        assert_true(node.verifychain())
        assert_true(node.verifychain(4, 0))

        self.log("heights, contract and mapping hashes")
        assert_raises_rpc(-8, "Block height out of range", node.getblockhash, 4)
        assert_raises_rpc(-8, "Block height out of range", node.getblockhash, -1)
        assert_raises_rpc(-1, "JSON value is not an integer as expected", node.getblockhash, "1")
        assert_equal(node.getcontracthash(), "00" * 32)
        assert_equal(node.getcontracthash(0), "00" * 32)
        assert_raises_rpc(-8, "Block height out of range", node.getcontracthash, 4)
        assert_equal(node.getmappinghash(2), "00" * 32)
        assert_equal(node.getcontract(), {"contract": ""})
        assert_equal(node.getdifficulty(), 1)
        sc = node.getsidechaininfo()
        assert_equal(sc["pegged_asset"], cbt)
        assert_equal(sc["addr_prefixes"]["PUBKEY_ADDRESS"], 235)
        assert_raises_rpc(-32601, "not in prune mode", node.pruneblockchain, 1)

        self.log("generate and waitfor*")
        result = {}

        def waiter():
            result["tip"] = node.rpc_with(*node.cookie()).waitforblockheight(5, 60000)

        t = threading.Thread(target=waiter)
        t.start()
        hashes = node.generate(2)
        assert_equal(len(hashes), 2)
        t.join(60)
        assert_equal(result["tip"], {"hash": hashes[1], "height": 5})
        assert_equal(node.waitfornewblock(10), {"hash": hashes[1], "height": 5})
        assert_equal(node.waitforblock(hashes[1], 10), {"hash": hashes[1], "height": 5})
        block = node.getblock(hashes[1], 2)
        assert_equal(block["height"], 5)
        assert_equal(block["tx"][0]["vin"][0]["coinbase"][:2], "55")  # BIP34 height 5 = OP_5
        assert_raises_rpc(-1, "generate", node.generate, 1, 1)
        newblock = node.getnewblockhex()
        assert_equal(node.submitblock(newblock), None)
        assert_equal(node.getblockcount(), 6)
        assert_raises_rpc(-32602, None, node.getnewblockhex, -1)

        self.log("setmocktime drives the node's clock (block times of generate)")
        tip_time = node.getblockheader(node.getbestblockhash())["time"]
        node.setmocktime(tip_time + 1000)
        mocked = node.getblockheader(node.generate(1)[0])
        assert_equal(mocked["time"], tip_time + 1000)
        node.setmocktime(0)
        assert_raises_rpc(-8, "Timestamp must be 0 or greater", node.setmocktime, -1)
        assert_raises_rpc(-3, "Expected type number, got string", node.setmocktime, "1")
        assert_equal(node.getblockcount(), 7)

        self.log("mininginfo, uptime, getinfo, memory, help")
        mi = node.getmininginfo()
        assert_equal(mi["blocks"], 7)
        assert_equal(mi["chain"], "ocean_test")
        assert_true(node.uptime() >= 0)
        gi = node.getinfo()
        assert_equal(gi["blocks"], 7)
        assert_equal(gi["protocolversion"], 70015)
        assert_raises_rpc(-4, "Wallet must be enabled", node.getinfo, "CBT")
        assert_equal(sorted(node.getmemoryinfo()["locked"]), sorted(["used", "free", "total", "locked", "chunks_used", "chunks_free"]))
        text = node.help()
        assert_true(text.startswith("== Blockchain =="), text[:40])
        assert_true("\ngetblockcount\n" in text)
        assert_true("invalidateblock" not in text, "hidden command listed")
        assert_true(node.help("getblock").startswith("getblock \"blockhash\""))
        assert_equal(node.help("nosuchcommand"), "help: unknown command: nosuchcommand")


if __name__ == "__main__":
    BlockchainTest().main()
