// Tests of the ChainBuilder test helper: the blocks it builds must be valid Ocean blocks
// (consensus.md §2–§5) and fully deterministic, and its UTXO mirror and rewind must be exact.
#include "util/chain_builder.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/sha256.h"
#include "ocean/primitives/merkle.h"
#include "ocean/script/script.h"
#include "ocean/script/sighash.h"
#include "ocean/util/hex.h"

namespace ocean::test {
namespace {

const Bytes kCommitmentPrefix = {0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed};

template <size_t N>
Bytes ToBytes(const BaseBlob<N>& b) {
    return Bytes(b.begin(), b.end());
}

bool IsCommitment(const Bytes& s) {
    return s.size() >= 38 && std::equal(kCommitmentPrefix.begin(), kCommitmentPrefix.end(), s.begin());
}

// The pushes of a push-only script.
std::vector<Bytes> Pushes(const Bytes& bytes) {
    Script s(bytes);
    std::vector<Bytes> out;
    auto pc = s.begin();
    Opcode op;
    Bytes data;
    while (pc != s.end()) {
        EXPECT_TRUE(s.GetOp(pc, op, data));
        EXPECT_LE(op, OP_PUSHDATA4);
        out.push_back(data);
    }
    return out;
}

// Checks one signed input against the coin it spends.
void ExpectInputSigned(const Transaction& tx, size_t n, const Coin& coin) {
    const TxIn& in = tx.vin[n];
    const Bytes& spk = coin.out.script_pubkey;
    Bytes sig, pub;
    uint256 digest;
    if (spk == Bytes{OP_TRUE}) {
        EXPECT_TRUE(in.script_sig.empty());
        EXPECT_TRUE(in.witness.IsNull());
        return;
    }
    if (spk.size() == 25) {  // P2PKH
        const auto pushes = Pushes(in.script_sig);
        ASSERT_EQ(pushes.size(), 2u);
        sig = pushes[0];
        pub = pushes[1];
        EXPECT_TRUE(in.witness.script_witness.empty());
        EXPECT_EQ(Bytes(spk.begin() + 3, spk.begin() + 23), ToBytes(Hash160(pub)));
        digest = SignatureHash(Script(spk), tx, static_cast<unsigned>(n), SIGHASH_ALL, coin.out.value,
                               SigVersion::kBase);
    } else {  // P2WPKH
        ASSERT_EQ(spk.size(), 22u);
        EXPECT_TRUE(in.script_sig.empty());
        ASSERT_EQ(in.witness.script_witness.size(), 2u);
        sig = in.witness.script_witness[0];
        pub = in.witness.script_witness[1];
        const Bytes id(spk.begin() + 2, spk.end());
        EXPECT_EQ(id, ToBytes(Hash160(pub)));
        Script code;
        code << OP_DUP << OP_HASH160 << id << OP_EQUALVERIFY << OP_CHECKSIG;
        digest = SignatureHash(code, tx, static_cast<unsigned>(n), SIGHASH_ALL, coin.out.value,
                               SigVersion::kWitnessV0);
    }
    ASSERT_FALSE(sig.empty());
    EXPECT_EQ(sig.back(), SIGHASH_ALL);
    const PubKey key(pub);
    ASSERT_TRUE(key.IsFullyValid());
    EXPECT_TRUE(key.Verify(digest, ByteSpan(sig.data(), sig.size() - 1)));
}

// Checks `b` against the consensus rules the builder is responsible for, using `cb` (not yet
// having accepted b) for the previous block and the spent coins.
void ExpectValidNextBlock(const ChainBuilder& cb, const Block& b) {
    SCOPED_TRACE("height " + std::to_string(b.height));
    // Encoding round trip.
    const Bytes raw = EncodeBlock(b);
    auto decoded = DecodeBlock(raw);
    ASSERT_TRUE(decoded) << decoded.error().ToString();
    EXPECT_EQ(HexStr(EncodeBlock(*decoded)), HexStr(raw));
    EXPECT_EQ(decoded->GetHash(), b.GetHash());
    EXPECT_LE(GetBlockStrippedSize(b), 1000000u);
    EXPECT_LE(GetBlockWeight(b), 4000000u);

    // Header (§2).
    EXPECT_EQ(b.version, 0x20000000);
    EXPECT_EQ(b.prev_block, cb.TipHash());
    EXPECT_EQ(b.height, cb.Height() + 1);
    EXPECT_GT(b.time, cb.MedianTimePast());
    EXPECT_EQ(b.proof.challenge, cb.Challenge());
    bool mutated = true;
    EXPECT_EQ(b.merkle_root, BlockMerkleRoot(*decoded, &mutated));
    EXPECT_FALSE(mutated);

    // Coinbase (§3.4, §4.2, §6.1).
    ASSERT_FALSE(b.vtx.empty());
    const Transaction& cbtx = *b.vtx[0];
    ASSERT_TRUE(cbtx.IsCoinBase());
    const Bytes& sig = cbtx.vin[0].script_sig;
    const Bytes push = ChainBuilder::Bip34HeightPush(b.height);
    ASSERT_GE(sig.size(), push.size());
    EXPECT_TRUE(std::equal(push.begin(), push.end(), sig.begin()));
    EXPECT_GE(sig.size(), 2u);
    EXPECT_LE(sig.size(), 100u);

    // Transactions: inputs known, signatures, maturity, fees, value conservation.
    std::map<uint256, Amount> fees;
    bool any_witness = false;
    for (size_t t = 1; t < b.vtx.size(); ++t) {
        const Transaction& tx = *b.vtx[t];
        EXPECT_FALSE(tx.IsCoinBase());
        any_witness = any_witness || tx.HasWitness();
        std::map<uint256, Amount> balance;
        for (size_t i = 0; i < tx.vin.size(); ++i) {
            auto coin = cb.GetCoin(tx.vin[i].prevout);
            ASSERT_TRUE(coin) << "input " << i << " of tx " << t << " spends an unknown output";
            if (coin->coinbase) {
                EXPECT_GE(b.height - coin->height, 2u);
            }
            balance[coin->out.asset.GetAsset()] += coin->out.value.GetAmount();
            ExpectInputSigned(tx, i, *coin);
        }
        bool has_fee = false;
        for (const TxOut& out : tx.vout) {
            ASSERT_TRUE(out.asset.IsExplicit() && out.value.IsExplicit());
            balance[out.asset.GetAsset()] -= out.value.GetAmount();
            if (out.IsFee()) {
                has_fee = true;
                EXPECT_GT(out.value.GetAmount(), 0);
                fees[out.asset.GetAsset()] += out.value.GetAmount();
            }
        }
        EXPECT_TRUE(has_fee);
        for (const auto& [asset, diff] : balance) EXPECT_EQ(diff, 0) << "tx " << t;
    }

    // The coinbase claims exactly the fees (§5.4) and has no fee output.
    std::map<uint256, Amount> claimed;
    const TxOut* commitment = nullptr;
    for (const TxOut& out : cbtx.vout) {
        ASSERT_TRUE(out.asset.IsExplicit() && out.value.IsExplicit());
        EXPECT_FALSE(out.IsFee());
        if (out.value.GetAmount() == 0) {
            EXPECT_TRUE(Script(out.script_pubkey).IsUnspendable());
        }
        claimed[out.asset.GetAsset()] += out.value.GetAmount();
        if (IsCommitment(out.script_pubkey)) commitment = &out;
    }
    for (const auto& [asset, amount] : claimed) {
        auto it = fees.find(asset);
        EXPECT_EQ(amount, it == fees.end() ? 0 : it->second);
    }
    for (const auto& [asset, amount] : fees) EXPECT_EQ(claimed[asset], amount);

    // Witness commitment (§4.3).
    if (any_witness) {
        ASSERT_NE(commitment, nullptr);
    }
    if (commitment != nullptr) {
        ASSERT_EQ(cbtx.vin[0].witness.script_witness.size(), 1u);
        const Bytes& nonce = cbtx.vin[0].witness.script_witness[0];
        ASSERT_EQ(nonce.size(), 32u);
        const uint256 root = BlockWitnessMerkleRoot(*decoded);
        const uint256 expect = Sha256dHash(root.span(), ByteSpan(nonce));
        EXPECT_EQ(Bytes(commitment->script_pubkey.begin() + 6, commitment->script_pubkey.begin() + 38),
                  ToBytes(expect));
    } else {
        EXPECT_FALSE(cbtx.HasWitness());
    }
}

// Builds, checks and accepts one block.
void Extend(ChainBuilder& cb, const Block& b) {
    ExpectValidNextBlock(cb, b);
    cb.Accept(b);
    EXPECT_EQ(cb.TipHash(), b.GetHash());
}

std::map<OutPoint, Coin> CoinMap(const ChainBuilder& cb) {
    std::map<OutPoint, Coin> out;
    for (const auto& [op, e] : cb.Utxos()) out.emplace(op, e.ToCoin());
    return out;
}

TEST(ChainBuilder, Bip34HeightPushes) {
    const std::pair<uint32_t, const char*> cases[] = {
        {0, "00"},       {1, "51"},       {16, "60"},      {17, "0111"},        {127, "017f"},
        {128, "028000"}, {255, "02ff00"}, {256, "020001"}, {65535, "03ffff00"}, {65536, "03000001"},
    };
    for (const auto& [h, hex] : cases) EXPECT_EQ(HexStr(ChainBuilder::Bip34HeightPush(h)), hex) << h;
}

TEST(ChainBuilder, GenesisAndOptions) {
    ChainBuilder cb("genesis-seed");
    const Block& g = cb.Genesis();
    EXPECT_EQ(g.GetHash(), BuildGenesisBlock(cb.Params()).GetHash());
    EXPECT_EQ(cb.Height(), 0u);
    EXPECT_EQ(cb.TipHash(), g.GetHash());
    // The free coins: 100 outputs paying key 0.
    ASSERT_EQ(g.vtx.size(), 2u);
    ASSERT_EQ(g.vtx[1]->vout.size(), 100u);
    for (const TxOut& out : g.vtx[1]->vout) {
        EXPECT_EQ(out.script_pubkey, cb.P2PKHScript(0));
        EXPECT_EQ(out.asset.GetAsset(), cb.PeggedAsset());
    }
    EXPECT_EQ(cb.UtxoCount(), 100u);
    EXPECT_EQ(cb.SelectSpendable(1000).size(), 100u);

    // The option list rebuilds the same genesis.
    GenesisParams p;
    for (const auto& [name, value] : cb.ChainOptions()) {
        auto applied = ApplyGenesisOption(p, name, value);
        ASSERT_TRUE(applied && *applied) << name;
    }
    EXPECT_EQ(BuildGenesisBlock(p).GetHash(), g.GetHash());
    const std::string conf = cb.ConfigText();
    EXPECT_NE(conf.find("initialfreecoinsdestination=" + HexStr(cb.P2PKHScript(0)) + "\n"),
              std::string::npos);
    EXPECT_NE(conf.find("chain=bench\n"), std::string::npos);
}

TEST(ChainBuilder, BlocksAreValid) {
    ChainBuilderOptions o;
    o.p2wpkh_every = 3;
    o.sign_threads = 2;
    ChainBuilder cb("valid-seed", o);
    Extend(cb, cb.NextBlock({}));  // empty block: OP_RETURN 0 only
    EXPECT_EQ(cb.Height(), 1u);
    Extend(cb, cb.FanOutBlock(600));
    EXPECT_EQ(cb.UtxoCount(), 100u - 3 + 600 + 1);
    size_t witness_inputs = 0, legacy_inputs = 0;
    for (int i = 0; i < 12; ++i) {
        // Mix 1-in/1-out and 2-in/2-out blocks; both witness and legacy inputs appear.
        const Block b = i % 2 == 0 ? cb.SpendBlock(60) : cb.SpendBlock(61, 2);
        EXPECT_EQ(b.vtx.size(), i % 2 == 0 ? 61u : 32u);
        for (size_t t = 1; t < b.vtx.size(); ++t)
            for (const TxIn& in : b.vtx[t]->vin) ++(in.script_sig.empty() ? witness_inputs : legacy_inputs);
        Extend(cb, b);
    }
    EXPECT_GT(witness_inputs, 50u);
    EXPECT_GT(legacy_inputs, 200u);
    // Witness commitment forced on a block without witness data.
    NextBlockOptions force;
    force.witness_commitment = true;
    Extend(cb, cb.NextBlock({}, force));
    // The coinbase outputs of earlier blocks matured and some were spent.
    EXPECT_EQ(cb.Height(), 15u);
}

// formats.md §4.8: block 1 of elementsregtest (free coins to OP_TRUE), as Ocean's own miner built it.
TEST(ChainBuilder, MatchesSpecBlockAtHeight1) {
    ChainBuilderOptions o;
    o.chain = "elementsregtest";
    o.initial_free_coins_destination = {OP_TRUE};
    o.always_witness_commitment = true;
    ChainBuilder cb("spec", o);
    EXPECT_EQ(cb.TipHash().ToHex(), "ca305bc18ecdaa031b5654828e9c6b8e5a1bb00db6a6092203721efe68b83d6b");
    NextBlockOptions n;
    n.time = 1562676815;
    const Block b = cb.NextBlock({}, n);
    EXPECT_EQ(EncodeBlock(b).size(), 399u);
    EXPECT_EQ(b.vtx[0]->GetTxid().ToHex(),
              "d602422478229eb2ff7226cee01e2ccd4b97815005d21fc06694fae3d26a955f");
    EXPECT_EQ(b.GetHash().ToHex(), "4f14326c23334f663a640887997577f898359db544907cc4b4ffe22dcb076f39");
    Extend(cb, b);
    // The OP_TRUE free coins are spendable with an empty scriptSig.
    const Block spend = cb.SpendBlock(2);
    for (size_t t = 1; t < spend.vtx.size(); ++t) EXPECT_TRUE(spend.vtx[t]->vin[0].script_sig.empty());
    Extend(cb, spend);
}

TEST(ChainBuilder, SpendsCoinbaseOnlyWhenMature) {
    ChainBuilderOptions o;
    o.initial_free_coins = 100 * 20000;  // genesis outputs of 20,000: spendable once at fee 10,000
    ChainBuilder cb("maturity", o);
    Extend(cb, cb.SpendBlock(100));  // all genesis coins spent: 100 new outputs of 10,000 (= fee)
    EXPECT_TRUE(cb.SelectSpendable(1000).empty());
    EXPECT_THROW(cb.SpendBlock(1), std::runtime_error);
    Extend(cb, cb.NextBlock({}));
    // At height 3 the coinbase of block 1 (fees 1,000,000) is mature.
    const auto spendable = cb.SelectSpendable(10);
    ASSERT_EQ(spendable.size(), 1u);
    EXPECT_TRUE(cb.GetCoin(spendable[0])->coinbase);
    EXPECT_EQ(cb.GetCoin(spendable[0])->height, 1u);
    Extend(cb, cb.SpendBlock(1));
}

TEST(ChainBuilder, TimesPassMedianTimePast) {
    ChainBuilderOptions o;
    o.block_interval = 1;
    ChainBuilder cb("times", o);
    // A block far in the future pulls the median up; later blocks must still exceed it.
    for (int i = 0; i < 30; ++i) {
        NextBlockOptions n;
        if (i % 3 == 0) n.time = cb.TipTime() + 1000;
        const Block b = cb.NextBlock({}, n);
        EXPECT_GT(b.time, cb.MedianTimePast());
        Extend(cb, b);
    }
}

TEST(ChainBuilder, HeightsAcrossPushSizes) {
    ChainBuilder cb("heights");
    for (uint32_t h = 1; h <= 300; ++h) {
        const Block b = h % 50 == 0 ? cb.SpendBlock(5) : cb.NextBlock({});
        if (h == 1 || h == 16 || h == 17 || h == 128 || h == 255 || h == 256) ExpectValidNextBlock(cb, b);
        cb.Accept(b);
    }
    EXPECT_EQ(cb.Height(), 300u);
}

TEST(ChainBuilder, SignedBlocks) {
    for (const auto& [m, n] : {std::pair{1, 1}, std::pair{2, 3}}) {
        ChainBuilderOptions o;
        o.block_signers_required = m;
        o.block_signers_total = n;
        ChainBuilder cb("signers", o);
        ASSERT_EQ(cb.BlockSigningKeys().size(), static_cast<size_t>(n));
        EXPECT_EQ(cb.Genesis().proof.challenge, cb.Challenge());
        const Block b = cb.SpendBlock(3);
        Extend(cb, b);
        // Challenge OP_m <keys> OP_n OP_CHECKMULTISIG; solution OP_0 <sig>...: plain DER, no hashtype.
        const Bytes& c = b.proof.challenge;
        EXPECT_EQ(c.front(), static_cast<uint8_t>(EncodeOpN(m)));
        EXPECT_EQ(c.back(), OP_CHECKMULTISIG);
        const auto pushes = Pushes(b.proof.solution);
        ASSERT_EQ(pushes.size(), static_cast<size_t>(m) + 1);
        EXPECT_TRUE(pushes[0].empty());
        for (int i = 0; i < m; ++i) {
            EXPECT_TRUE(cb.BlockSigningKeys()[i].GetPubKey().Verify(b.GetHash(), pushes[i + 1]));
            EXPECT_EQ(pushes[i + 1][0], 0x30);  // DER sequence, whole string
        }
    }
}

TEST(ChainBuilder, Deterministic) {
    auto run = [](std::string_view seed, unsigned threads) {
        ChainBuilderOptions o;
        o.p2wpkh_every = 4;
        o.sign_threads = threads;
        ChainBuilder cb(seed, o);
        std::vector<uint256> hashes{cb.TipHash()};
        cb.Accept(cb.FanOutBlock(300));
        hashes.push_back(cb.TipHash());
        for (int i = 0; i < 5; ++i) {
            cb.Accept(cb.SpendBlock(80, 1 + i % 2));
            hashes.push_back(cb.TipHash());
        }
        return hashes;
    };
    const auto a = run("same", 1);
    EXPECT_EQ(a, run("same", 2));
    const auto c = run("other", 1);
    for (size_t i = 0; i < a.size(); ++i) EXPECT_NE(a[i], c[i]);
}

TEST(ChainBuilder, RewindAndFork) {
    ChainBuilder cb("fork");
    cb.Accept(cb.FanOutBlock(200));
    for (int i = 0; i < 3; ++i) cb.Accept(cb.SpendBlock(50));
    const uint32_t fork_height = cb.Height();
    const ChainBuilder snapshot = cb;  // copy = fork point
    const auto snapshot_coins = CoinMap(cb);

    for (int i = 0; i < 4; ++i) cb.Accept(cb.SpendBlock(50, 2));
    const std::vector<uint256> branch_a{cb.HashAt(fork_height + 1), cb.TipHash()};

    cb.Rewind(fork_height);
    EXPECT_EQ(cb.Height(), fork_height);
    EXPECT_EQ(cb.TipHash(), snapshot.TipHash());
    EXPECT_EQ(CoinMap(cb), snapshot_coins);
    EXPECT_EQ(cb.SelectSpendable(10000), snapshot.SelectSpendable(10000));

    // Rebuilding the same way gives the same blocks; a different extra nonce gives a competing one.
    const Block again = cb.SpendBlock(50, 2);
    EXPECT_EQ(again.GetHash(), branch_a[0]);
    NextBlockOptions other;
    other.extra_nonce = 2;
    const Block competing = cb.SpendBlock(50, 2, other);
    EXPECT_NE(competing.GetHash(), branch_a[0]);
    ExpectValidNextBlock(cb, competing);

    // The copied builder forks independently.
    ChainBuilder fork = snapshot;
    Extend(fork, fork.SpendBlock(40));
    Extend(fork, fork.SpendBlock(40));
    EXPECT_EQ(fork.Height(), fork_height + 2);
    EXPECT_NE(fork.TipHash(), cb.HashAt(cb.Height()));

    // Blocks that do not extend the tip, or spend unknown outputs, are refused without changes.
    const Block stale = cb.NextBlock({});
    Extend(cb, cb.NextBlock({}));
    EXPECT_THROW(cb.Accept(stale), std::invalid_argument);
    const auto before = CoinMap(fork);
    // cb's next spends use outputs the fork already spent.
    const Block foreign = cb.SpendBlock(5);
    const Block bad = fork.NextBlock(std::vector<TransactionRef>(foreign.vtx.begin() + 1, foreign.vtx.end()));
    EXPECT_THROW(fork.Accept(bad), std::invalid_argument);
    EXPECT_EQ(CoinMap(fork), before);

    ChainBuilderOptions shallow;
    shallow.max_rewind = 2;
    ChainBuilder s("shallow", shallow);
    for (int i = 0; i < 4; ++i) s.Accept(s.NextBlock({}));
    EXPECT_THROW(s.Rewind(1), std::out_of_range);
    s.Rewind(2);
    EXPECT_EQ(s.Height(), 2u);
}

TEST(ChainBuilder, SpendP2PKHAndResign) {
    ChainBuilder cb("manual");
    const auto inputs = cb.SelectSpendable(2);
    ASSERT_EQ(inputs.size(), 2u);
    MutableTransaction tx = cb.SpendP2PKH(inputs, 3, 5000);
    ASSERT_EQ(tx.vout.size(), 4u);
    EXPECT_TRUE(tx.vout.back().IsFee());
    EXPECT_EQ(tx.vout.back().value.GetAmount(), 5000);
    // Edit an output, re-sign, and the block is still valid.
    tx.vout[1].value.SetExplicit(tx.vout[1].value.GetAmount() - 1000);
    tx.vout[2].value.SetExplicit(tx.vout[2].value.GetAmount() + 1000);
    EXPECT_TRUE(cb.SignTransaction(tx));
    Extend(cb, cb.NextBlock({MakeTransactionRef(tx)}));
    EXPECT_THROW(cb.SpendP2PKH(inputs, 1, 5000), std::invalid_argument);  // already spent
    EXPECT_THROW(cb.SpendP2PKH(cb.SelectSpendable(1), 1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace ocean::test
