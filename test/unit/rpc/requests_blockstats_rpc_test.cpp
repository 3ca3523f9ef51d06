// getrequests / getrequestbids, getblockstats and gettxoutproof against a real Chainstate: a chain with
// OP_TRUE free coins and OP_TRUE PERMISSION coins, on which the tests mine requests and bids (no
// signatures needed) with the consensus block assembler. The request-auction scenario of requests.md
// §12 is replayed on chain; the UTXO-scan rules (one output slot, Ocean's per-transaction coins, expiry,
// the genesis and auction filters, the bid set) and getblockstats' figures and errors are checked.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "../consensus/consensus_test_util.h"
#include "ocean/chain/chainstate.h"
#include "ocean/consensus/auction.h"
#include "ocean/consensus/block_assembly.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/primitives/partial_merkle_tree.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/script/standard.h"
#include "ocean/util/clock.h"
#include "ocean/util/hex.h"
#include "ocean/util/logging.h"
#include "rpc_test_util.h"
#include "util/temp_dir.h"

namespace ocean {
namespace {

using P = std::pair<int, std::string>;

const std::vector<std::string> kPermissionChain = {
    "-initialfreecoins=2100000000000000", "-initialfreecoinsdestination=51", "-policycoins=50000000000000",
    "-permissioncoinsdestination=51"};
const std::vector<std::string> kDevChain = {"-initialfreecoins=2100000000000000"};

constexpr Amount kFreeCoin = 2100000000000000 / 100;      // each genesis free-coin output
constexpr Amount kPermissionCoin = 50000000000000 / 100;  // each genesis PERMISSION output

// An RPC table with the three command groups over its own chain state.
class Harness : public test::RPCTableCaller {
  public:
    Harness(const std::vector<std::string>& args, bool txindex) : params_(test::ParamsFromArgs(args)) {
        ctx_.params = &params_;
        ctx_.chain_name = params_.genesis_params.chain;
        ctx_.table = &table_;
        ctx_.clock = &clock_;
        RegisterTxOutProofRPCs(table_, ctx_);
        RegisterBlockStatsRPCs(table_, ctx_);
        RegisterRequestRPCs(table_, ctx_);
        table_.SetWarmupFinished();
        ChainstateOptions opt;
        opt.datadir = dir_.path() / "chain";
        opt.cache_bytes = 8u << 20;
        opt.txindex = txindex;
        opt.par = 1;
        auto cs = Chainstate::Open(params_, opt, log_, clock_);
        if (!cs) throw std::runtime_error(cs.error().ToString());
        chain_ = std::move(cs.value());
        ctx_.chainstate = chain_.get();
        ctx_.txindex = txindex;
    }

    Chainstate& chain() { return *chain_; }
    const ChainParams& params() const { return params_; }
    const Block& genesis() const { return params_.genesis; }
    RPCContext& ctx() { return ctx_; }

    // Mines a block with `txs` on the tip and returns it.
    Block Mine(std::vector<MutableTransaction> txs = {}) {
        const BlockIndex* tip = chain_->Tip();
        BlockAssemblyInput in;
        in.prev_hash = tip->GetBlockHash();
        in.prev = tip->AsPrev();
        clock_.AdvanceMicros(60 * 1000000LL);
        in.now = clock_.UnixSeconds();
        for (auto& tx : txs) in.txs.push_back(MakeTransactionRef(std::move(tx)));
        Block block = AssembleBlock(params_, in);
        ValidationState state;
        EXPECT_TRUE(chain_->ProcessNewBlock(block, state)) << state.ToString();
        EXPECT_EQ(chain_->Tip()->GetBlockHash(), block.GetHash()) << state.ToString();
        return block;
    }
    void MineTo(int height) {
        while (chain_->Height() < height) Mine();
    }

