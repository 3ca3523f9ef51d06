// The read-only guardnode queries getrequests and getrequestbids (requests.md §10.3–§10.4, rpc.md §6.4),
// answered by scanning the UTXO set (the node has no -requestlist yet). The request, bid and auction
// rules live in consensus/auction.h.
//
// Ocean 0.14 kept one UTXO entry per transaction, whose output vector ends at the last unspent output.
// This node keeps one entry per output, so the scan groups the coins of each transaction: "exactly one
// output slot" means only output 0 is unspent, "more than one slot" means some output n >= 1 is. The
// walk visits transactions in the order of their txid's raw bytes, as Ocean's cursor did.
//
// The permission asset is the genesis PERMISSION asset (none: no requests). Bids must be in the domain
// asset, which is -feeasset in Ocean; that option is not wired yet, so it is the pegged asset.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ocean/chain/chainstate.h"
#include "ocean/consensus/auction.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/request_json.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/rpc/util.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

// The unspent outputs of one transaction, sorted by output index.
struct TxCoins {
    uint256 txid;
    std::vector<std::pair<uint32_t, Coin>> outputs;

    const Coin* Output0() const {
        return !outputs.empty() && outputs.front().first == 0 ? &outputs.front().second : nullptr;
    }
    // Ocean's output-vector size: one past the last unspent output.
    uint32_t Slots() const { return outputs.empty() ? 0 : outputs.back().first + 1; }
    const Coin& Any() const { return outputs.front().second; }
};

// Walks the UTXO set once (GetCoinsStats flushes first), handing each transaction's coins to `f`.
template <typename F>
void ForEachTransaction(Chainstate& chain, F&& f) {
    TxCoins current;
    auto finish = [&] {
        if (current.outputs.empty()) return;
        std::sort(current.outputs.begin(), current.outputs.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        f(current);
        current.outputs.clear();
    };
    auto stats = chain.GetCoinsStats([&](const OutPoint& outpoint, const Coin& coin) {
        if (!current.outputs.empty() && outpoint.hash != current.txid) finish();
        current.txid = outpoint.hash;
        current.outputs.emplace_back(outpoint.n, coin);
    });
    if (!stats) throw RPCError(RPC_INTERNAL_ERROR, "Unable to read UTXO set");
    finish();
}

Json GetRequests(RPCContext& ctx, const RPCRequest& r) {
    std::optional<uint256> genesis;
    if (!r.params.empty()) {
        const Json& g = r.params[0];
        if (!g.is_string()) {
            throw RPCError(RPC_TYPE_ERROR, "Invalid type provided. genesisHash parameter must be string.");
        }
        if (!g.get<std::string>().empty()) genesis = ParseHashLenient(g);
    }
    bool in_auction = false;
    if (r.params.size() > 1) {
        const Json& a = r.params[1];
        if (a.is_boolean()) {
            in_auction = a.get<bool>();
        } else if (!a.is_number()) {  // a number is accepted but does not turn the filter on
            throw RPCError(RPC_TYPE_ERROR, "Invalid type provided. inAuction parameter must be boolean.");
        }
    }

    Chainstate& chain = ChainstateOf(ctx);
    std::lock_guard lock(chain.mutex());
    const uint32_t tip = static_cast<uint32_t>(chain.Height());
    std::vector<AuctionRequest> found;
    const std::optional<uint256> permission =
        ctx.params ? ctx.params->genesis_assets.permission : std::nullopt;
    if (permission) {
        ForEachTransaction(chain, [&](const TxCoins& coins) {
            const Coin* out0 = coins.Output0();
            if (!out0 || coins.Slots() != 1 || out0->coinbase) return;
            if (!out0->out.asset.IsExplicit() || out0->out.asset.GetAsset() != *permission) return;
            auto request = DecodeRequest(out0->out, coins.txid, out0->height);
            if (!request || request->end_height <= tip) return;
            if (genesis && request->genesis_hash != *genesis) return;
            if (in_auction && request->start_height <= tip) return;
            found.push_back(std::move(*request));
        });
    }
    // With a genesis filter only the earliest confirmed request is returned (the first one on ties).
    if (genesis && found.size() > 1) {
        auto earliest = std::min_element(found.begin(), found.end(), [](const auto& a, const auto& b) {
            return a.confirmed_height < b.confirmed_height;
        });
        found = {*earliest};
    }
    Json result = Json::array();
    for (const AuctionRequest& request : found) result.push_back(RequestToJson(request, tip, true));
    return result;
}

Json GetRequestBids(RPCContext& ctx, const RPCRequest& r) {
    const uint256 hash = ParseHashLenient(Param(r, 0));
    Chainstate& chain = ChainstateOf(ctx);
    std::lock_guard lock(chain.mutex());
    const uint32_t tip = static_cast<uint32_t>(chain.Height());
    const uint256 domain_asset = ctx.params ? ctx.params->pegged_asset : uint256();

    std::optional<AuctionRequest> request;
    std::vector<AuctionBid> candidates;  // bids naming the request, validated once it is known
    ForEachTransaction(chain, [&](const TxCoins& coins) {
        if (coins.txid == hash) {
            // Neither the asset nor the output count is checked on this path (as in Ocean).
            if (const Coin* out0 = coins.Output0()) {
                auto decoded = DecodeRequest(out0->out, coins.txid, out0->height);
                if (decoded && decoded->end_height > tip) request = std::move(decoded);
            }
        }
        if (coins.Slots() <= 1 || coins.Any().coinbase) return;
        std::vector<const TxOut*> outputs;
        for (const auto& [n, coin] : coins.outputs) outputs.push_back(&coin.out);
        auto bid = DecodeBid(outputs, domain_asset, coins.txid, coins.Any().height);
        if (bid && bid->request_txid == hash) candidates.push_back(std::move(*bid));
    });
    if (!request) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "No such request transaction");

    BidSet bids(request->num_tickets);
    for (const AuctionBid& bid : candidates) {
        if (IsValidBid(*request, bid)) bids.Add(bid);
    }
    Json result = RequestToJson(*request, tip, true);
    Json list = Json::array();
    for (const AuctionBid& bid : bids.Bids()) {
        Json b = Json::object();
        b["txid"] = bid.txid.ToHex();
        b["feePubKey"] = HexStr(bid.fee_pubkey);
        list.push_back(std::move(b));
    }
    result["bids"] = std::move(list);
    return result;
}

}  // namespace

