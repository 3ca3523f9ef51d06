// The signer protocol's wire messages and its persisted state (signer_messages.h, signer_state.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ocean/crypto/sha256.h"
#include "ocean/signer/signer_messages.h"
#include "ocean/signer/signer_state.h"
#include "ocean/util/fs.h"

namespace ocean {
namespace {

uint256 H(uint8_t b) {
    const Bytes x{b};
    return Sha256dHash(x);
}

TEST(SignerMessages, VoteRoundTripAndRejects) {
    SignerVote v;
    v.kind = VoteKind::kCommit;
    v.height = 1234;
    v.round = 7;
    v.block_hash = H(1);
    v.signer = 2;
    v.envelope_sig = Bytes(71, 0x30);
    const Bytes enc = EncodeVote(v);
    auto d = DecodeVote(enc);
    ASSERT_TRUE(d.ok()) << d.error().ToString();
    EXPECT_EQ(d->kind, VoteKind::kCommit);
    EXPECT_EQ(d->height, 1234u);
    EXPECT_EQ(d->round, 7u);
    EXPECT_EQ(d->block_hash, H(1));
    EXPECT_EQ(d->signer, 2);
    EXPECT_EQ(EncodeVote(*d), enc);
    // Unknown kind, truncated, trailing bytes, empty or oversized signature.
    Bytes bad = enc;
    bad[0] = 3;
    EXPECT_FALSE(DecodeVote(bad).ok());
    EXPECT_FALSE(DecodeVote(ByteSpan(enc).first(enc.size() - 1)).ok());
    bad = enc;
    bad.push_back(0);
    EXPECT_FALSE(DecodeVote(bad).ok());
    v.envelope_sig.clear();
    EXPECT_FALSE(DecodeVote(EncodeVote(v)).ok());
    v.envelope_sig = Bytes(kMaxSignerDerSize + 1, 1);
    EXPECT_FALSE(DecodeVote(EncodeVote(v)).ok());
}

TEST(SignerMessages, BlockSigAndProposalRoundTrip) {
    SignerBlockSig s{99, H(2), 1, Bytes(70, 0x31)};
    auto d = DecodeBlockSig(EncodeBlockSig(s));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(EncodeBlockSig(*d), EncodeBlockSig(s));

    SignerProposal p;
    p.height = 5;
    p.round = 1;
    p.valid_round = 0;
    p.signer = 1;
    p.block.height = 5;
    p.block.prev_block = H(3);
    p.block.proof.challenge = {0x51};
    p.envelope_sig = Bytes(72, 0x30);
    auto dp = DecodeProposal(EncodeProposal(p));
    ASSERT_TRUE(dp.ok()) << dp.error().ToString();
    EXPECT_EQ(dp->valid_round, 0);
    EXPECT_EQ(dp->block.GetHash(), p.block.GetHash());
    EXPECT_EQ(EncodeProposal(*dp), EncodeProposal(p));
    // The envelope covers everything but the signature: any change of the body changes the hash.
    const uint256 genesis = H(4);
    const uint256 e1 = EnvelopeHash(genesis, kSignerProposalCommand, EncodeProposalBody(p));
    p.round = 2;
    EXPECT_NE(e1, EnvelopeHash(genesis, kSignerProposalCommand, EncodeProposalBody(p)));
    EXPECT_NE(e1, EnvelopeHash(H(5), kSignerProposalCommand, EncodeProposalBody(p)));
}

class SignerStateFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("signer_state_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

TEST_F(SignerStateFileTest, MissingFileIsAnEmptyStateAndSavesRoundTrip) {
    SignerStateFile f(dir_ / "signer" / "state");
    auto empty = f.Load();
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(*empty, SignerState{});
    SignerState s;
    s.height = 42;
    s.prepared = std::make_pair(3u, H(6));
    s.lock = std::make_pair(2u, H(7));
    s.lock_block = Bytes(500, 0xab);
    s.signed_hash = H(7);
    s.lock_certificate = {Bytes(80, 1), Bytes(81, 2)};
    ASSERT_TRUE(f.Save(s).ok());
    auto back = f.Load();
    ASSERT_TRUE(back.ok()) << back.error().ToString();
    EXPECT_EQ(*back, s);
    s.signed_hash.reset();
    s.lock.reset();
    ASSERT_TRUE(f.Save(s).ok());
    EXPECT_EQ(*f.Load(), s);
}

TEST_F(SignerStateFileTest, CorruptOrTruncatedFileIsAnError) {
    SignerStateFile f(dir_ / "state");
    SignerState s;
    s.height = 9;
    s.signed_hash = H(8);
    ASSERT_TRUE(f.Save(s).ok());
    auto bytes = ReadFileBytes(f.Path());
    ASSERT_TRUE(bytes.ok());
    Bytes flipped = *bytes;
    flipped[10] ^= 1;
    ASSERT_TRUE(WriteFileAtomic(f.Path(), ByteSpan(flipped)).ok());
    auto r = f.Load();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "corrupt");
    ASSERT_TRUE(WriteFileAtomic(f.Path(), ByteSpan(*bytes).first(20)).ok());
    EXPECT_FALSE(f.Load().ok());
}

}  // namespace
}  // namespace ocean