  private:
    ChainParams params_;
    test::TempDir dir_;
    MockClock clock_{1514764800 + 3600};
    Logger log_{clock_};
    RPCContext ctx_;
    std::unique_ptr<Chainstate> chain_;
};

TxOut Explicit(const uint256& asset, Amount value, Bytes script) {
    TxOut o;
    o.asset.SetExplicit(asset);
    o.value.SetExplicit(value);
    o.script_pubkey = std::move(script);
    return o;
}

// An unsigned transaction spending OP_TRUE outputs (empty scriptSigs, sequence 0xfffffffe).
MutableTransaction Spend(std::vector<OutPoint> inputs, std::vector<TxOut> outputs, uint32_t lock_time) {
    MutableTransaction tx;
    tx.version = 2;
    for (const OutPoint& o : inputs) {
        TxIn& in = tx.vin.emplace_back();
        in.prevout = o;
        in.sequence = 0xfffffffe;
    }
    tx.vout = std::move(outputs);
    tx.lock_time = lock_time;
    return tx;
}

Bytes PubKeyBytes(uint8_t b) {
    const PubKey pk = test::KeyFromByte(b).GetPubKey();
    return Bytes(pk.span().begin(), pk.span().end());
}

RequestFields Fields(const uint256& genesis, uint32_t start, int64_t end, uint32_t tickets, uint32_t decay,
                     Amount start_price) {
    RequestFields f;
    f.genesis_hash = genesis;
    f.start_height = start;
    f.end_height = end;
    f.num_tickets = tickets;
    f.decay_const = decay;
    f.fee_percentage = 3;
    f.start_price = start_price;
    return f;
}

std::vector<std::string> Keys(const Json& j) {
    std::vector<std::string> out;
    for (auto it = j.begin(); it != j.end(); ++it) out.push_back(it.key());
    return out;
}

std::vector<std::string> Txids(const Json& array) {
    std::vector<std::string> out;
    for (const Json& e : array) out.push_back(e["txid"].get<std::string>());
    return out;
}

// The txids in the UTXO walk's order (raw internal bytes).
std::vector<std::string> InTxidOrder(std::vector<uint256> ids) {
    std::sort(ids.begin(), ids.end());
    std::vector<std::string> out;
    for (const uint256& id : ids) out.push_back(id.ToHex());
    return out;
}

int64_t AsInt(const Json& j) {
    return j.get<int64_t>();
}

const uint256 kGenesisA =
    uint256::FromHex("867da0e138b1014173844ee0e4d557ff8a2463b14fcaeab18f6a63aa7c7e1d05");
const uint256 kGenesisB =
    uint256::FromHex("1111111111111111111111111111111111111111111111111111111111111111");

class RequestRpc : public ::testing::Test {
  protected:
    RequestRpc() : h_(kPermissionChain, true) {}

    const uint256& Permission() const { return *h_.params().genesis_assets.permission; }
    const uint256& Pegged() const { return h_.params().pegged_asset; }
    OutPoint PermissionCoin(uint32_t n) const { return OutPoint(h_.genesis().vtx[2]->GetTxid(), n); }
    OutPoint FreeCoin(uint32_t n) const { return OutPoint(h_.genesis().vtx[1]->GetTxid(), n); }

    MutableTransaction Request(uint32_t coin, const RequestFields& f, bool with_change = false) {
        std::vector<TxOut> outs;
        const Amount change = with_change ? 1000 : 0;
        outs.push_back(
            Explicit(Permission(), kPermissionCoin - change, GetScriptForRequest(f, PubKeyBytes(1)).bytes()));
        if (with_change) outs.push_back(Explicit(Permission(), change, {0x51}));
        return Spend({PermissionCoin(coin)}, std::move(outs), static_cast<uint32_t>(h_.chain().Height()));
    }
    // A bid in the pegged asset: [bid, OP_TRUE change, fee] (or [bid, fee] without change).
    MutableTransaction Bid(uint32_t coin, const uint256& request, Amount stake, int64_t lock,
                           bool with_change = true) {
        const Amount fee = 1000;
        std::vector<TxOut> outs;
        outs.push_back(
            Explicit(Pegged(), stake,
                     GetScriptForBid(lock, PubKeyBytes(2), request, PubKeyBytes(3 + coin % 5)).bytes()));
        if (with_change) outs.push_back(Explicit(Pegged(), kFreeCoin - stake - fee, {0x51}));
        outs.push_back(Explicit(Pegged(), with_change ? fee : kFreeCoin - stake, {}));
        return Spend({FreeCoin(coin)}, std::move(outs), static_cast<uint32_t>(h_.chain().Height()));
    }

