#include <cstdio>
#include <cstdlib>
#include <new>

#include "ocean/chain/coin_encoding.h"
#include "ocean/chain/coins.h"

namespace ocean {
namespace {

constexpr uint8_t kCoinKey = 'C';
constexpr uint8_t kWithdrawKey = 'w';
constexpr uint8_t kBestBlockKey = 'B';
constexpr uint8_t kHeadBlocksKey = 'H';

Bytes WithdrawDbKey(const uint256& parent_genesis, const OutPoint& outpoint) {
    Bytes key{kWithdrawKey};
    VectorWriter w(key);
    WriteBlob(w, parent_genesis);
    SerializeOutPoint(w, outpoint);
    return key;
}

Bytes EncodeHeads(const std::vector<uint256>& heads) {
    Bytes out;
    VectorWriter w(out);
    WriteCompactSize(w, heads.size());
    for (const uint256& h : heads) WriteBlob(w, h);
    return out;
}

void DefaultReadErrorHandler(const Error& e) {
    std::fprintf(stderr,
                 "Fatal: cannot read the chainstate database (%s). Restart with -reindex-chainstate.\n",
                 e.ToString().c_str());
    std::abort();
}

}  // namespace

Bytes CoinKey(const OutPoint& outpoint) {
    Bytes key{kCoinKey};
    VectorWriter w(key);
    WriteBlob(w, outpoint.hash);
    WriteVarInt(w, outpoint.n);
    return key;
}

CoinsViewDB::CoinsViewDB(std::unique_ptr<Database> db, size_t batch_write_bytes)
    : db_(std::move(db)), batch_write_bytes_(batch_write_bytes), on_read_error_(DefaultReadErrorHandler) {}

Result<std::unique_ptr<CoinsViewDB>> CoinsViewDB::Open(const DatabaseOptions& options,
                                                       size_t batch_write_bytes) {
    auto db = Database::Open(options);
    if (!db) return db.error();
    return std::unique_ptr<CoinsViewDB>(new CoinsViewDB(std::move(*db), batch_write_bytes));
}

void CoinsViewDB::ReadError(const Error& e) const {
    if (on_read_error_) on_read_error_(e);
}

std::optional<Coin> CoinsViewDB::GetCoin(const OutPoint& outpoint) const {
    auto raw = db_->Read(CoinKey(outpoint));
    if (!raw) {
        ReadError(raw.error());
        return std::nullopt;
    }
    if (!raw->has_value()) return std::nullopt;
    auto coin = DecodeCoin(**raw);
    if (!coin) {
        ReadError(Error("coins-db-corrupt", "undecodable coin: " + coin.error().ToString()));
        return std::nullopt;
    }
    return std::move(*coin);
}

bool CoinsViewDB::HaveCoin(const OutPoint& outpoint) const {
    auto raw = db_->Read(CoinKey(outpoint));
    if (!raw) {
        ReadError(raw.error());
        return false;
    }
    return raw->has_value();
}

uint256 CoinsViewDB::GetBestBlock() const {
    auto raw = db_->Read(PrefixedKey(kBestBlockKey));
    if (!raw) {
        ReadError(raw.error());
        return uint256();
    }
    if (!raw->has_value()) return uint256();
    if ((*raw)->size() != 32) {
        ReadError(Error("coins-db-corrupt", "best block record of unexpected size"));
        return uint256();
    }
    return uint256(ByteSpan(**raw));
}

std::vector<uint256> CoinsViewDB::GetHeadBlocks() const {
    auto raw = db_->Read(PrefixedKey(kHeadBlocksKey));
    if (!raw) {
        ReadError(raw.error());
        return {};
    }
    if (!raw->has_value()) return {};
    std::vector<uint256> heads;
    try {
        SpanReader r(**raw);
        const uint64_t n = ReadCompactSize(r);
        if (n > r.remaining() / 32) throw DecodeError("head count exceeds record");
        for (uint64_t i = 0; i < n; ++i) heads.push_back(ReadUint256(r));
        if (!r.empty()) throw DecodeError("trailing data");
    } catch (const DecodeError& e) {
        ReadError(Error("coins-db-corrupt", std::string("bad head blocks record: ") + e.what()));
        return {};
    }
    return heads;
}

bool CoinsViewDB::IsWithdrawSpent(const uint256& parent_genesis, const OutPoint& outpoint) const {
    auto raw = db_->Read(WithdrawDbKey(parent_genesis, outpoint));
    if (!raw) {
        ReadError(raw.error());
        return false;
    }
    return raw->has_value();
}

Status CoinsViewDB::BatchWrite(CoinsMap& coins, WithdrawMap& withdraws, const uint256& best_block) {
    if (best_block.IsNull())
        return Error("coins-db-null-best", "refusing to flush coins without a best block");

    // Where the database stands now: its best block, or the target of an interrupted flush that this
    // flush must be continuing.
    auto best_raw = db_->Read(PrefixedKey(kBestBlockKey));
    if (!best_raw) return best_raw.error();
    uint256 old_tip;
    if (best_raw->has_value() && (*best_raw)->size() == 32) old_tip = uint256(ByteSpan(**best_raw));
    if (old_tip.IsNull()) {
        const std::vector<uint256> heads = GetHeadBlocks();
        if (heads.size() == 2) {
            if (heads[0] != best_block)
                return Error("coins-db-inconsistent", "an interrupted flush towards " + heads[0].ToHex() +
                                                          " is not finished; now flushing " +
                                                          best_block.ToHex() +
                                                          ". Restart with -reindex-chainstate.");
            old_tip = heads[1];
        }
    }

    Database::Batch batch;
    batch.Delete(PrefixedKey(kBestBlockKey));
    batch.Put(PrefixedKey(kHeadBlocksKey), EncodeHeads({best_block, old_tip}));

    int batches = 0;
    auto maybe_write_partial = [&]() -> Status {
        if (batch.SizeEstimate() < batch_write_bytes_) return Status::Ok();
        if (Status s = db_->Write(batch, false); !s) return s;
        batch.Clear();
        ++batches;
        if (crash_after_batches_ >= 0 && batches >= crash_after_batches_)
            return Error("simulated-crash",
                         "BatchWrite stopped after " + std::to_string(batches) + " batches");
        return Status::Ok();
    };

    Bytes value;
    for (auto it = coins.begin(); it != coins.end(); it = coins.erase(it)) {
        if (!(it->second.flags & CoinsCacheEntry::DIRTY)) continue;
        const Bytes key = CoinKey(it->first);
        if (it->second.coin.IsSpent()) {
            batch.Delete(key);
        } else {
            value.clear();
            VectorWriter w(value);
            SerializeCoin(w, it->second.coin);
            batch.Put(key, value);
        }
        if (Status s = maybe_write_partial(); !s) {
            coins.erase(it);  // already in the written batch
            return s;
        }
    }
    for (auto it = withdraws.begin(); it != withdraws.end(); it = withdraws.erase(it)) {
        if (!it->second.dirty) continue;
        const Bytes key = WithdrawDbKey(it->first.parent_genesis, it->first.outpoint);
        if (it->second.spent) {
            batch.Put(key, Bytes{'1'});
        } else {
            batch.Delete(key);
        }
        if (Status s = maybe_write_partial(); !s) {
            withdraws.erase(it);
            return s;
        }
    }

    batch.Delete(PrefixedKey(kHeadBlocksKey));
    batch.Put(PrefixedKey(kBestBlockKey), best_block.span());
    return db_->Write(batch, true);
}

size_t CoinsViewDB::EstimateSize() const {
    const uint8_t begin = kCoinKey, end = kCoinKey + 1;
    return db_->EstimateSize(ByteSpan(&begin, 1), ByteSpan(&end, 1));
}

// ---- Cursor --------------------------------------------------------------------------------------

CoinsViewDB::Cursor::Cursor(std::unique_ptr<Database::Iterator> it, const uint256& best)
    : it_(std::move(it)), best_block_(best) {
    const uint8_t prefix = kCoinKey;
    it_->Seek(ByteSpan(&prefix, 1));
}

bool CoinsViewDB::Cursor::Valid() const {
    return it_->Valid() && !it_->Key().empty() && it_->Key()[0] == kCoinKey;
}

void CoinsViewDB::Cursor::Next() {
    it_->Next();
}

bool CoinsViewDB::Cursor::GetKey(OutPoint& outpoint) const {
    if (!Valid()) return false;
    try {
        SpanReader r(it_->Key().subspan(1));
        outpoint.hash = ReadUint256(r);
        const uint64_t n = ReadVarInt(r);
        if (n > UINT32_MAX || !r.empty()) return false;
        outpoint.n = static_cast<uint32_t>(n);
        return true;
    } catch (const DecodeError&) {
        return false;
    }
}

bool CoinsViewDB::Cursor::GetValue(Coin& coin) const {
    if (!Valid()) return false;
    auto decoded = DecodeCoin(it_->Value());
    if (!decoded) return false;
    coin = std::move(*decoded);
    return true;
}

std::unique_ptr<CoinsViewDB::Cursor> CoinsViewDB::NewCursor() const {
    // The iterator sees a consistent snapshot taken at its creation; read the best block first so that
    // it cannot be newer than the coins the cursor shows (flushes hold the chain lock anyway).
    const uint256 best = GetBestBlock();
    return std::unique_ptr<Cursor>(new Cursor(db_->NewIterator(), best));
}

}  // namespace ocean
