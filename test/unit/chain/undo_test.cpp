#include "ocean/chain/undo.h"

#include <gtest/gtest.h>

#include "ocean/chain/coin_encoding.h"
#include "storage_test_util.h"

namespace ocean {
namespace {

Coin MakeCoin(Bytes script, uint32_t height, bool coinbase) {
    TxOut out;
    out.asset.SetExplicit(uint256::FromByte0(7));
    out.value.SetExplicit(5 * COIN);
    out.script_pubkey = std::move(script);
    return Coin(out, height, coinbase);
}

void ExpectRoundTrip(const Coin& coin) {
    const Bytes enc = EncodeCoin(coin);
    auto dec = DecodeCoin(enc);
    ASSERT_TRUE(dec.ok()) << dec.error().ToString();
    EXPECT_EQ(*dec, coin);
    EXPECT_EQ(EncodeCoin(*dec), enc);
}

TEST(CoinEncoding, RoundTripsEveryFieldForm) {
    std::vector<Bytes> scripts = {
        {},                             // empty (spent coin / fee)
        Bytes{0x6a, 0x04, 1, 2, 3, 4},  // OP_RETURN
        Bytes{0x51},                    // OP_TRUE
        Bytes{0xb8, 0x02, 0xaa, 0xbb},  // register-address
        Bytes(10000, 0x61),             // a long script
    };
    Bytes p2pkh{0x76, 0xa9, 20};
    p2pkh.resize(23, 0x11);
    p2pkh.push_back(0x88);
    p2pkh.push_back(0xac);
    scripts.push_back(p2pkh);
    Bytes p2sh{0xa9, 20};
    p2sh.resize(22, 0x22);
    p2sh.push_back(0x87);
    scripts.push_back(p2sh);
    Bytes p2wpkh{0x00, 20};
    p2wpkh.resize(22, 0x33);
    scripts.push_back(p2wpkh);
    Bytes p2wsh{0x00, 32};
    p2wsh.resize(34, 0x44);
    scripts.push_back(p2wsh);
    Bytes almost_p2pkh = p2pkh;
    almost_p2pkh.back() = 0xad;
    scripts.push_back(almost_p2pkh);

    for (const Bytes& s : scripts) {
        for (uint32_t height : {0u, 1u, 330u, 0xffffffffu}) {
            for (bool cb : {false, true}) ExpectRoundTrip(MakeCoin(s, height, cb));
        }
    }

    for (Amount v :
         std::vector<Amount>{0, 1, 10, COIN, 123456789, MAX_MONEY, MAX_MONEY + 1, -1, INT64_MAX, INT64_MIN}) {
        Coin c = MakeCoin(p2pkh, 5, false);
        c.out.value.SetExplicit(v);
        ExpectRoundTrip(c);
    }

    Coin conf = MakeCoin(p2pkh, 9, false);
    Bytes commitment(33, 0x5c);
    commitment[0] = 0x08;
    ASSERT_TRUE(conf.out.value.SetBytes(commitment));
    commitment[0] = 0x0a;
    ASSERT_TRUE(conf.out.asset.SetBytes(commitment));
    commitment[0] = 0x02;
    ASSERT_TRUE(conf.out.nonce.SetBytes(commitment));
    ExpectRoundTrip(conf);

    Coin trust_me = MakeCoin(p2pkh, 9, false);
    Bytes ff(9, 0x01);
    ff[0] = 0xff;
    ASSERT_TRUE(trust_me.out.value.SetBytes(ff));
    ExpectRoundTrip(trust_me);

    ExpectRoundTrip(Coin());  // the placeholder a peg-in input leaves in the undo data
}

TEST(CoinEncoding, IsCompactAndDropsTheWitness) {
    Bytes p2pkh{0x76, 0xa9, 20};
    p2pkh.resize(23, 0x11);
    p2pkh.push_back(0x88);
    p2pkh.push_back(0xac);
    Coin c = MakeCoin(p2pkh, 100, false);
    // height varint (2) + tag (1) + compact amount (1) + asset (32) + kind (1) + hash (20)
    EXPECT_EQ(EncodeCoin(c).size(), 57u);
    c.out.witness.range_proof = Bytes(100, 1);
    auto dec = DecodeCoin(EncodeCoin(c));
    ASSERT_TRUE(dec.ok());
    EXPECT_TRUE(dec->out.witness.IsNull());
}

TEST(CoinEncoding, RejectsMalformedInput) {
    const Bytes good = EncodeCoin(MakeCoin(Bytes{0x51}, 3, true));
    for (size_t n = 0; n < good.size(); ++n) EXPECT_FALSE(DecodeCoin(ByteSpan(good.data(), n)).ok()) << n;
    Bytes trailing = good;
    trailing.push_back(0);
    EXPECT_FALSE(DecodeCoin(trailing).ok());
    Bytes bad_tag = good;
    bad_tag[1] |= 0x80;
    EXPECT_FALSE(DecodeCoin(bad_tag).ok());
    // A raw script length far beyond the data must not allocate or crash.
    Bytes huge = {0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x7f};
    EXPECT_FALSE(DecodeCoin(huge).ok());
}

TEST(BlockUndo, RoundTripsChainAOutputs) {
    const auto& blocks = storage_test::ChainABlocks();
    BlockUndo undo;
    size_t coins = 0;
    for (size_t h = 0; h < blocks.size(); ++h) {
        for (const auto& tx : blocks[h].vtx) {
            TxUndo& tu = undo.txundo.emplace_back();
            for (const TxOut& out : tx->vout) {
                TxOut stored = out;
                stored.witness = TxOutWitness();
                tu.prevout.emplace_back(stored, static_cast<uint32_t>(h), tx->IsCoinBase());
                ++coins;
            }
            tu.prevout.emplace_back();  // peg-in placeholder
        }
    }
    ASSERT_GT(coins, 1000u);
    const Bytes enc = EncodeBlockUndo(undo);
    auto dec = DecodeBlockUndo(enc);
    ASSERT_TRUE(dec.ok()) << dec.error().ToString();
    EXPECT_EQ(*dec, undo);

    EXPECT_FALSE(DecodeBlockUndo(ByteSpan(enc.data(), enc.size() - 1)).ok());
    Bytes trailing = enc;
    trailing.push_back(0);
    EXPECT_FALSE(DecodeBlockUndo(trailing).ok());

    auto empty = DecodeBlockUndo(EncodeBlockUndo(BlockUndo()));
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->txundo.empty());
    // A hostile count must not make the decoder reserve memory.
    EXPECT_FALSE(DecodeBlockUndo(Bytes{0xfe, 0xff, 0xff, 0xff, 0x01}).ok());
}

}  // namespace
}  // namespace ocean