    Harness h_;
};

TEST_F(RequestRpc, Registration) {
    EXPECT_EQ(h_.Fail("getrequestbids"), P(-1, h_.ctx().table->Find("getrequestbids")->help));
    EXPECT_EQ(h_.Fail("getrequests", Json::array({"", true, 1})).first, -1);
    const RPCCommand* c = h_.ctx().table->Find("getrequests");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->category, "blockchain");
    EXPECT_EQ(c->arg_names, std::vector<std::string>{"genesis_hash"});
    EXPECT_EQ(c->min_args, 0u);
    EXPECT_EQ(c->max_args, 2u);
    c = h_.ctx().table->Find("getrequestbids");
    EXPECT_EQ(c->arg_names, std::vector<std::string>{"request_hash"});
    EXPECT_EQ(c->min_args, 1u);
    EXPECT_EQ(c->max_args, 1u);
}

TEST_F(RequestRpc, AuctionScenarioThroughTheUtxoSet) {
    // Genesis PERMISSION outputs (100 per tx) are never requests.
    EXPECT_EQ(h_.Call("getrequests"), Json::array());
    h_.MineTo(102);

    // Block 103: R1 (the §12 scenario request) and R3 (a request with a PERMISSION change output).
    MutableTransaction r1 = Request(0, Fields(kGenesisA, 115, 130, 2, 100, 20 * COIN));
    MutableTransaction r3 = Request(1, Fields(kGenesisA, 120, 140, 5, 10, 1 * COIN), true);
    const uint256 r1_id = r1.GetTxid(), r3_id = r3.GetTxid();
    h_.Mine({r1, r3});
    // Block 104: R2 (other genesis, auction over at 107), R4 (genesis A, confirmed later), R5 (expired).
    MutableTransaction r2 = Request(2, Fields(kGenesisB, 107, 125, 1, 5, 5 * COIN));
    MutableTransaction r4 = Request(3, Fields(kGenesisA, 118, 135, 3, 50, 2 * COIN));
    MutableTransaction r5 = Request(4, Fields(kGenesisA, 110, 104, 3, 50, 2 * COIN));
    const uint256 r2_id = r2.GetTxid(), r4_id = r4.GetTxid(), r5_id = r5.GetTxid();
    h_.Mine({r2, r4, r5});

    // R3 has two unspent outputs: not listed (Ocean's coins entry has two output slots).
    EXPECT_EQ(Txids(h_.Call("getrequests")), InTxidOrder({r1_id, r2_id, r4_id}));
    // Block 105: spending R3's change leaves only output 0, and R3 is listed.
    h_.Mine({Spend({OutPoint(r3_id, 1)}, {Explicit(Permission(), 1000, {0x51})}, 104)});
    EXPECT_EQ(Txids(h_.Call("getrequests")), InTxidOrder({r1_id, r2_id, r3_id, r4_id}));

    // Blocks 106-108: the scenario's bids (each paying the price of the previous height) and others.
    AuctionRequest req1;
    req1.confirmed_height = 103;
    req1.start_height = 115;
    req1.decay_const = 100;
    req1.start_price = 20 * COIN;
    MutableTransaction b1 = Bid(0, r1_id, GetAuctionPrice(req1, 105), 130);
    MutableTransaction low = Bid(1, r1_id, GetAuctionPrice(req1, 106) - 1, 130);  // below the price
    MutableTransaction short_lock = Bid(2, r1_id, 19 * COIN, 129);                // unlocked too early
    MutableTransaction no_change = Bid(3, r1_id, 19 * COIN, 130, false);          // one output slot
    MutableTransaction other = Bid(4, r2_id, 4 * COIN, 200);                      // for R2
    MutableTransaction for_r3 = Bid(5, r3_id, 2 * COIN, 140);
    const uint256 b1_id = b1.GetTxid(), other_id = other.GetTxid(), r3_bid_id = for_r3.GetTxid();
    const Block block106 = h_.Mine({b1, low, short_lock, no_change, other, for_r3});
    MutableTransaction b2 = Bid(6, r1_id, GetAuctionPrice(req1, 106), 131);
    const uint256 b2_id = b2.GetTxid();
    h_.Mine({b2});
    MutableTransaction b3 = Bid(7, r1_id, GetAuctionPrice(req1, 107), 130);
    h_.Mine({b3});
    ASSERT_EQ(h_.chain().Height(), 108);

    // getrequestbids: the request object, then the two best bids (the third is evicted: 2 tickets).
    const Json bids = h_.Call("getrequestbids", Json::array({r1_id.ToHex()}));
    EXPECT_EQ(Keys(bids),
              (std::vector<std::string>{"genesisBlock", "confirmedBlockHeight", "startBlockHeight",
                                        "numTickets", "decayConst", "feePercentage", "endBlockHeight",
                                        "startPrice", "auctionPrice", "txid", "bids"}));
    EXPECT_EQ(bids["genesisBlock"], kGenesisA.ToHex());
    EXPECT_EQ(bids["confirmedBlockHeight"], 103);
    EXPECT_EQ(bids["startBlockHeight"], 115);
    EXPECT_EQ(bids["numTickets"], 2);
    EXPECT_EQ(bids["decayConst"], 100);
    EXPECT_EQ(bids["feePercentage"], 3);
    EXPECT_EQ(bids["endBlockHeight"], 130);
    EXPECT_EQ(JsonAmount(bids["startPrice"]), 20 * COIN);
    EXPECT_EQ(JsonAmount(bids["auctionPrice"]), 1655172413);  // requests.md §12, height 108
    EXPECT_EQ(bids["txid"], r1_id.ToHex());
    ASSERT_EQ(bids["bids"].size(), 2u);
    EXPECT_EQ(bids["bids"][0], (Json{{"txid", b1_id.ToHex()}, {"feePubKey", HexStr(PubKeyBytes(3))}}));
    EXPECT_EQ(bids["bids"][1]["txid"], b2_id.ToHex());
    EXPECT_EQ(Keys(bids["bids"][1]), (std::vector<std::string>{"txid", "feePubKey"}));

    // R2 (1 ticket) has its bid; R3's bid counts although R3 once had two outputs.
    EXPECT_EQ(Txids(h_.Call("getrequestbids", Json::array({r2_id.ToHex()}))["bids"]),
              std::vector<std::string>{other_id.ToHex()});
    EXPECT_EQ(Txids(h_.Call("getrequestbids", Json::array({r3_id.ToHex()}))["bids"]),
              std::vector<std::string>{r3_bid_id.ToHex()});
    // R4 has no bids; R5 expired at once; an unknown hash; a bid is not a request.
    EXPECT_EQ(h_.Call("getrequestbids", Json::array({r4_id.ToHex()}))["bids"], Json::array());
    EXPECT_EQ(h_.Fail("getrequestbids", Json::array({r5_id.ToHex()})), P(-5, "No such request transaction"));
    EXPECT_EQ(h_.Fail("getrequestbids", Json::array({std::string(64, '0')})),
              P(-5, "No such request transaction"));
    // This path checks neither asset nor output count: a bid's output 0 reads as a (meaningless) request.
    const Json bid_as_request = h_.Call("getrequestbids", Json::array({b1_id.ToHex()}));
    EXPECT_EQ(bid_as_request["confirmedBlockHeight"], 106);
    EXPECT_EQ(bid_as_request["endBlockHeight"], 130);
    // The hash is read leniently (Ocean's uint256S): short input is zero-padded, not an error.
    EXPECT_EQ(h_.Fail("getrequestbids", Json::array({"zz"})), P(-5, "No such request transaction"));
    EXPECT_EQ(h_.Fail("getrequestbids", Json::array({12})), P(-1, "JSON value is not a string as expected"));

    // getrequests: key order, values, filters.
    const Json all = h_.Call("getrequests");
    ASSERT_EQ(all.size(), 4u);
    for (const Json& r : all) {
        EXPECT_EQ(Keys(r),
                  (std::vector<std::string>{"genesisBlock", "confirmedBlockHeight", "startBlockHeight",
                                            "numTickets", "decayConst", "feePercentage", "endBlockHeight",
                                            "startPrice", "auctionPrice", "txid"}));
        if (r["txid"] == r1_id.ToHex()) {
            Json expected = bids;
            expected.erase("bids");
            EXPECT_EQ(WriteJson(r), WriteJson(expected));
        }
        if (r["txid"] == r2_id.ToHex()) {
            EXPECT_EQ(r["confirmedBlockHeight"], 104);
            EXPECT_EQ(r["genesisBlock"], kGenesisB.ToHex());
            // The price stays at its value for the start height once the auction is over.
            AuctionRequest req2;
            req2.confirmed_height = 104;
            req2.start_height = 107;
            req2.decay_const = 5;
            req2.start_price = 5 * COIN;
            EXPECT_EQ(JsonAmount(r["auctionPrice"]), GetAuctionPrice(req2, 107));
        }
    }
    // inAuction: only requests whose start height is above the tip (R2's auction ended at 107).
    EXPECT_EQ(Txids(h_.Call("getrequests", Json::array({"", true}))), InTxidOrder({r1_id, r3_id, r4_id}));
    EXPECT_EQ(Txids(h_.Call("getrequests", Json::array({"", false}))),
              InTxidOrder({r1_id, r2_id, r3_id, r4_id}));
    // A number is accepted but does not turn the filter on.
    EXPECT_EQ(h_.Call("getrequests", Json::array({"", 1})).size(), 4u);
    // Genesis filter: the earliest confirmed match only (R1 and R3 tie at 103: the first in txid order).
    const std::string first_of_tie = InTxidOrder({r1_id, r3_id}).front();
    EXPECT_EQ(Txids(h_.Call("getrequests", Json::array({kGenesisA.ToHex()}))),
              std::vector<std::string>{first_of_tie});
    EXPECT_EQ(Txids(h_.Call("getrequests", Json::array({kGenesisB.ToHex()}))),
              std::vector<std::string>{r2_id.ToHex()});
    EXPECT_EQ(Txids(h_.Call("getrequests", Json::array({kGenesisB.ToHex(), true}))),
              std::vector<std::string>{});
    EXPECT_EQ(h_.Call("getrequests", Json::array({std::string(64, 'e')})), Json::array());
    // Named parameter.
    const Json reply = h_.Body(WriteJson(
        Json{{"method", "getrequests"}, {"params", {{"genesis_hash", kGenesisB.ToHex()}}}, {"id", 1}}));
    EXPECT_EQ(Txids(reply["result"]), std::vector<std::string>{r2_id.ToHex()});
    // Type errors.
    EXPECT_EQ(h_.Fail("getrequests", Json::array({5})),
              P(-3, "Invalid type provided. genesisHash parameter must be string."));
    EXPECT_EQ(h_.Fail("getrequests", Json::array({"", "yes"})).first, -3);

    // Height 125: R2 expires (end 125 is not above the tip); R1 is still there until 130.
    h_.MineTo(125);
    EXPECT_EQ(Txids(h_.Call("getrequests")), InTxidOrder({r1_id, r3_id, r4_id}));
    EXPECT_EQ(h_.Fail("getrequestbids", Json::array({r2_id.ToHex()})), P(-5, "No such request transaction"));
    h_.MineTo(129);
    EXPECT_EQ(h_.Call("getrequestbids", Json::array({r1_id.ToHex()}))["bids"].size(), 2u);
    h_.MineTo(130);
    EXPECT_EQ(h_.Fail("getrequestbids", Json::array({r1_id.ToHex()})), P(-5, "No such request transaction"));
    EXPECT_EQ(Txids(h_.Call("getrequests")), InTxidOrder({r3_id, r4_id}));
    (void)block106;
}

TEST_F(RequestRpc, TheBidRequestPathChecksNeitherAssetNorOutputCount) {
    // A request-shaped output in the pegged asset, next to another output: getrequests ignores it,
    // getrequestbids takes it (requests.md §10.4).
    MutableTransaction tx =
        Spend({FreeCoin(9)},
              {Explicit(Pegged(), 5 * COIN,
                        GetScriptForRequest(Fields(kGenesisA, 50, 60, 1, 1, COIN), PubKeyBytes(1)).bytes()),
               Explicit(Pegged(), kFreeCoin - 5 * COIN, {0x51})},
              0);
    const uint256 id = tx.GetTxid();
    h_.Mine({tx});
    EXPECT_EQ(h_.Call("getrequests"), Json::array());
    const Json r = h_.Call("getrequestbids", Json::array({id.ToHex()}));
    EXPECT_EQ(r["confirmedBlockHeight"], 1);
    EXPECT_EQ(r["endBlockHeight"], 60);
    EXPECT_EQ(r["bids"], Json::array());
}

TEST(RequestRpcNoPermission, ChainWithoutPermissionAssetHasNoRequests) {
    Harness h(kDevChain, false);
    ASSERT_FALSE(h.params().genesis_assets.permission.has_value());
    // Even a single-output request-shaped transaction is not a request without a PERMISSION asset.
    const OutPoint coin(h.genesis().vtx[1]->GetTxid(), 0);
    h.Mine(
        {Spend({coin},
               {Explicit(h.params().pegged_asset, kFreeCoin,
                         GetScriptForRequest(Fields(kGenesisA, 50, 60, 1, 1, COIN), PubKeyBytes(1)).bytes())},
               0)});
    EXPECT_EQ(h.Call("getrequests"), Json::array());
    EXPECT_EQ(h.Call("getrequests", Json::array({kGenesisA.ToHex(), true})), Json::array());
}

// ---- getblockstats ----

// Serialized size of an output: a null confidential field is written as one 0x00 byte.
int64_t OutSize(const TxOut& o) {
    auto field = [](size_t n) { return std::max<size_t>(n, 1); };
    return static_cast<int64_t>(field(o.asset.size()) + field(o.value.size()) + field(o.nonce.size()) +
                                CompactSizeLen(o.script_pubkey.size()) + o.script_pubkey.size());
}

class BlockStatsRpc : public RequestRpc {};

TEST_F(BlockStatsRpc, FiguresOfABlockWithBids) {
    h_.MineTo(3);
    // Two transactions with fee outputs, one with none; one has two inputs.
    MutableTransaction a =
        Spend({FreeCoin(0)}, {Explicit(Pegged(), kFreeCoin - 5000, {0x51}), Explicit(Pegged(), 5000, {})}, 3);
    MutableTransaction b = Spend({FreeCoin(1), FreeCoin(2)},
                                 {Explicit(Pegged(), 2 * kFreeCoin - 250000, {0x51}),
                                  Explicit(Pegged(), 100000, {0x6a}), Explicit(Pegged(), 150000, {})},
                                 3);
    MutableTransaction c = Spend({PermissionCoin(5)}, {Explicit(Permission(), kPermissionCoin, {0x51})}, 3);
    const Block block = h_.Mine({a, b, c});
    const Json s = h_.Call("getblockstats", Json::array({4}));
    EXPECT_EQ(Keys(s), (std::vector<std::string>{
                           "avgfee",        "avgfeerate", "avgtxsize",     "blockhash",    "height",
                           "ins",           "maxfee",     "maxfeerate",    "maxtxsize",    "medianfee",
                           "medianfeerate", "mediantime", "mediantxsize",  "minfee",       "minfeerate",
                           "mintxsize",     "outs",       "subsidy",       "swtotal_size", "swtotal_weight",
                           "swtxs",         "time",       "total_out",     "total_size",   "total_weight",
                           "totalfee",      "txs",        "utxo_increase", "utxo_size_inc"}));
    const Transaction& ta = *block.vtx[1];
    const Transaction& tb = *block.vtx[2];
    const Transaction& tc = *block.vtx[3];
    EXPECT_EQ(s["blockhash"], block.GetHash().ToHex());
    EXPECT_EQ(AsInt(s["height"]), 4);
    EXPECT_EQ(AsInt(s["txs"]), 4);
    EXPECT_EQ(AsInt(s["ins"]), 4);
    EXPECT_EQ(AsInt(s["outs"]), static_cast<int64_t>(block.vtx[0]->vout.size()) + 2 + 3 + 1);
    EXPECT_EQ(AsInt(s["utxo_increase"]), AsInt(s["outs"]) - 4);
    EXPECT_EQ(AsInt(s["totalfee"]), 155000);
    EXPECT_EQ(AsInt(s["minfee"]), 0);
    EXPECT_EQ(AsInt(s["maxfee"]), 150000);
    EXPECT_EQ(AsInt(s["medianfee"]), 5000);
    EXPECT_EQ(AsInt(s["avgfee"]), 155000 / 3);
    const int64_t wa = ta.GetWeight(), wb = tb.GetWeight(), wc = tc.GetWeight();
    EXPECT_EQ(AsInt(s["total_weight"]), wa + wb + wc);
    EXPECT_EQ(AsInt(s["avgfeerate"]), 155000 * 4 / (wa + wb + wc));
    EXPECT_EQ(AsInt(s["maxfeerate"]), std::max(5000 * 4 / wa, 150000 * 4 / wb));
    EXPECT_EQ(AsInt(s["minfeerate"]), 0);
    std::vector<int64_t> rates = {5000 * 4 / wa, 150000 * 4 / wb, 0};
    std::sort(rates.begin(), rates.end());
    EXPECT_EQ(AsInt(s["medianfeerate"]), rates[1]);
    const int64_t za = ta.GetTotalSize(), zb = tb.GetTotalSize(), zc = tc.GetTotalSize();
    EXPECT_EQ(AsInt(s["total_size"]), za + zb + zc);
    EXPECT_EQ(AsInt(s["avgtxsize"]), (za + zb + zc) / 3);
    EXPECT_EQ(AsInt(s["maxtxsize"]), std::max({za, zb, zc}));
    EXPECT_EQ(AsInt(s["mintxsize"]), std::min({za, zb, zc}));
    std::vector<int64_t> sizes = {za, zb, zc};
    std::sort(sizes.begin(), sizes.end());
    EXPECT_EQ(AsInt(s["mediantxsize"]), sizes[1]);
    EXPECT_EQ(AsInt(s["total_out"]), kFreeCoin + 2 * kFreeCoin + kPermissionCoin);
    EXPECT_EQ(AsInt(s["swtxs"]), 0);
    EXPECT_EQ(AsInt(s["swtotal_size"]), 0);
    EXPECT_EQ(AsInt(s["swtotal_weight"]), 0);
    EXPECT_EQ(AsInt(s["subsidy"]), 0);
    EXPECT_EQ(AsInt(s["time"]), block.time);
    EXPECT_EQ(AsInt(s["mediantime"]), h_.chain().Tip()->GetMedianTimePast());
    // utxo_size_inc: every output created (OP_RETURN and fee outputs included) minus the spent ones,
    // each with 41 bytes of overhead.
    int64_t inc = 0;
    for (const auto& tx : block.vtx)
        for (const TxOut& o : tx->vout) inc += OutSize(o) + 41;
    const TxOut& free_out = h_.genesis().vtx[1]->vout[0];
    const TxOut& perm_out = h_.genesis().vtx[2]->vout[0];
    inc -= 3 * (OutSize(free_out) + 41) + OutSize(perm_out) + 41;
    EXPECT_EQ(AsInt(s["utxo_size_inc"]), inc);

    // By hash (a JSON string), and a subset: alphabetical, duplicates merged.
    EXPECT_EQ(h_.Call("getblockstats", Json::array({block.GetHash().ToHex()})), s);
    const Json sub =
        h_.Call("getblockstats", Json::array({4, Json::array({"txs", "height", "avgfee", "txs"})}));
    EXPECT_EQ(WriteJson(sub), WriteJson(Json{{"avgfee", s["avgfee"]}, {"height", 4}, {"txs", 4}}));
    // Up to four parameters; the third and fourth are ignored.
    EXPECT_EQ(h_.Call("getblockstats", Json::array({4, Json::array({"ins"}), "x", 7})), (Json{{"ins", 4}}));
    EXPECT_EQ(h_.Fail("getblockstats", Json::array({4, nullptr, 1, 2, 3})).first, -1);
    // Named parameters.
    const Json reply = h_.Body(WriteJson(Json{
        {"method", "getblockstats"}, {"params", {{"hash_or_height", 4}, {"stats", {"outs"}}}}, {"id", 1}}));
    EXPECT_EQ(reply["result"]["outs"], s["outs"]);
}

TEST_F(BlockStatsRpc, Errors) {
    h_.MineTo(2);
    EXPECT_EQ(h_.Fail("getblockstats", Json::array({-1})), P(-8, "Target block height -1 is negative"));
    EXPECT_EQ(h_.Fail("getblockstats", Json::array({3})), P(-8, "Target block height 3 after current tip 2"));
    EXPECT_EQ(h_.Fail("getblockstats", Json::array({std::string(64, '1')})), P(-5, "Block not found"));
    EXPECT_EQ(h_.Fail("getblockstats", Json::array({"xyz"})),
              P(-8, "parameter 1 must be hexadecimal string (not 'xyz')"));
    EXPECT_EQ(h_.Fail("getblockstats", Json::array({1, Json::array({"txs", "bogus"})})),
              P(-8, "Invalid selected statistic bogus"));
    EXPECT_EQ(h_.Fail("getblockstats", Json::array({1, Json::array({"zzz", "aaa"})})),
              P(-8, "Invalid selected statistic aaa"));
    EXPECT_EQ(h_.Fail("getblockstats", Json::array({1, "txs"})),
              P(-1, "JSON value is not an array as expected"));
    EXPECT_EQ(h_.Fail("getblockstats", Json::array({1, Json::array({3})})),
              P(-1, "JSON value is not a string as expected"));
    EXPECT_EQ(h_.Fail("getblockstats").first, -1);
    // The genesis issuances spend no output of the chain: the input stats cannot be computed.
    EXPECT_EQ(h_.Fail("getblockstats", Json::array({0})),
              P(-32603, "Unexpected internal error (tx index seems corrupt)"));
    EXPECT_EQ(h_.Call("getblockstats", Json::array({0, Json::array({"txs", "outs", "ins"})})),
              (Json{{"ins", 2}, {"outs", 201}, {"txs", 3}}));
    // A block of another branch.
    const Block tip2 = h_.genesis();
    (void)tip2;
}

TEST(BlockStatsRpcNoIndex, InputStatsNeedTheTransactionIndex) {
    Harness h(kPermissionChain, false);
    h.Mine();  // coinbase only
    const OutPoint coin(h.genesis().vtx[1]->GetTxid(), 0);
    h.Mine({Spend({coin},
                  {Explicit(h.params().pegged_asset, kFreeCoin - 300, {0x51}),
                   Explicit(h.params().pegged_asset, 300, {})},
                  1)});
    // A block with only its coinbase never reaches the check (Bitcoin 0.17 checks inside the loop).
    const Json s1 = h.Call("getblockstats", Json::array({1}));
    EXPECT_EQ(AsInt(s1["txs"]), 1);
    EXPECT_EQ(AsInt(s1["totalfee"]), 0);
    EXPECT_EQ(h.Fail("getblockstats", Json::array({2})),
              P(-8, "One or more of the selected stats requires -txindex enabled"));
    EXPECT_EQ(h.Fail("getblockstats", Json::array({2, Json::array({"txs", "utxo_size_inc"})})),
              P(-8, "One or more of the selected stats requires -txindex enabled"));
    // Stats that need no inputs work without the index.
    EXPECT_EQ(h.Call("getblockstats", Json::array({2, Json::array({"txs", "ins", "total_out"})})),
              (Json{{"ins", 1}, {"total_out", kFreeCoin}, {"txs", 2}}));
    // An unknown stat is reported when no selected stat needs the index.
    EXPECT_EQ(h.Fail("getblockstats", Json::array({2, Json::array({"txs", "nope"})})),
              P(-8, "Invalid selected statistic nope"));
}

// ---- gettxoutproof without the transaction index: the UTXO set locates the block ----

TEST(TxOutProofRpc, FindsTheBlockThroughUnspentOutputs) {
    Harness h(kPermissionChain, false);
    const uint256 perm_tx = h.genesis().vtx[2]->GetTxid();
    // Spend output 0 of the free-coin tx and everything but the last output of a block-1 transaction.
    std::vector<TxOut> outs;
    for (int i = 0; i < 5; ++i) outs.push_back(Explicit(h.params().pegged_asset, kFreeCoin / 5, {0x51}));
    MutableTransaction fan = Spend({OutPoint(h.genesis().vtx[1]->GetTxid(), 0)}, outs, 0);
    const uint256 fan_id = fan.GetTxid();
    const Block b1 = h.Mine({fan});
    std::vector<OutPoint> first4;
    for (uint32_t n = 0; n < 4; ++n) first4.emplace_back(fan_id, n);
    h.Mine({Spend(first4, {Explicit(h.params().pegged_asset, 4 * (kFreeCoin / 5), {0x51})}, 1)});
    // Output 4 is the only unspent one: the proof is still found.
    const std::string proof = h.Call("gettxoutproof", Json::array({Json::array({fan_id.ToHex()})}));
    auto mb = DecodeMerkleBlock(*ParseHex(proof));
    ASSERT_TRUE(mb.ok());
    EXPECT_EQ(mb->header.GetHash(), b1.GetHash());
    EXPECT_EQ(h.Call("verifytxoutproof", Json::array({proof})), Json::array({fan_id.ToHex()}));
    // Genesis transactions (height 0) are not found through the UTXO set, and there is no index.
    EXPECT_EQ(h.Fail("gettxoutproof", Json::array({Json::array({perm_tx.ToHex()})})),
              P(-5, "Transaction not yet in block"));
    // An unknown transaction probes every possible output index and fails; it must stay fast enough.
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(h.Fail("gettxoutproof", Json::array({Json::array({std::string(64, '7')})})),
              P(-5, "Transaction not yet in block"));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(seconds, 10.0);
    std::printf("unknown-txid probe without -txindex: %.3f s\n", seconds);
    // With the block given, genesis transactions are provable.
    const std::string gproof =
        h.Call("gettxoutproof", Json::array({Json::array({perm_tx.ToHex()}), h.genesis().GetHash().ToHex()}));
    EXPECT_EQ(h.Call("verifytxoutproof", Json::array({gproof})), Json::array({perm_tx.ToHex()}));
}

}  // namespace
}  // namespace ocean
