// Guardnode request auctions: price function, request/bid decoding, bid validity and bid sets
// (requests.md §6–§8).
#include "ocean/consensus/auction.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ocean/script/script.h"

namespace ocean {

Amount GetAuctionPrice(uint32_t confirmed_height, uint32_t start_height, uint32_t decay_const,
                       Amount start_price, uint32_t height) {
    const uint32_t p = std::min(height, start_height);
    // uint32 subtraction reinterpreted as a signed 32-bit value.
    const int32_t t = static_cast<int32_t>(p - confirmed_height);
    if (t < 0) return 0;  // the auction has not started
    // With decayConst = 0 Ocean divides by zero in floating point: an infinite divisor (price 0) for
    // t > 0, NaN for t = 0. Both give 0 here.
    if (decay_const == 0) return 0;
    const int64_t one_plus_t = int64_t{1} + t;
    // The signed 64-bit product, wrapping (as the x86 multiplication does) instead of being undefined.
    const int64_t num =
        static_cast<int64_t>(static_cast<uint64_t>(start_price) * static_cast<uint64_t>(one_plus_t));
    const double den = static_cast<double>(one_plus_t) +
                       std::pow(static_cast<double>(t), 3.0) / static_cast<double>(decay_const);
    const double price = static_cast<double>(num) / den;
    // The truncating conversion; x86 gives INT64_MIN for NaN and values outside the int64 range.
    if (!(price > -9223372036854775808.0 && price < 9223372036854775808.0)) {
        return std::numeric_limits<Amount>::min();
    }
    return static_cast<Amount>(price);
}

namespace {

// A script-number lock height as Ocean keeps it: the int value stored in a uint32.
uint32_t HeightFromScriptNum(int64_t v) {
    return static_cast<uint32_t>(static_cast<int32_t>(v));
}

bool IsLockedMultisig(const Bytes& script_pubkey) {
    return Solve(Script(script_pubkey)).type == TxoutType::kLockedMultisig;
}

}  // namespace

std::optional<AuctionRequest> DecodeRequest(const TxOut& out, const uint256& txid,
                                            uint32_t confirmed_height) {
    if (!IsLockedMultisig(out.script_pubkey)) return std::nullopt;
    auto fields = ParseRequestScript(Script(out.script_pubkey));
    if (!fields) return std::nullopt;
    AuctionRequest r;
    r.txid = txid;
    r.genesis_hash = fields->genesis_hash;
    r.confirmed_height = confirmed_height;
    r.start_height = fields->start_height;
    r.num_tickets = fields->num_tickets;
    r.decay_const = fields->decay_const;
    r.fee_percentage = fields->fee_percentage;
    r.end_height = HeightFromScriptNum(fields->end_height);
    r.start_price = fields->start_price;
    return r;
}

std::optional<AuctionBid> DecodeBid(std::span<const TxOut* const> outputs, const uint256& domain_asset,
                                    const uint256& txid, uint32_t confirmed_height) {
    for (const TxOut* out : outputs) {
        if (!out || !out->asset.IsExplicit() || out->asset.GetAsset() != domain_asset) continue;
        if (!out->value.IsExplicit()) continue;
        if (!IsLockedMultisig(out->script_pubkey)) continue;
        auto fields = ParseBidScript(Script(out->script_pubkey));
        if (!fields) continue;
        AuctionBid b;
        b.txid = txid;
        b.request_txid = fields->request_txid;
        b.confirmed_height = confirmed_height;
        b.lock_height = HeightFromScriptNum(fields->lock_height);
        b.stake = out->value.GetAmount();
        b.fee_pubkey = fields->fee_pubkey;
        return b;
    }
    return std::nullopt;
}

bool IsValidBid(const AuctionRequest& request, const AuctionBid& bid) {
    return bid.stake >= GetAuctionPrice(request, bid.confirmed_height) &&
           request.end_height <= bid.lock_height && request.start_height > bid.confirmed_height;
}

bool BidSet::Before(const AuctionBid& a, const AuctionBid& b) {
    if (a.confirmed_height != b.confirmed_height) return a.confirmed_height < b.confirmed_height;
    if (a.stake != b.stake) return a.stake > b.stake;
    return a.txid < b.txid;
}

void BidSet::Add(const AuctionBid& bid) {
    auto it = std::lower_bound(bids_.begin(), bids_.end(), bid, Before);
    if (it != bids_.end() && !Before(bid, *it)) return;  // an equal key is already there
    bids_.insert(it, bid);
    while (bids_.size() > num_tickets_) bids_.pop_back();
}

}  // namespace ocean
