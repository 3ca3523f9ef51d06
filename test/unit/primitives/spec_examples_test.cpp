// The verified examples of formats.md, rebuilt from their field-by-field description.
#include <gtest/gtest.h>

#include "ocean/primitives/block.h"
#include "ocean/primitives/merkle.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

// formats.md §4.8: block at height 1 of chain elementsregtest (OP_TRUE challenge, empty solution).
TEST(SpecExamples, BlockAtHeight1) {
    const uint256 cbt = uint256::FromHex("a156c97b3f022ad204f677df9eba726bc407fd5ec2f674e3ace8abec3e41f38a");
    MutableTransaction cb;
    cb.version = 2;
    TxIn& in = cb.vin.emplace_back();
    in.script_sig = {0x51, 0x01, 0x01};
    in.witness.script_witness = {Bytes(32, 0)};
    TxOut& burn = cb.vout.emplace_back();
    burn.asset.SetExplicit(cbt);
    burn.value.SetExplicit(0);
    burn.script_pubkey = {0x6a};
    TxOut& commit = cb.vout.emplace_back();
    commit.asset.SetExplicit(cbt);
    commit.value.SetExplicit(0);
    commit.script_pubkey =
        *ParseHex("6a24aa21a9ed94f15ed3a62165e4a0b99699cc28b48e19cb5bc1b1f47155db62d63f1e047d45");
    const Transaction tx(cb);
    EXPECT_EQ(tx.GetTxid().ToHex(), "d602422478229eb2ff7226cee01e2ccd4b97815005d21fc06694fae3d26a955f");
    EXPECT_EQ(HexStr(tx.ComputeWitnessHash().span()),
              "28e658b748bf92847ec84151445ba76cdc54f1fb5801d72b748ed1eb9c8150f1");

    Block b;
    b.version = 0x20000000;
    b.prev_block = uint256::FromHex("ca305bc18ecdaa031b5654828e9c6b8e5a1bb00db6a6092203721efe68b83d6b");
    b.time = 1562676815;
    b.height = 1;
    b.proof.challenge = {0x51};
    b.vtx.push_back(MakeTransactionRef(cb));
    b.merkle_root = BlockMerkleRoot(b);
    EXPECT_EQ(HexStr(b.merkle_root.span()),
              "5f956ad2e3fa9466c01fd2055081974bcd2c1ee0ce2672ffb29e2278244202d6");
    const uint256 root = BlockWitnessMerkleRoot(b);
    EXPECT_EQ(root, tx.ComputeWitnessHash());  // one transaction: its witness hash is the root
    EXPECT_EQ(HexStr(Sha256dHash(root.span(), Bytes(32, 0)).span()),
              "94f15ed3a62165e4a0b99699cc28b48e19cb5bc1b1f47155db62d63f1e047d45");
    EXPECT_EQ(GetBlockSize(b), 399u);
    EXPECT_EQ(b.GetHash().ToHex(), "4f14326c23334f663a640887997577f898359db544907cc4b4ffe22dcb076f39");
    // The solution is not part of the hash.
    Block signed_copy = b;
    signed_copy.proof.solution = {0x00, 0x01};
    EXPECT_EQ(signed_copy.GetHash(), b.GetHash());
    EXPECT_NE(EncodeBlock(signed_copy), EncodeBlock(b));
}

// formats.md §3.6 constants.
TEST(SpecExamples, WitnessHashConstants) {
    EXPECT_EQ(HexStr(Sha256dHash(Bytes{0x00}).span()),
              "1406e05881e299367766d313e26c05564ec91bf721d31726bd6e46e60689539a");
    MutableTransaction m;
    m.vin.emplace_back().prevout = OutPoint(uint256::FromByte0(1), 0);
    m.vout.emplace_back();
    const Transaction t(m);
    // One input and one output, both with empty witnesses: root = FastNode(InWit(empty), OutWit(empty)).
    EXPECT_EQ(
        HexStr(t.ComputeWitnessHash().span()),
        HexStr(
            FastNode(uint256(*ParseHex("3ea8cf996cb82dd782b0b59ae42b9fefd4e2081f2cf3631a537c9c362e7d3822")),
                     uint256(*ParseHex("7d993a3ac51b76589a07c59078e2e4241f4c13c5190a763f22213e0c9ed8e7d5")))
                .span()));
}

}  // namespace
}  // namespace ocean
