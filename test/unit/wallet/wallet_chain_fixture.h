// WalletChainFixture: what the wallet tests that need a real chain share — a ChainBuilder test chain whose
// genesis pays 100 outputs of 100,000 units to P2PKH of builder key 0, a Chainstate on LevelDB and block
// files, a mempool kept in step with it (MempoolChainSync), the wallet database, and helpers to mine
// blocks and accept transactions.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "ocean/chain/chainstate.h"
#include "ocean/chain/database.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/mempool/accept.h"
#include "ocean/mempool/chain_sync.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/util/clock.h"
#include "ocean/util/logging.h"
#include "util/chain_builder.h"
#include "util/temp_dir.h"

namespace ocean::test {

inline constexpr Amount kGenesisCoin = 100'000;              // each of the 100 genesis outputs
inline constexpr Amount kGenesisCoins = 100 * kGenesisCoin;  // to P2PKH of builder key 0

class WalletChainFixture : public ::testing::Test {
  protected:
    explicit WalletChainFixture(std::string_view seed, MempoolLimits limits = {})
        : builder_(seed, Options()), pool_(limits) {
        auto p = ChainParams::FromOptions(builder_.ChainOptions(), ContractTexts{});
        if (!p) throw std::runtime_error(p.error().ToString());
        params_ = std::make_unique<ChainParams>(std::move(p.value()));
        asset_ = builder_.PeggedAsset();
        OpenChain();
    }
    ~WalletChainFixture() override { CloseChain(); }

    static ChainBuilderOptions Options() {
        ChainBuilderOptions o;
        o.initial_free_coins = kGenesisCoins;
        o.fee = 1000;
        o.coinbase_destination = {0x6a};  // block fees burnt: not the wallet's
        return o;
    }

    void OpenChain() {
        ChainstateOptions opt;
        opt.datadir = dir_.path() / "node";
        auto cs = Chainstate::Open(*params_, opt, log_, clock_);
        if (!cs) throw std::runtime_error(cs.error().ToString());
        chain_ = std::move(cs.value());
        sync_ = std::make_unique<MempoolChainSync>(*chain_, pool_, AcceptOptions{}, clock_, log_);
        chain_->AddListener(sync_.get());
    }
    void CloseChain() {
        if (!chain_) return;
        chain_->RemoveListener(sync_.get());
        (void)chain_->Flush();
        sync_.reset();
        chain_.reset();
    }
    // The wallet's LevelDB (dir/wallet), opened again after a reset.
    void OpenWalletDb() {
        DatabaseOptions dbo;
        dbo.path = dir_.path() / "wallet";
        auto db = Database::Open(dbo);
        if (!db) throw std::runtime_error(db.error().ToString());
        db_ = std::move(db.value());
    }

    void Mine(const Block& b) {
        builder_.Accept(b);
        ValidationState st;
        ASSERT_TRUE(chain_->ProcessNewBlock(b, st)) << st.ToString();
        ASSERT_EQ(chain_->Tip()->GetBlockHash(), b.GetHash());
    }
    uint256 MineTxs(const std::vector<TransactionRef>& txs) {
        const Block b = builder_.NextBlock(txs);
        Mine(b);
        return b.GetHash();
    }
    bool Accept(const TransactionRef& tx) {
        std::lock_guard l1(chain_->mutex());
        std::lock_guard l2(pool_.mutex());
        return AcceptToMemoryPool(*chain_, pool_, tx, AcceptOptions{}, clock_.UnixSeconds()).accepted;
    }
    // The genesis outputs of key 0 still unspent, in outpoint order.
    std::vector<OutPoint> GenesisCoins() const {
        std::vector<OutPoint> out;
        for (const auto& [op, e] : builder_.Utxos())
            if (e.height == 0 && e.key == 0) out.push_back(op);
        return out;
    }

    TempDir dir_;
    ChainBuilder builder_;
    std::unique_ptr<ChainParams> params_;
    uint256 asset_;
    SystemClock clock_;
    Logger log_{clock_};
    TxMempool pool_;
    std::unique_ptr<Chainstate> chain_;
    std::unique_ptr<MempoolChainSync> sync_;
    std::unique_ptr<Database> db_;
};

}  // namespace ocean::test