Json RequestToJson(const AuctionRequest& r, uint32_t tip_height, bool with_txid) {
    Json j = Json::object();
    j["genesisBlock"] = r.genesis_hash.ToHex();
    j["confirmedBlockHeight"] = static_cast<int32_t>(r.confirmed_height);
    j["startBlockHeight"] = static_cast<int32_t>(r.start_height);
    j["numTickets"] = static_cast<int32_t>(r.num_tickets);
    j["decayConst"] = static_cast<int32_t>(r.decay_const);
    j["feePercentage"] = static_cast<int32_t>(r.fee_percentage);
    j["endBlockHeight"] = static_cast<int32_t>(r.end_height);
    j["startPrice"] = ValueFromAmount(r.start_price);
    j["auctionPrice"] = ValueFromAmount(GetAuctionPrice(r, tip_height));
    if (with_txid) j["txid"] = r.txid.ToHex();
    return j;
}

// The request members in the help of getrequests and getrequestbids.
constexpr const char* kRequestFieldsHelp =
    "   \"genesisBlock\": \"hash\",     (string) Client genesis for request\n"
    "   \"confirmedBlockHeight\": n,  (numeric) Block height the request was confirmed\n"
    "   \"startBlockHeight\": n,      (numeric) Request start height\n"
    "   \"numTickets\": n,            (numeric) The number of guardnodes required\n"
    "   \"decayConst\": n,            (numeric) Decay constant for auction\n"
    "   \"feePercentage\": n,         (numeric) Fee percentage\n"
    "   \"endBlockHeight\": n,        (numeric) Request end height\n"
    "   \"startPrice\": n,            (numeric) Auction starting price\n"
    "   \"auctionPrice\": n,          (numeric) Auction current price\n"
    "   \"txid\": \"hash\",             (string) The request transaction hash\n";

void RegisterRequestRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add(
        {"blockchain",
         "getrequests",
         {"genesis_hash"},
         0,
         2,
         "getrequests ( \"genesishash\" inAuction )\n"
         "Returns an array containing all active requests in the system.\n"
         "\nArguments:\n"
         "1. \"genesishash\"   (string, optional) The client genesis hash for the request (\"\" for all)\n"
         "2. inAuction       (boolean, optional) Only the requests whose auction is still running\n"
         "\nResult:\n"
         "[\n"
         " {\n" +
             std::string(kRequestFieldsHelp) +
             " },\n"
             "]\n"
             "\nExamples:\n"
             "> ocean-cli getrequests\n"
             "> ocean-cli getrequests 123450e138b1014173844ee0e4d557ff8a2463b14fcaeab18f6a63aa7c7e1d05\n",
         [&ctx](const RPCRequest& r) -> Json { return GetRequests(ctx, r); }});

    table.Add(
        {"blockchain",
         "getrequestbids",
         {"request_hash"},
         1,
         1,
         "getrequestbids ( \"requesthash\" )\n"
         "Returns an object containing the bids for the specified request.\n"
         "\nArguments:\n"
         "1. \"requesthash\"   (string, optional) The request transaction hash\n"
         "\nResult:\n"
         "{\n" +
             std::string(kRequestFieldsHelp) +
             "   \"bids\": [                   (array of objects) List of bid transactions\n"
             "       {\n"
             "           \"txid\": \"hash\",      (string) The bid transaction hash\n"
             "           \"feePubKey\": \"hex\",  (string) The fee public key of the bid\n"
             "       },\n"
             "   ]\n"
             "}\n"
             "\nExamples:\n"
             "> ocean-cli getrequestbids 123450e138b1014173844ee0e4d557ff8a2463b14fcaeab18f6a63aa7c7e1d05\n",
         [&ctx](const RPCRequest& r) -> Json { return GetRequestBids(ctx, r); }});
}

}  // namespace ocean
