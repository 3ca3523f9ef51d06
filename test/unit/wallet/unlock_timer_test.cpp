// WalletUnlockTimer: walletpassphrase's timed relock — relock after the timeout, a later unlock replacing
// the pending relock, an explicit lock cancelling it, wrong passphrases, and a clean stop while a relock
// is pending.
#include "ocean/wallet/unlock_timer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "ocean/wallet/key_store.h"
#include "util/temp_dir.h"

namespace ocean::test {
namespace {

using namespace std::chrono_literals;

class UnlockTimerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        DatabaseOptions o;
        o.path = dir_ / "wallet";
        auto db = Database::Open(o);
        ASSERT_TRUE(db.ok()) << db.error().ToString();
        db_ = std::move(*db);
        WalletKeyStoreOptions ko;
        ko.prefixes = PrefixesForChain("ocean_test");
        ko.kdf_target = std::chrono::milliseconds(0);
        ko.keypool_size = 3;
        auto s = WalletKeyStore::Load(*db_, ko);
        ASSERT_TRUE(s.ok()) << s.error().ToString();
        keys_ = std::move(*s);
        ASSERT_TRUE(keys_->EncryptWallet("pass").ok());
        ASSERT_TRUE(keys_->IsLocked());
    }

    TempDir dir_;
    std::unique_ptr<Database> db_;
    std::unique_ptr<WalletKeyStore> keys_;
};

// Waits up to `limit` for the store to be locked.
bool WaitLocked(const WalletKeyStore& keys, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (keys.IsLocked()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return keys.IsLocked();
}

TEST_F(UnlockTimerTest, RelocksAfterTimeout) {
    WalletUnlockTimer timer(*keys_, [] { return int64_t{1000}; });
    ASSERT_TRUE(timer.Unlock("pass", 1).ok());
    EXPECT_FALSE(keys_->IsLocked());
    EXPECT_EQ(timer.UnlockedUntil(), 1001);
    EXPECT_TRUE(WaitLocked(*keys_, 3000ms));
    EXPECT_EQ(timer.UnlockedUntil(), 0);
}

TEST_F(UnlockTimerTest, WrongPassphraseKeepsLockedAndPendingRelock) {
    WalletUnlockTimer timer(*keys_);
    auto s = timer.Unlock("wrong", 100);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, "-14");
    EXPECT_TRUE(keys_->IsLocked());
    EXPECT_EQ(timer.UnlockedUntil(), 0);
}

TEST_F(UnlockTimerTest, LaterUnlockReplacesRelock) {
    WalletUnlockTimer timer(*keys_);
    ASSERT_TRUE(timer.Unlock("pass", 1).ok());
    ASSERT_TRUE(timer.Unlock("pass", 100).ok());
    std::this_thread::sleep_for(1500ms);
    EXPECT_FALSE(keys_->IsLocked());
}

TEST_F(UnlockTimerTest, LockCancelsAndZeroTimeoutLocksAtOnce) {
    WalletUnlockTimer timer(*keys_);
    ASSERT_TRUE(timer.Unlock("pass", 100).ok());
    timer.Lock();
    EXPECT_TRUE(keys_->IsLocked());
    EXPECT_EQ(timer.UnlockedUntil(), 0);
    ASSERT_TRUE(timer.Unlock("pass", 0).ok());
    EXPECT_TRUE(WaitLocked(*keys_, 1000ms));
}

TEST_F(UnlockTimerTest, DestroyedWhilePending) {
    {
        WalletUnlockTimer timer(*keys_);
        ASSERT_TRUE(timer.Unlock("pass", 1000).ok());
    }  // joins at once
    EXPECT_FALSE(keys_->IsLocked());
}

}  // namespace
}  // namespace ocean::test
