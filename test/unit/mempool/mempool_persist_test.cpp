// mempool.dat: a saved pool loads back into an empty pool with the same transactions, times and fee
// deltas (and prioritisations of absent transactions); expired entries are skipped; a missing file
// loads nothing; corrupt, truncated and unknown-version files give an error without a crash, keeping
// what was read before the damage.
#include "ocean/mempool/mempool_persist.h"

#include <gtest/gtest.h>

#include <fstream>

#include "ocean/consensus/chain_params.h"
#include "ocean/util/fs.h"
#include "util/chain_builder.h"
#include "util/temp_dir.h"

namespace ocean {
namespace {

class MempoolPersistTest : public ::testing::Test {
  protected:
    MempoolPersistTest() : builder_("persist-test") {
        auto p = ChainParams::FromOptions(builder_.ChainOptions(), ContractTexts{});
        if (!p) throw std::runtime_error(p.error().ToString());
        params_ = std::make_unique<ChainParams>(std::move(p.value()));
        ChainstateOptions opt;
        opt.datadir = dir_.path() / "chain";
        opt.cache_bytes = 8u << 20;
        auto cs = Chainstate::Open(*params_, opt, log_, clock_);
        if (!cs) throw std::runtime_error(cs.error().ToString());
        chain_ = std::move(cs.value());
        Mine(builder_.FanOutBlock(50));
        Mine(builder_.NextBlock({}));
        Mine(builder_.NextBlock({}));
    }

    void Mine(const Block& b) {
        builder_.Accept(b);
        ValidationState st;
        ASSERT_TRUE(chain_->ProcessNewBlock(b, st)) << st.ToString();
    }

    // Fills pool_ with three independent spends and a child of the first, at times t0..t0+3.
    std::vector<uint256> Fill(int64_t t0) {
        std::vector<uint256> ids;
        const auto coins = builder_.SelectSpendable(3);
        MutableTransaction first;
        for (size_t i = 0; i < 3; ++i) {
            const MutableTransaction tx = builder_.SpendP2PKH({coins.at(i)}, 2, 10000 + i);
            const AcceptResult r = AcceptToMemoryPool(*chain_, pool_, MakeTransactionRef(tx), {}, t0 + i);
            EXPECT_TRUE(r.accepted) << r.state.ToString();
            ids.push_back(MakeTransactionRef(tx)->GetTxid());
            if (i == 0) first = tx;
        }
        test::ChainBuilder view = builder_;
        view.Accept(view.NextBlock({MakeTransactionRef(first)}));
        const MutableTransaction child = view.SpendP2PKH({OutPoint(ids[0], 0)}, 1, 5000);
        EXPECT_TRUE(AcceptToMemoryPool(*chain_, pool_, MakeTransactionRef(child), {}, t0 + 3).accepted);
        ids.push_back(MakeTransactionRef(child)->GetTxid());
        return ids;
    }

    std::filesystem::path File() const { return dir_.path() / "mempool.dat"; }

    test::TempDir dir_;
    test::ChainBuilder builder_;
    std::unique_ptr<ChainParams> params_;
    SystemClock clock_;
    Logger log_{clock_};
    std::unique_ptr<Chainstate> chain_;
    TxMempool pool_;
};

TEST_F(MempoolPersistTest, RoundTripKeepsTransactionsTimesAndDeltas) {
    const int64_t now = clock_.UnixSeconds();
    const std::vector<uint256> ids = Fill(now - 100);
    pool_.PrioritiseTransaction(ids[1], 777);
    const uint256 absent = uint256::FromByte0(0x42);
    pool_.PrioritiseTransaction(absent, -55);
    ASSERT_TRUE(SaveMempool(pool_, File()));
    EXPECT_TRUE(std::filesystem::exists(File()));
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / "mempool.dat.new"));

    TxMempool loaded;
    auto stats = LoadMempool(*chain_, loaded, AcceptOptions{}, now, File());
    ASSERT_TRUE(stats) << stats.error().ToString();
    EXPECT_EQ(stats->accepted, 4u);
    EXPECT_EQ(stats->failed, 0u);
    EXPECT_EQ(stats->expired, 0u);
    EXPECT_EQ(stats->deltas, 1u);
    ASSERT_EQ(loaded.Size(), 4u);
    for (size_t i = 0; i < ids.size(); ++i) {
        auto entry = loaded.GetEntry(ids[i]);
        ASSERT_TRUE(entry);
        EXPECT_EQ(entry->time, now - 100 + static_cast<int64_t>(i));
        EXPECT_EQ(entry->fee, pool_.GetEntry(ids[i])->fee);
    }
    EXPECT_EQ(loaded.GetEntry(ids[1])->fee_delta, 777);
    EXPECT_EQ(loaded.GetFeeDelta(absent), -55);
    EXPECT_EQ(loaded.GetEntry(ids[3])->count_with_ancestors, 2u);

