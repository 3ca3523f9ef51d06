// Guardnode request auctions (requests.md §6–§9): requests and bids as the node interprets them, the
// descending auction price, bid validity and the per-request bid set. None of this is consensus; it is
// the pure logic shared by the getrequests/getrequestbids RPCs (UTXO scan) and the -requestlist.
//
// Heights follow Ocean's types: request and bid heights are unsigned 32-bit values; a lock height
// decoded from a script number is reinterpreted as uint32 (a negative lock height wraps to a huge one).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "ocean/primitives/amount.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/standard.h"
#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace ocean {

// A decoded request: the output's metadata, the height of the block that confirmed it and its txid.
struct AuctionRequest {
    uint256 txid;
    uint256 genesis_hash;           // client chain genesis (internal order)
    uint32_t confirmed_height = 0;  // hConf
    uint32_t start_height = 0;
    uint32_t num_tickets = 0;
    uint32_t decay_const = 0;
    uint32_t fee_percentage = 0;
    uint32_t end_height = 0;  // the CLTV lock height
    Amount start_price = 0;
};

// A decoded bid: the stake output's metadata and value, the confirming height and the bid's txid.
struct AuctionBid {
    uint256 txid;                   // hashBid
    uint256 request_txid;           // hashRequest
    uint32_t confirmed_height = 0;  // hConf
    uint32_t lock_height = 0;
    Amount stake = 0;  // stakePrice: the output's explicit value
    Bytes fee_pubkey;  // key3, 33 bytes
};

// The auction price of a request at height h (requests.md §7): with p = min(h, start) and
// t = (int32)(p − confirmed), 0 when t < 0, else trunc(startPrice·(1+t) / ((1+t) + t³/decayConst)) in
// double precision. decayConst = 0 gives 0 (Ocean's arithmetic degenerates there); a quotient outside
// the int64 range gives INT64_MIN (x86's conversion result).
Amount GetAuctionPrice(uint32_t confirmed_height, uint32_t start_height, uint32_t decay_const,
                       Amount start_price, uint32_t height);
inline Amount GetAuctionPrice(const AuctionRequest& r, uint32_t height) {
    return GetAuctionPrice(r.confirmed_height, r.start_height, r.decay_const, r.start_price, height);
}

// Decodes a request from an output's script (a 1-of-3 locked multisig, requests.md §6). The asset and
// the output count are the caller's business.
std::optional<AuctionRequest> DecodeRequest(const TxOut& out, const uint256& txid, uint32_t confirmed_height);

// Decodes the bid of a transaction from its (unspent) outputs, in output order: the first output with
// an explicit `domain_asset` (and explicit value) and a locked-multisig script. Such an output without
// exactly three keys (which makes Ocean throw) is skipped.
std::optional<AuctionBid> DecodeBid(std::span<const TxOut* const> outputs, const uint256& domain_asset,
                                    const uint256& txid, uint32_t confirmed_height);

// requests.md §8: the stake covers the auction price at the bid's height, the stake stays locked until
// the service ends, and the auction was still running when the bid confirmed. Whether the bid names this
// request is not checked here.
bool IsValidBid(const AuctionRequest& request, const AuctionBid& bid);

// The bid set of one request (requests.md §8): ordered by confirmed height ascending, stake descending,
// then bid txid (raw internal bytes) ascending, holding at most num_tickets bids.
class BidSet {
  public:
    explicit BidSet(uint32_t num_tickets) : num_tickets_(num_tickets) {}

    // Inserts the bid (an equal key is ignored), then drops the last bid while more than num_tickets.
    void Add(const AuctionBid& bid);
    const std::vector<AuctionBid>& Bids() const { return bids_; }

    // The set's order: true when a sorts before b.
    static bool Before(const AuctionBid& a, const AuctionBid& b);

  private:
    uint32_t num_tickets_;
    std::vector<AuctionBid> bids_;  // sorted by Before
};

}  // namespace ocean
