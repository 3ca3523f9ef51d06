// Block and header checks on blocks built and signed in the test: proof, context-free block rules,
// header context, block context, coinbase destination and coinbase amount.
#include <gtest/gtest.h>

#include "consensus_test_util.h"
#include "ocean/consensus/block_check.h"

namespace ocean {
namespace {

using test::ExplicitOut;
using test::TestChain;

constexpr int64_t kFarFuture = int64_t{1} << 40;

MutableTransaction AnyoneSpend(const uint256& asset, uint8_t tag) {
    MutableTransaction tx;
    TxIn& in = tx.vin.emplace_back();
    in.prevout = OutPoint(uint256::FromByte0(tag), 0);
    tx.vout.push_back(ExplicitOut(asset, 1, {0x51}));
    return tx;
}

std::string CheckReason(const Block& b, const ChainParams& p, bool merkle = true) {
    ValidationState s;
    const bool ok = CheckBlock(b, p, s, merkle);
    EXPECT_EQ(ok, s.IsValid());
    return ok ? "" : s.GetRejectReason();
}

std::string ContextReason(const Block& b, const TestChain& c) {
    ValidationState s;
    return ContextualCheckBlock(b, c.Prev(), c.params, s) ? "" : s.GetRejectReason();
}

std::string HeaderReason(const BlockHeader& h, const TestChain& c, int64_t adjusted = kFarFuture) {
    ValidationState s;
    return ContextualCheckBlockHeader(h, c.Prev(), c.params, s, adjusted) ? "" : s.GetRejectReason();
}

// ---- proof ----------------------------------------------------------------------------------------

TEST(BlockProof, OneOfOneMultisig) {
    TestChain c;
    Block b = c.Next();
    EXPECT_TRUE(CheckBlockProof(b, c.params));
    EXPECT_TRUE(CheckBlockProof(c.params.genesis, c.params));

    Block empty = b;
    empty.proof.solution.clear();
    EXPECT_FALSE(CheckBlockProof(empty, c.params));
    Block other = b;
    other.time += 1;  // the signature covers the old hash
    EXPECT_FALSE(CheckBlockProof(other, c.params));
    // The solution is not covered by the hash: re-signing keeps the hash.
    Block resigned = other;
    c.Sign(resigned);
    EXPECT_TRUE(CheckBlockProof(resigned, c.params));

    ValidationState s;
    EXPECT_FALSE(CheckBlockHeader(empty, c.params, s, kFarFuture));
    EXPECT_EQ(s.GetRejectReason(), "block-proof-invalid");
    EXPECT_EQ(s.GetDoS(), 50);
    ValidationState t;
    EXPECT_TRUE(CheckBlockHeader(b, c.params, t, b.time - 7200));
    EXPECT_FALSE(CheckBlockHeader(b, c.params, t, b.time - 7201));
    EXPECT_EQ(t.GetRejectReason(), "time-too-new");
}

TEST(BlockProof, TwoOfThreeOrderAndDistinctKeys) {
    const Key k1 = test::KeyFromByte(21), k2 = test::KeyFromByte(22), k3 = test::KeyFromByte(23);
    const std::vector<Bytes> keys = {k1.GetPubKey().ToBytes(), k2.GetPubKey().ToBytes(),
                                     k3.GetPubKey().ToBytes()};
    const Bytes challenge = GetScriptForMultisig(2, keys).bytes();
    const ChainParams p = test::ParamsFromArgs({"-signblockscript=" + HexStr(challenge)});
    BlockHeader h;
    h.version = 4;
    h.height = 1;
    h.prev_block = p.genesis_hash;
    h.time = 1600000000;
    h.proof.challenge = challenge;
    const uint256 hash = h.GetHash();
    auto solve = [&](std::vector<const Key*> signers, uint8_t dummy = OP_0) {
        Script s;
        s << static_cast<Opcode>(dummy);
        for (const Key* k : signers) s << *k->Sign(hash);
        h.proof.solution = s.bytes();
        return CheckBlockProof(h, p);
    };
    EXPECT_TRUE(solve({&k1, &k3}));
    EXPECT_TRUE(solve({&k2, &k3}));
    EXPECT_FALSE(solve({&k3, &k1}));  // key order matters
    EXPECT_FALSE(solve({&k1}));
    EXPECT_FALSE(solve({&k2, &k2}));
    const Key foreign = test::KeyFromByte(24);
    EXPECT_FALSE(solve({&k1, &foreign}));
    EXPECT_TRUE(solve({&k1, &k3}, OP_1));       // no NULLDUMMY for proofs
    EXPECT_TRUE(solve({&k1, &k2, &k3}, OP_0));  // no CLEANSTACK for proofs
}

// ---- CheckBlock -----------------------------------------------------------------------------------

TEST(CheckBlock, ValidAndMerkle) {
    TestChain c;
    const uint256 a = c.params.pegged_asset;
    Block b = c.Next({AnyoneSpend(a, 1), AnyoneSpend(a, 2)});
    EXPECT_EQ(CheckReason(b, c.params), "");

    Block wrong = b;
    wrong.merkle_root = uint256::FromByte0(1);
    c.Sign(wrong);
    EXPECT_EQ(CheckReason(wrong, c.params), "bad-txnmrklroot");
    EXPECT_EQ(CheckReason(wrong, c.params, false), "");

    // CVE-2012-2459: duplicating the last of an odd count keeps the root.
    Block three = c.Next({AnyoneSpend(a, 1), AnyoneSpend(a, 2)});
    Block dup = three;
    dup.vtx.push_back(dup.vtx.back());
    ASSERT_EQ(BlockMerkleRoot(dup), three.merkle_root);
    ValidationState s;
    EXPECT_FALSE(CheckBlock(dup, c.params, s));
    EXPECT_EQ(s.GetRejectReason(), "bad-txns-duplicate");
    EXPECT_TRUE(s.CorruptionPossible());
}

TEST(CheckBlock, CoinbasePositionAndTxChecks) {
    TestChain c;
    const uint256 a = c.params.pegged_asset;
    Block none = c.Next();
    none.vtx.clear();
    c.Refresh(none);
    EXPECT_EQ(CheckReason(none, c.params), "bad-blk-length");

    Block missing = c.Next({AnyoneSpend(a, 1)});
    std::swap(missing.vtx[0], missing.vtx[1]);
    c.Refresh(missing);
    EXPECT_EQ(CheckReason(missing, c.params), "bad-cb-missing");

    Block two = c.Next({AnyoneSpend(a, 1)});
    two.vtx.push_back(two.vtx[0]);
    MutableTransaction cb2 = two.vtx[0]->ToMutable();
    cb2.vin[0].script_sig.push_back(0x01);
    two.vtx[2] = MakeTransactionRef(cb2);
    c.Refresh(two);
    EXPECT_EQ(CheckReason(two, c.params), "bad-cb-multiple");

    MutableTransaction dupin = AnyoneSpend(a, 1);
    dupin.vin.push_back(dupin.vin[0]);
    ValidationState s;
    EXPECT_FALSE(CheckBlock(c.Next({dupin}), c.params, s));
    EXPECT_EQ(s.GetRejectReason(), "bad-txns-inputs-duplicate");
    EXPECT_EQ(s.GetDoS(), 100);

    Block fee = c.Next({}, {ExplicitOut(a, 1, {})});
    EXPECT_EQ(CheckReason(fee, c.params), "bad-cb-fee");
}

TEST(CheckBlock, SizeAndSigops) {
    TestChain c;
    const uint256 a = c.params.pegged_asset;
    // 1000 bare CHECKMULTISIGs count 20,000 legacy sigops = 80,000 cost: the limit itself is fine.
    MutableTransaction ms = AnyoneSpend(a, 1);
    ms.vout[0].script_pubkey.assign(1000, OP_CHECKMULTISIG);
    EXPECT_EQ(CheckReason(c.Next({ms}, {}, false), c.params), "");
    ms.vout[0].script_pubkey.push_back(OP_CHECKSIG);
    EXPECT_EQ(CheckReason(c.Next({ms}, {}, false), c.params), "bad-blk-sigops");

    // Stripped size over 1,000,000 with txs that are each under the per-tx limit.
    MutableTransaction big1 = AnyoneSpend(a, 1), big2 = AnyoneSpend(a, 2);
    big1.vout[0].script_pubkey.assign(600000, 0x6a);
    big2.vout[0].script_pubkey.assign(600000, 0x6a);
    EXPECT_EQ(CheckReason(c.Next({big1, big2}), c.params), "bad-blk-length");
    EXPECT_EQ(CheckReason(c.Next({big1}), c.params), "");
}

// ---- ContextualCheckBlockHeader --------------------------------------------------------------------

TEST(ContextualHeader, ChallengeTimeHeightVersion) {
    TestChain c;
    Block b = c.Next();
    EXPECT_EQ(HeaderReason(b, c), "");

    Block ch = b;
    ch.proof.challenge = {0x51};
    ch.proof.solution.clear();
    EXPECT_EQ(HeaderReason(ch, c), "bad-diffbits");

    Block old = b;
    old.time = static_cast<uint32_t>(c.Prev().median_time_past);
    EXPECT_EQ(HeaderReason(old, c), "time-too-old");
    old.time += 1;
    EXPECT_EQ(HeaderReason(old, c), "");
    EXPECT_EQ(HeaderReason(b, c, int64_t{b.time} - 7201), "time-too-new");

    Block hi = b;
    hi.height += 1;
    EXPECT_EQ(HeaderReason(hi, c), "bad-header-height");

    Block v = b;
    v.version = 3;
    EXPECT_EQ(HeaderReason(v, c), "bad-version(0x00000003)");
    v.version = 4;
    EXPECT_EQ(HeaderReason(v, c), "");
    v.version = -1;
    EXPECT_EQ(HeaderReason(v, c), "bad-version(0xffffffff)");
}

TEST(ContextualHeader, SignblockscriptSchedule) {
    // From height 3 the challenge must be OP_TRUE (hardfork.py style).
    TestChain c({"-signblockscriptchange=51:3"});
    for (int h = 1; h <= 2; ++h) {
        Block b = c.Next();
        ASSERT_EQ(HeaderReason(b, c), "");
        c.Accept(b);
    }
    Block keep = c.Next();  // height 3 still carrying the old challenge
    EXPECT_EQ(HeaderReason(keep, c), "bad-diffbits");
    Block sw = c.Next();
    sw.proof.challenge = {0x51};
    sw.proof.solution.clear();
    EXPECT_EQ(HeaderReason(sw, c), "");
    EXPECT_TRUE(CheckBlockProof(sw, c.params));
    c.Accept(sw);
    Block after = c.Next();  // inherits 51
    after.proof.solution.clear();
    EXPECT_EQ(HeaderReason(after, c), "");
}

// ---- ContextualCheckBlock -------------------------------------------------------------------------

TEST(ContextualBlock, FinalityAndBip34) {
    TestChain c;
    const uint256 a = c.params.pegged_asset;
    MutableTransaction locked = AnyoneSpend(a, 1);
    locked.vin[0].sequence = 0;
    locked.lock_time = 1;  // block height 1: not final
    EXPECT_EQ(ContextReason(c.Next({locked}), c), "bad-txns-nonfinal");
    locked.lock_time = 0;
    EXPECT_EQ(ContextReason(c.Next({locked}), c), "");
    // Time locks use the parent's MTP.
    locked.lock_time = static_cast<uint32_t>(c.Prev().median_time_past);
    EXPECT_EQ(ContextReason(c.Next({locked}), c), "bad-txns-nonfinal");

    Block h = c.Next();
    MutableTransaction cb = h.vtx[0]->ToMutable();
    cb.vin[0].script_sig = {0x52, 0x00};  // height 2 at height 1
    h.vtx[0] = MakeTransactionRef(cb);
    TestChain::AddCommitment(h);
    c.Refresh(h);
    EXPECT_EQ(ContextReason(h, c), "bad-cb-height");

    EXPECT_EQ(CoinbaseHeightPrefix(0).ToHex(), "00");
    EXPECT_EQ(CoinbaseHeightPrefix(1).ToHex(), "51");
    EXPECT_EQ(CoinbaseHeightPrefix(16).ToHex(), "60");
    EXPECT_EQ(CoinbaseHeightPrefix(17).ToHex(), "0111");
    EXPECT_EQ(CoinbaseHeightPrefix(128).ToHex(), "028000");
    EXPECT_EQ(CoinbaseHeightPrefix(255).ToHex(), "02ff00");
    EXPECT_EQ(CoinbaseHeightPrefix(256).ToHex(), "020001");
    EXPECT_EQ(CoinbaseHeightPrefix(65536).ToHex(), "03000001");
}

TEST(ContextualBlock, WitnessCommitment) {
    TestChain c;
    const uint256 a = c.params.pegged_asset;
    MutableTransaction w = AnyoneSpend(a, 1);
    w.vin[0].witness.script_witness = {Bytes{1, 2, 3}};
    Block b = c.Next({w});
    EXPECT_EQ(GetWitnessCommitmentIndex(b), 1);
    EXPECT_EQ(ContextReason(b, c), "");

    Block flipped = b;
    MutableTransaction cb = flipped.vtx[0]->ToMutable();
    cb.vout[1].script_pubkey[10] ^= 1;
    flipped.vtx[0] = MakeTransactionRef(cb);
    c.Refresh(flipped);
    EXPECT_EQ(ContextReason(flipped, c), "bad-witness-merkle-match");

    Block nonce = b;
    cb = nonce.vtx[0]->ToMutable();
    cb.vin[0].witness.script_witness = {Bytes(31, 0)};
    nonce.vtx[0] = MakeTransactionRef(cb);
    c.Refresh(nonce);
    EXPECT_EQ(ContextReason(nonce, c), "bad-witness-nonce-size");
    cb.vin[0].witness.script_witness.clear();
    nonce.vtx[0] = MakeTransactionRef(cb);
    c.Refresh(nonce);
    EXPECT_EQ(ContextReason(nonce, c), "bad-witness-nonce-size");

    Block nocommit = c.Next({w}, {}, false);
    EXPECT_EQ(GetWitnessCommitmentIndex(nocommit), -1);
    EXPECT_EQ(ContextReason(nocommit, c), "unexpected-witness");
    EXPECT_EQ(ContextReason(c.Next({AnyoneSpend(a, 1)}, {}, false), c), "");

    // The last commitment-shaped output counts.
    Block last = c.Next({w});
    cb = last.vtx[0]->ToMutable();
    TxOut decoy = cb.vout[1];
    decoy.script_pubkey[20] ^= 1;
    cb.vout.push_back(decoy);
    last.vtx[0] = MakeTransactionRef(cb);
    c.Refresh(last);
    EXPECT_EQ(GetWitnessCommitmentIndex(last), 2);
    EXPECT_EQ(ContextReason(last, c), "bad-witness-merkle-match");
}

TEST(ContextualBlock, Weight) {
    TestChain c;
    const uint256 a = c.params.pegged_asset;
    MutableTransaction w = AnyoneSpend(a, 1);
    w.vin[0].witness.script_witness = {Bytes(3990000, 1)};
    EXPECT_EQ(ContextReason(c.Next({w}), c), "");
    w.vin[0].witness.script_witness = {Bytes(4000000, 1)};
    EXPECT_EQ(ContextReason(c.Next({w}), c), "bad-blk-weight");
}

// ---- coinbase destination and amount --------------------------------------------------------------

TEST(Coinbase, MandatoryDestinationAndSchedule) {
    TestChain c({"-con_mandatorycoinbase=76a914000000000000000000000000000000000000000088ac",
                 "-coinbasechange=a914000000000000000000000000000000000000000087:3"});
    const uint256 a = c.params.pegged_asset;
    const Bytes d0 = *ParseHex("76a914000000000000000000000000000000000000000088ac");
    const Bytes d3 = *ParseHex("a914000000000000000000000000000000000000000087");
    auto reason = [&](const Block& b, uint32_t h) {
        ValidationState s;
        return CheckCoinbaseDestination(b, h, c.params, s) ? "" : s.GetRejectReason();
    };
    Block b = c.Next({}, {ExplicitOut(a, 5, d0), ExplicitOut(a, 0, {0x51})});
    EXPECT_EQ(reason(b, 1), "");  // zero-value outputs (and the commitment) are exempt
    EXPECT_EQ(reason(b, 3), "bad-coinbase-txos");
    Block b3 = c.Next({}, {ExplicitOut(a, 5, d3)});
    EXPECT_EQ(reason(b3, 3), "");
    EXPECT_EQ(reason(b3, 2), "bad-coinbase-txos");
    // A non-explicit value needs the destination too.
    Block nul = c.Next({}, {ExplicitOut(a, 0, {0x51})});
    MutableTransaction cb = nul.vtx[0]->ToMutable();
    cb.vout[0].value.SetNull();
    nul.vtx[0] = MakeTransactionRef(cb);
    EXPECT_EQ(reason(nul, 1), "bad-coinbase-txos");
    // Not enforced without the base option.
    TestChain free;
    ValidationState s;
    EXPECT_TRUE(CheckCoinbaseDestination(b, 1, free.params, s));
}

TEST(Coinbase, Amount) {
    const uint256 a = uint256::FromByte0(1), b = uint256::FromByte0(2);
    auto reason = [](std::vector<TxOut> outs, AmountMap fees) {
        MutableTransaction cb;
        cb.vin.emplace_back().script_sig = {0x51, 0x00};
        cb.vout = std::move(outs);
        ValidationState s;
        return CheckCoinbaseAmount(Transaction(cb), fees, s) ? "" : s.GetRejectReason();
    };
    const Bytes spk = {0x51};
    EXPECT_EQ(reason({ExplicitOut(a, 10, spk), ExplicitOut(b, 3, spk)}, {{a, 10}, {b, 3}}), "");
    EXPECT_EQ(reason({ExplicitOut(a, 9, spk)}, {{a, 10}, {b, 3}}), "");  // under-claiming is allowed
    EXPECT_EQ(reason({ExplicitOut(a, 11, spk)}, {{a, 10}}), "bad-cb-amount");
    EXPECT_EQ(reason({ExplicitOut(a, 6, spk), ExplicitOut(a, 5, spk)}, {{a, 10}}), "bad-cb-amount");
    EXPECT_EQ(reason({ExplicitOut(b, 1, spk)}, {{a, 10}}), "bad-cb-amount");  // asset without fees
    EXPECT_EQ(reason({ExplicitOut(b, 0, {0x6a})}, {{a, 10}}), "");            // ... unless 0
    EXPECT_EQ(reason({ExplicitOut(a, 0, spk)}, {{a, 10}}), "bad-cb-amount");  // 0 to a spendable script
    EXPECT_EQ(reason({ExplicitOut(a, -1, spk)}, {{a, 10}}), "bad-cb-amount");
    TxOut blinded = ExplicitOut(a, 1, spk);
    Bytes commit(33, 3);
    commit[0] = 0x08;
    ASSERT_TRUE(blinded.value.SetBytes(commit));
    EXPECT_EQ(reason({blinded}, {{a, 10}}), "bad-cb-amount");
    EXPECT_EQ(reason({}, {{a, MAX_MONEY + 1}}), "bad-cb-amount");
}

}  // namespace
}  // namespace ocean