    // Loading the same file again: every transaction is already there.
    auto again = LoadMempool(*chain_, loaded, AcceptOptions{}, now, File());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->accepted, 0u);
    EXPECT_EQ(again->failed, 4u);
}

TEST_F(MempoolPersistTest, ExpiredEntriesAreDropped) {
    const int64_t now = clock_.UnixSeconds();
    AcceptOptions o;
    Fill(now - o.expiry_seconds - 10);  // all four older than the expiry at `now`
    ASSERT_TRUE(SaveMempool(pool_, File()));
    TxMempool loaded;
    auto stats = LoadMempool(*chain_, loaded, o, now, File());
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->expired, 4u);
    EXPECT_EQ(loaded.Size(), 0u);
    // At a time when they are still fresh they load.
    auto fresh = LoadMempool(*chain_, loaded, o, now - o.expiry_seconds, File());
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->accepted, 4u);
}

TEST_F(MempoolPersistTest, MissingFileLoadsNothing) {
    auto stats = LoadMempool(*chain_, pool_, AcceptOptions{}, clock_.UnixSeconds(), File());
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->accepted + stats->failed + stats->expired + stats->deltas, 0u);
}

TEST_F(MempoolPersistTest, TruncatedFileKeepsWhatWasRead) {
    const int64_t now = clock_.UnixSeconds();
    const std::vector<uint256> ids = Fill(now);
    ASSERT_TRUE(SaveMempool(pool_, File()));
    auto data = ReadFileBytes(File());
    ASSERT_TRUE(data);
    // Every truncation point: never a crash; an error unless the file is whole.
    for (size_t cut = 0; cut < data->size(); cut += 7) {
        ASSERT_TRUE(WriteFileAtomic(File(), ByteSpan(data->data(), cut)));
        TxMempool loaded;
        auto stats = LoadMempool(*chain_, loaded, AcceptOptions{}, now, File());
        EXPECT_FALSE(stats) << cut;
        EXPECT_LE(loaded.Size(), 4u);
    }
    // Cut inside the last transaction: the first three are loaded.
    ASSERT_TRUE(WriteFileAtomic(File(), ByteSpan(data->data(), data->size() - 30)));
    TxMempool loaded;
    EXPECT_FALSE(LoadMempool(*chain_, loaded, AcceptOptions{}, now, File()));
    EXPECT_EQ(loaded.Size(), 3u);
}

TEST_F(MempoolPersistTest, CorruptFilesGiveErrors) {
    const int64_t now = clock_.UnixSeconds();
    Fill(now);
    ASSERT_TRUE(SaveMempool(pool_, File()));
    auto data = ReadFileBytes(File());
    ASSERT_TRUE(data);

    Bytes bad_version = *data;
    bad_version[0] = 2;
    ASSERT_TRUE(WriteFileAtomic(File(), bad_version));
    TxMempool a;
    auto r = LoadMempool(*chain_, a, AcceptOptions{}, now, File());
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("version"), std::string::npos);
    EXPECT_EQ(a.Size(), 0u);

    // A huge transaction count with little data behind it.
    Bytes huge_count = *data;
    for (int i = 8; i < 16; ++i) huge_count[i] = 0xff;
    ASSERT_TRUE(WriteFileAtomic(File(), huge_count));
    TxMempool b;
    EXPECT_FALSE(LoadMempool(*chain_, b, AcceptOptions{}, now, File()));

    // Flipped bytes everywhere: never a crash.
    for (size_t i = 0; i < data->size(); i += 13) {
        Bytes flipped = *data;
        flipped[i] ^= 0xa5;
        ASSERT_TRUE(WriteFileAtomic(File(), flipped));
        TxMempool c;
        (void)LoadMempool(*chain_, c, AcceptOptions{}, now, File());
        EXPECT_LE(c.Size(), 4u);
    }

    // Garbage that is not a mempool file at all.
    ASSERT_TRUE(WriteFileAtomic(File(), std::string_view("not a mempool")));
    TxMempool d;
    EXPECT_FALSE(LoadMempool(*chain_, d, AcceptOptions{}, now, File()));
}

TEST_F(MempoolPersistTest, InterruptedLoadStops) {
    const int64_t now = clock_.UnixSeconds();
    Fill(now);
    ASSERT_TRUE(SaveMempool(pool_, File()));
    TxMempool loaded;
    auto r = LoadMempool(*chain_, loaded, AcceptOptions{}, now, File(), [] { return true; });
    EXPECT_FALSE(r);
    EXPECT_EQ(loaded.Size(), 1u);
}

}  // namespace
}  // namespace ocean
