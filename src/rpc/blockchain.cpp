// The blockchain category (rpc.md §6.2, §6.3 chain metadata, §6.13 hidden chain commands): queries
// of the active chain, blocks, headers and the UTXO set, and the operator's invalidate/reconsider/
// precious actions.
#include <algorithm>
#include <chrono>
#include <map>

#include "ocean/chain/block_index.h"
#include "ocean/chain/chainstate.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/consensus/genesis.h"
#include "ocean/core_io/tx_json.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/primitives/block.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/tip_notifier.h"
#include "ocean/rpc/util.h"
#include "ocean/script/asm.h"
#include "ocean/script/standard.h"
#include "ocean/util/fs.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

std::string ChainWorkHex(const BlockIndex& index) {
    uint256 work;
    uint64_t w = index.ChainWork();
    for (int i = 0; i < 8; ++i) work.data()[i] = static_cast<uint8_t>(w >> (8 * i));
    return work.ToHex();
}

std::string VersionHex(int32_t version) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", static_cast<uint32_t>(version));
    return buf;
}

// Confirmations of a block: tip height - height + 1 on the active chain, else -1.
int Confirmations(const Chainstate& chain, const BlockIndex& index) {
    return chain.IsOnActiveChain(&index) ? chain.Height() - index.height + 1 : -1;
}

// The members every header and block object share, in Ocean's order, split around the size fields
// (getblock puts strippedsize/size/weight after confirmations) and the tx list.
void AddHeaderFields(Json& j, const Chainstate& chain, const BlockIndex& index, bool after_tx) {
    if (!after_tx) {
        j["height"] = index.height;
        j["version"] = index.version;
        j["versionHex"] = VersionHex(index.version);
        j["merkleroot"] = index.merkle_root.ToHex();
        return;
    }
    j["time"] = index.time;
    j["mediantime"] = index.GetMedianTimePast();
    j["nonce"] = 1;
    j["bits"] = ScriptToAsm(Script(index.proof.challenge));
    j["difficulty"] = 1.0;
    j["chainwork"] = ChainWorkHex(index);
    j["contracthash"] = index.contract_hash.ToHex();
    j["attestationhash"] = index.attestation_hash.ToHex();
    j["mappinghash"] = index.mapping_hash.ToHex();
    if (index.prev) j["previousblockhash"] = index.prev->GetBlockHash().ToHex();
    if (chain.IsOnActiveChain(&index)) {
        if (const BlockIndex* next = chain.AtHeight(index.height + 1)) {
            j["nextblockhash"] = next->GetBlockHash().ToHex();
        }
    }
}

Json HeaderToJson(const Chainstate& chain, const BlockIndex& index) {
    Json j = Json::object();
    j["hash"] = index.GetBlockHash().ToHex();
    j["confirmations"] = Confirmations(chain, index);
    AddHeaderFields(j, chain, index, false);
    AddHeaderFields(j, chain, index, true);
    return j;
}

Json BlockToJson(const Chainstate& chain, const Block& block, const BlockIndex& index, bool tx_details,
                 const JsonContext& json) {
    Json j = Json::object();
    j["hash"] = index.GetBlockHash().ToHex();
    j["confirmations"] = Confirmations(chain, index);
    j["strippedsize"] = GetBlockStrippedSize(block);
    j["size"] = GetBlockSize(block);
    j["weight"] = GetBlockWeight(block);
    AddHeaderFields(j, chain, index, false);
    Json txs = Json::array();
    for (const auto& tx : block.vtx) {
        if (tx_details) {
            txs.push_back(TxToJson(*tx, json));
        } else {
            txs.push_back(tx->GetTxid().ToHex());
        }
    }
    j["tx"] = std::move(txs);
    AddHeaderFields(j, chain, index, true);
    return j;
}

const BlockIndex& LookupBlock(const Chainstate& chain, const Json& hash_param) {
    const uint256 hash = ParseHashLenient(hash_param);
    const BlockIndex* index = chain.LookupBlockIndex(hash);
    if (!index) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
    return *index;
}

Block ReadBlockOrThrow(const Chainstate& chain, const BlockIndex& index) {
    if (!(index.status & BLOCK_HAVE_DATA)) {
        throw RPCError(RPC_MISC_ERROR, "Block not available (pruned data)");
    }
    auto block = chain.ReadBlock(index);
    if (!block) throw RPCError(RPC_MISC_ERROR, "Can't read block from disk");
    return std::move(block.value());
}

// Height parameter of getcontracthash/getmappinghash: default the tip, else within [0, tip].
int HeightParam(const RPCRequest& request, const Chainstate& chain) {
    if (!HasParam(request, 0)) return chain.Height();
    const int64_t h = GetInt64(Param(request, 0));
    if (h < 0 || h > chain.Height()) throw RPCError(RPC_INVALID_PARAMETER, "Block height out of range");
    return static_cast<int>(h);
}

Json Bip9Softforks() {
    // Ocean's custom chains have csv and segwit active from genesis (start 0, timeout 999999999999).
    Json forks = Json::object();
    for (const char* name : {"csv", "segwit"}) {
        Json f = Json::object();
        f["status"] = "active";
        f["startTime"] = 0;
        f["timeout"] = int64_t{999999999999};
        f["since"] = 0;
        forks[name] = std::move(f);
    }
    return forks;
}

}  // namespace

void RegisterBlockchainRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add({"blockchain",
               "getbestblockhash",
               {},
               0,
               0,
               "getbestblockhash\n"
               "\nReturns the hash of the best (tip) block in the longest blockchain.\n"
               "\nResult:\n\"hex\"      (string) the block hash hex encoded\n"
               "\nExamples:\n> ocean-cli getbestblockhash\n",
               [&ctx](const RPCRequest&) -> Json {
                   Chainstate& chain = ChainstateOf(ctx);
                   std::lock_guard lock(chain.mutex());
                   return chain.Tip()->GetBlockHash().ToHex();
               }});

    table.Add({"blockchain",
               "getblockcount",
               {},
               0,
               0,
               "getblockcount\n"
               "\nReturns the number of blocks in the longest blockchain.\n"
               "\nResult:\nn    (numeric) The current block count\n"
               "\nExamples:\n> ocean-cli getblockcount\n",
               [&ctx](const RPCRequest&) -> Json { return ChainstateOf(ctx).Height(); }});

    table.Add({"blockchain",
               "getblockhash",
               {"height"},
               1,
               1,
               "getblockhash height\n"
               "\nReturns hash of block in best-block-chain at height provided.\n"
               "\nArguments:\n1. height         (numeric, required) The height index\n"
               "\nResult:\n\"hash\"         (string) The block hash\n"
               "\nExamples:\n> ocean-cli getblockhash 1000\n",
               [&ctx](const RPCRequest& r) -> Json {
                   Chainstate& chain = ChainstateOf(ctx);
                   const int64_t h = GetInt64(Param(r, 0));
                   std::lock_guard lock(chain.mutex());
                   if (h < 0 || h > chain.Height()) {
                       throw RPCError(RPC_INVALID_PARAMETER, "Block height out of range");
                   }
                   return chain.AtHeight(static_cast<int>(h))->GetBlockHash().ToHex();
               }});

    table.Add(
        {"blockchain",
         "getblockheader",
         {"blockhash", "verbose"},
         1,
         2,
         "getblockheader \"hash\" ( verbose )\n"
         "\nIf verbose is false, returns a string that is serialized, hex-encoded data for blockheader "
         "'hash'.\nIf verbose is true, returns an Object with information about blockheader <hash>.\n"
         "\nArguments:\n1. \"hash\"          (string, required) The block hash\n"
         "2. verbose           (boolean, optional, default=true) true for a json object, false for "
         "the hex encoded data\n"
         "\nResult (for verbose = true):\n{\n  \"hash\" : \"hash\",     (string) the block hash\n"
         "  \"confirmations\" : n,   (numeric) confirmations, or -1 if not on the main chain\n"
         "  \"height\" : n, \"version\" : n, \"versionHex\" : \"00000000\", \"merkleroot\" : \"xxxx\",\n"
         "  \"time\" : ttt, \"mediantime\" : ttt, \"nonce\" : 1, \"bits\" : \"challenge asm\",\n"
         "  \"difficulty\" : 1, \"chainwork\" : \"xxxx\", \"contracthash\" : \"xxxx\",\n"
         "  \"attestationhash\" : \"xxxx\", \"mappinghash\" : \"xxxx\",\n"
         "  \"previousblockhash\" : \"hash\", \"nextblockhash\" : \"hash\"\n}\n"
         "\nResult (for verbose=false):\n\"data\"             (string) serialized, hex-encoded header "
         "including its proof\n"
         "\nExamples:\n> ocean-cli getblockheader "
         "\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\"\n",
         [&ctx](const RPCRequest& r) -> Json {
             Chainstate& chain = ChainstateOf(ctx);
             const std::string hash = GetStr(Param(r, 0));
             bool verbose = true;
             if (HasParam(r, 1)) verbose = GetBool(Param(r, 1));
             std::lock_guard lock(chain.mutex());
             const BlockIndex& index = LookupBlock(chain, hash);
             if (!verbose) return HexStr(EncodeBlockHeader(index.GetBlockHeader()));
             return HeaderToJson(chain, index);
         }});

    table.Add(
        {"blockchain",
         "getblock",
         {"blockhash", "verbosity"},
         1,
         2,
         "getblock \"blockhash\" ( verbosity )\n"
         "\nIf verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\n"
         "If verbosity is 1, returns an Object with information about block <hash>.\n"
         "If verbosity is 2, returns an Object with information about block <hash> and information "
         "about each transaction.\n"
         "\nArguments:\n1. \"blockhash\"          (string, required) The block hash\n"
         "2. verbosity              (numeric, optional, default=1) 0 for hex encoded data, 1 for a "
         "json object, and 2 for json object with transaction data (true/false also accepted)\n"
         "\nResult (for verbosity = 1):\n{\n  \"hash\", \"confirmations\", \"strippedsize\", \"size\", "
         "\"weight\", \"height\", \"version\", \"versionHex\",\n  \"merkleroot\", \"tx\" : [\"txid\", "
         "...], \"time\", \"mediantime\", \"nonce\", \"bits\", \"difficulty\",\n  \"chainwork\", "
         "\"contracthash\", \"attestationhash\", \"mappinghash\", \"previousblockhash\", "
         "\"nextblockhash\"\n}\n"
         "\nExamples:\n> ocean-cli getblock "
         "\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\"\n",
         [&ctx](const RPCRequest& r) -> Json {
             Chainstate& chain = ChainstateOf(ctx);
             const std::string hash = GetStr(Param(r, 0));
             int verbosity = 1;
             if (HasParam(r, 1)) {
                 const Json& v = Param(r, 1);
                 verbosity = v.is_number() ? GetInt(v) : (GetBool(v) ? 1 : 0);
             }
             std::lock_guard lock(chain.mutex());
             const BlockIndex& index = LookupBlock(chain, hash);
             const Block block = ReadBlockOrThrow(chain, index);
             if (verbosity <= 0) return HexStr(EncodeBlock(block, ctx.rpc_serial_version != 0));
             return BlockToJson(chain, block, index, verbosity >= 2, ctx.json);
         }});

    table.Add(
        {"blockchain",
         "getblockchaininfo",
         {},
         0,
         0,
         "getblockchaininfo\n"
         "Returns an object containing various state info regarding blockchain processing.\n"
         "\nResult:\n{\n  \"chain\": \"xxxx\",        (string) current chain name\n"
         "  \"blocks\": xxxxxx,         (numeric) the current number of blocks processed in the server\n"
         "  \"headers\": xxxxxx,        (numeric) the current number of headers we have validated\n"
         "  \"bestblockhash\": \"...\", (string) the hash of the currently best block\n"
         "  \"difficulty\": 1,          (numeric) always 1 on a signed-block chain\n"
         "  \"mediantime\": xxxxxx,     (numeric) median time for the current best block\n"
         "  \"verificationprogress\": xxxx, (numeric) estimate of verification progress [0..1]\n"
         "  \"chainwork\": \"xxxx\"     (string) total amount of work in active chain, in hexadecimal\n"
         "  \"pruned\": xx,             (boolean) if the blocks are subject to pruning\n"
         "  \"bip9_softforks\": { \"csv\": {...}, \"segwit\": {...} }\n}\n"
         "\nExamples:\n> ocean-cli getblockchaininfo\n",
         [&ctx](const RPCRequest&) -> Json {
             Chainstate& chain = ChainstateOf(ctx);
             std::lock_guard lock(chain.mutex());
             const BlockIndex* tip = chain.Tip();
             const BlockIndex* best_header = chain.BestHeader();
             Json j = Json::object();
             j["chain"] = ctx.chain_name;
             j["blocks"] = chain.Height();
             j["headers"] = best_header ? best_header->height : -1;
             j["bestblockhash"] = tip->GetBlockHash().ToHex();
             j["difficulty"] = 1.0;
             j["mediantime"] = tip->GetMedianTimePast();
             // Without a transaction-rate model (signed chains have none), a block whose
             // transactions are all known counts as fully verified.
             j["verificationprogress"] = tip->HaveTxsDownloaded() ? 1.0 : 0.0;
             j["chainwork"] = ChainWorkHex(*tip);
             j["pruned"] = false;
             j["bip9_softforks"] = Bip9Softforks();
             return j;
         }});

    table.Add({"blockchain",
               "getchaintips",
               {},
               0,
               0,
               "getchaintips\n"
               "Return information about all known tips in the block tree, including the main chain as "
               "well as orphaned branches.\n"
               "\nResult:\n[\n  {\n    \"height\": xxxx,         (numeric) height of the chain tip\n"
               "    \"hash\": \"xxxx\",         (string) block hash of the tip\n"
               "    \"branchlen\": 0          (numeric) zero for main chain\n"
               "    \"status\": \"active\"      (string) \"active\" for the main chain\n  },\n  ...\n]\n"
               "Possible values for status:\n"
               "1.  \"invalid\"               This branch contains at least one invalid block\n"
               "2.  \"headers-only\"          Not all blocks for this branch are available, but the headers "
               "are valid\n"
               "3.  \"valid-headers\"         All blocks are available for this branch, but they were never "
               "fully validated\n"
               "4.  \"valid-fork\"            This branch is not part of the active chain, but is fully "
               "validated\n"
               "5.  \"active\"                This is the tip of the active main chain, which is certainly "
               "valid\n"
               "\nExamples:\n> ocean-cli getchaintips\n",
               [&ctx](const RPCRequest&) -> Json {
                   Chainstate& chain = ChainstateOf(ctx);
                   std::lock_guard lock(chain.mutex());
                   Json out = Json::array();
                   for (const ChainTip& tip : chain.GetChainTips()) {
                       Json j = Json::object();
                       j["height"] = tip.index->height;
                       j["hash"] = tip.index->GetBlockHash().ToHex();
                       j["branchlen"] = tip.branch_len;
                       j["status"] = tip.status;
                       out.push_back(std::move(j));
                   }
                   return out;
               }});

    table.Add({"blockchain",
               "getdifficulty",
               {},
               0,
               0,
               "getdifficulty\n"
               "\nReturns the proof-of-work difficulty as a multiple of the minimum difficulty: always 1 on "
               "a signed-block chain.\n"
               "\nResult:\nn.nnn       (numeric) 1\n"
               "\nExamples:\n> ocean-cli getdifficulty\n",
               [](const RPCRequest&) -> Json { return 1.0; }});

    table.Add({"blockchain",
               "gettxout",
               {"txid", "n", "include_mempool"},
               2,
               3,
               "gettxout \"txid\" n ( include_mempool )\n"
               "\nReturns details about an unspent transaction output.\n"
               "\nArguments:\n1. \"txid\"             (string, required) The transaction id\n"
               "2. n                  (numeric, required) vout number\n"
               "3. include_mempool    (boolean, optional, default=true) Whether to include the mempool\n"
               "\nResult:\n{\n  \"bestblock\" : \"hash\",    (string) the block hash\n"
               "  \"confirmations\" : n,       (numeric) The number of confirmations\n"
               "  \"value\" : x.xxx,           (numeric) The transaction value (or \"amountcommitment\")\n"
               "  \"asset\" : \"hex\",          (string) The asset id (or \"assetcommitment\")\n"
               "  \"scriptPubKey\" : { \"asm\", \"hex\", \"reqSigs\", \"type\", \"addresses\" },\n"
               "  \"version\" : n,            (numeric) The transaction version\n"
               "  \"coinbase\" : true|false   (boolean) Coinbase or not\n}\n"
               "\nExamples:\n> ocean-cli gettxout \"txid\" 1\n",
               [&ctx](const RPCRequest& r) -> Json {
                   Chainstate& chain = ChainstateOf(ctx);
                   const uint256 txid = ParseHashLenient(Param(r, 0));
                   const int n = GetInt(Param(r, 1));
                   const bool include_mempool = HasParam(r, 2) ? GetBool(Param(r, 2)) : true;
                   std::lock_guard lock(chain.mutex());
                   if (n < 0) return nullptr;
                   const OutPoint outpoint{txid, static_cast<uint32_t>(n)};
                   // With the mempool (Core's CCoinsViewMemPool + pruneSpent): an output a mempool
                   // transaction spends is gone, an unspent output of a mempool transaction is there with
                   // 0 confirmations.
                   std::unique_lock<std::recursive_mutex> pool_lock;
                   TxMempool* pool = include_mempool ? ctx.mempool : nullptr;
                   if (pool) pool_lock = std::unique_lock(pool->mutex());
                   if (pool && pool->SpenderOf(outpoint)) return nullptr;
                   std::optional<Coin> coin;
                   int32_t version = 0;
                   if (pool && (coin = pool->GetCoin(outpoint))) {
                       version = pool->GetTx(txid)->version;
                   } else if (!(coin = chain.GetCoin(outpoint))) {
                       return nullptr;
                   }
                   // The creating transaction's version is not part of the coin: read it from the block.
                   const bool in_pool = coin->height == static_cast<uint32_t>(kMempoolHeight);
                   if (const BlockIndex* at =
                           in_pool ? nullptr : chain.AtHeight(static_cast<int>(coin->height))) {
                       if (auto block = chain.ReadBlock(*at)) {
                           for (const auto& tx : block->vtx) {
                               if (tx->GetTxid() == txid) version = tx->version;
                           }
                       }
                   }
                   Json j = Json::object();
                   j["bestblock"] = chain.Tip()->GetBlockHash().ToHex();
                   j["confirmations"] = in_pool ? 0 : chain.Height() - static_cast<int>(coin->height) + 1;
                   const TxOut& out = coin->out;
                   if (out.value.IsExplicit()) {
                       j["value"] = ValueFromAmount(out.value.GetAmount());
                   } else {
                       j["amountcommitment"] = HexStr(out.value.span());
                   }
                   if (out.asset.IsExplicit()) {
                       j["asset"] = out.asset.GetAsset().ToHex();
                   } else {
                       j["assetcommitment"] = HexStr(out.asset.span());
                   }
                   j["scriptPubKey"] = ScriptPubKeyToJson(Script(out.script_pubkey), true, ctx.json);
                   j["version"] = version;
                   j["coinbase"] = coin->coinbase;
                   return j;
               }});

    table.Add({"blockchain",
               "gettxoutsetinfo",
               {},
               0,
               0,
               "gettxoutsetinfo\n"
               "\nReturns statistics about the unspent transaction output set.\n"
               "Note this call may take some time.\n"
               "\nResult:\n{\n  \"height\":n,     (numeric) The current block height (index)\n"
               "  \"bestblock\": \"hex\",   (string) the best block hash hex\n"
               "  \"transactions\": n,      (numeric) The number of transactions\n"
               "  \"txouts\": n,            (numeric) The number of output transactions\n"
               "  \"bytes_serialized\": n,  (numeric) The serialized size\n"
               "  \"hash_serialized\": \"hash\",   (string) The serialized hash\n}\n"
               "\nExamples:\n> ocean-cli gettxoutsetinfo\n",
               [&ctx](const RPCRequest&) -> Json {
                   auto stats = ChainstateOf(ctx).GetCoinsStats();
                   if (!stats) throw RPCError(RPC_INTERNAL_ERROR, "Unable to read UTXO set");
                   Json j = Json::object();
                   j["height"] = stats->height;
                   j["bestblock"] = stats->best_block.ToHex();
                   j["transactions"] = stats->transactions;
                   j["txouts"] = stats->txouts;
                   j["bytes_serialized"] = stats->bytes_serialized;
                   j["hash_serialized"] = stats->hash_serialized.ToHex();
                   return j;
               }});

    table.Add({"blockchain",
               "getutxoassetinfo",
               {},
               0,
               0,
               "getassetstats\n"
               "\nReturns per-asset statistics of the unspent transaction output set (method name: "
               "getutxoassetinfo).\n"
               "\nResult:\n[\n  {\n    \"asset\": \"hex\",          (string) asset id\n"
               "    \"spendabletxouts\": n,     (numeric) unspent outputs not frozen\n"
               "    \"amountspendable\": x.xxx, (numeric) their total amount\n"
               "    \"frozentxouts\": n,        (numeric) unspent outputs of transactions that pay the zero\n"
               "                                address (redemptions)\n"
               "    \"amountfrozen\": x.xxx     (numeric) their total amount\n  },\n  ...\n]\n"
               "\nExamples:\n> ocean-cli getutxoassetinfo\n",
               [&ctx](const RPCRequest&) -> Json {
                   // policy.md §14.2: "frozen" is not the freezelist. A transaction whose unspent outputs
                   // include a P2PKH to the zero hash160 (a redemption) has all its unspent outputs
                   // counted as frozen. The walk visits the UTXO set in key order, so the outputs of one
                   // transaction arrive together.
                   struct Figures {
                       uint64_t spendable_n = 0, frozen_n = 0;
                       Amount spendable = 0, frozen = 0;
                   };
                   std::map<uint256, Figures> assets;
                   uint256 current;
                   std::vector<Coin> group;
                   const auto flush = [&] {
                       bool frozen = false;
                       for (const Coin& c : group) {
                           const SolvedScript solved = Solve(Script(c.out.script_pubkey));
                           if (solved.type == TxoutType::kPubKeyHash &&
                               uint160(ByteSpan(solved.solutions[0])).IsNull())
                               frozen = true;
                       }
                       for (const Coin& c : group) {
                           if (!c.out.asset.IsExplicit() || !c.out.value.IsExplicit()) continue;
                           Figures& f = assets[c.out.asset.GetAsset()];
                           if (frozen) {
                               f.frozen_n++;
                               f.frozen += c.out.value.GetAmount();
                           } else {
                               f.spendable_n++;
                               f.spendable += c.out.value.GetAmount();
                           }
                       }
                       group.clear();
                   };
                   Chainstate& chain = ChainstateOf(ctx);
                   auto stats = chain.GetCoinsStats([&](const OutPoint& o, const Coin& c) {
                       if (o.hash != current) {
                           flush();
                           current = o.hash;
                       }
                       group.push_back(c);
                   });
                   if (!stats) throw RPCError(RPC_INTERNAL_ERROR, "Unable to read UTXO set");
                   flush();
                   // Disabled outputs (-disabledoutput) are taken off the spendable figures.
                   if (!ctx.params->disabled_outputs.empty()) {
                       if (!chain.HasTxIndex()) {
                           throw RPCError(RPC_INVALID_ADDRESS_OR_KEY,
                                          "Use -txindex to enable blockchain transaction queries");
                       }
                       for (const OutPoint& d : ctx.params->disabled_outputs) {
                           auto tx = chain.GetTransaction(d.hash);
                           if (!tx || d.n >= tx->first->vout.size()) continue;
                           const TxOut& out = tx->first->vout[d.n];
                           if (!out.asset.IsExplicit() || !out.value.IsExplicit()) continue;
                           Figures& f = assets[out.asset.GetAsset()];
                           f.spendable_n--;
                           f.spendable -= out.value.GetAmount();
                       }
                   }
                   Json out = Json::array();
                   for (const auto& [asset, f] : assets) {
                       Json j = Json::object();
                       j["asset"] = asset.ToHex();
                       j["spendabletxouts"] = f.spendable_n;
                       j["amountspendable"] = ValueFromAmount(f.spendable);
                       j["frozentxouts"] = f.frozen_n;
                       j["amountfrozen"] = ValueFromAmount(f.frozen);
                       out.push_back(std::move(j));
                   }
                   return out;
               }});

    table.Add({"blockchain",
               "verifychain",
               {"checklevel", "nblocks"},
               0,
               2,
               "verifychain ( checklevel nblocks )\n"
               "\nVerifies blockchain database.\n"
               "\nArguments:\n1. checklevel   (numeric, optional, 0-4, default=" +
                   std::to_string(ctx.check_level) +
                   ") How thorough the block verification is.\n"
                   "2. nblocks      (numeric, optional, default=" +
                   std::to_string(ctx.check_blocks) +
                   ", 0=all) The number of blocks to check.\n"
                   "\nResult:\ntrue|false       (boolean) Verified or not\n"
                   "\nExamples:\n> ocean-cli verifychain\n",
               [&ctx](const RPCRequest& r) -> Json {
                   int level = ctx.check_level, nblocks = ctx.check_blocks;
                   if (HasParam(r, 0)) level = GetInt(Param(r, 0));
                   if (HasParam(r, 1)) nblocks = GetInt(Param(r, 1));
                   return ChainstateOf(ctx).VerifyDB(level, nblocks, nullptr);
               }});

    auto block_action = [&ctx](const char* name, const char* what, auto action) {
        return RPCCommand{std::string(name) == "preciousblock" ? "blockchain" : "hidden",
                          name,
                          {"blockhash"},
                          1,
                          1,
                          std::string(name) + " \"blockhash\"\n\n" + what +
                              "\n\nArguments:\n1. \"blockhash\"   (string, required) the hash of the block\n"
                              "\nResult:\nnull\n\nExamples:\n> ocean-cli " +
                              name + " \"blockhash\"\n",
                          [&ctx, action](const RPCRequest& r) -> Json {
                              Chainstate& chain = ChainstateOf(ctx);
                              const uint256 hash = ParseHashLenient(Param(r, 0));
                              ValidationState state;
                              {
                                  std::lock_guard lock(chain.mutex());
                                  if (!chain.LookupBlockIndex(hash)) {
                                      throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
                                  }
                              }
                              action(chain, hash, state);
                              if (!state.IsValid())
                                  throw RPCError(RPC_DATABASE_ERROR, state.GetRejectReason());
                              return nullptr;
                          }};
    };
    table.Add(
        block_action("invalidateblock",
                     "Permanently marks a block as invalid, as if it violated a "
                     "consensus rule.",
                     [](Chainstate& c, const uint256& h, ValidationState& s) { c.InvalidateBlock(h, s); }));
    table.Add(
        block_action("reconsiderblock",
                     "Removes invalidity status of a block and its descendants, reconsider them for "
                     "activation.\nThis can be used to undo the effects of invalidateblock.",
                     [](Chainstate& c, const uint256& h, ValidationState& s) { c.ReconsiderBlock(h, s); }));
    table.Add(
        block_action("preciousblock",
                     "Treats a block as if it were received before others with the same work.\n"
                     "A later preciousblock call can override the effect of an earlier one.",
                     [](Chainstate& c, const uint256& h, ValidationState& s) { c.PreciousBlock(h, s); }));

    table.Add({"blockchain",
               "pruneblockchain",
               {"height"},
               1,
               1,
               "pruneblockchain height\n"
               "\nArguments:\n1. \"height\"       (numeric, required) The block height to prune up to.\n"
               "\nResult:\nn    (numeric) Height of the last block pruned.\n"
               "\nExamples:\n> ocean-cli pruneblockchain 1000\n",
               [](const RPCRequest& r) -> Json {
                   (void)GetInt64(Param(r, 0));
                   throw RPCError(RPC_METHOD_NOT_FOUND,
                                  "Cannot prune blocks because node is not in prune mode.");
               }});

    table.Add({"blockchain",
               "getcontract",
               {},
               0,
               0,
               "getcontract\n"
               "\nReturns the terms-and-conditions text in force for new blocks "
               "(terms-and-conditions/<chain>/latest.txt in the data directory).\n"
               "\nResult:\n{\n  \"contract\": \"text\"   (string) the contract text\n}\n"
               "\nExamples:\n> ocean-cli getcontract\n",
               [&ctx](const RPCRequest&) -> Json {
                   Json j = Json::object();
                   auto text =
                       ReadFileText(ctx.base_dir / "terms-and-conditions" / ctx.chain_name / "latest.txt");
                   j["contract"] = text ? NormalizeContractText(*text) : std::string();
                   return j;
               }});

    table.Add({"blockchain",
               "getcontracthash",
               {"blockheight"},
               0,
               1,
               "getcontracthash ( blockheight )\n"
               "\nReturns the hash of the contract in force at a height.\n"
               "\nArguments:\n1. blockheight   (numeric, optional, default=tip) the block height\n"
               "\nResult:\n\"hash\"     (string) the contract hash\n"
               "\nExamples:\n> ocean-cli getcontracthash\n> ocean-cli getcontracthash 100\n",
               [&ctx](const RPCRequest& r) -> Json {
                   Chainstate& chain = ChainstateOf(ctx);
                   std::lock_guard lock(chain.mutex());
                   const int h = HeightParam(r, chain);
                   return ctx.params->ContractHashAt(static_cast<uint32_t>(h)).ToHex();
               }});

    table.Add({"blockchain",
               "getmappinghash",
               {"blockheight"},
               0,
               1,
               "getmappinghash ( blockheight )\n"
               "\nReturns the asset-mapping hash committed in the header of the block at a height.\n"
               "\nArguments:\n1. blockheight   (numeric, optional, default=tip) the block height\n"
               "\nResult:\n\"hash\"     (string) the mapping hash\n"
               "\nExamples:\n> ocean-cli getmappinghash\n",
               [&ctx](const RPCRequest& r) -> Json {
                   Chainstate& chain = ChainstateOf(ctx);
                   std::lock_guard lock(chain.mutex());
                   const int h = HeightParam(r, chain);
                   return chain.AtHeight(h)->mapping_hash.ToHex();
               }});

    table.Add({"blockchain",
               "getsidechaininfo",
               {},
               0,
               0,
               "getsidechaininfo\n"
               "\nReturns an object containing various state info regarding sidechain functionality.\n"
               "\nResult:\n{\n  \"fedpegscript\": \"xxxx\",    (string) The fedpegscript in hex\n"
               "  \"pegged_asset\" : \"xxxx\",   (string) Pegged asset type in hex\n"
               "  \"min_peg_diff\" : \"xxxx\",   (string) The minimum difficulty parent chain header target\n"
               "  \"parent_blockhash\" : \"xxxx\", (string) The parent genesis blockhash\n"
               "  \"addr_prefixes\" : {...}    (object) first bytes of the address encodings\n}\n"
               "\nExamples:\n> ocean-cli getsidechaininfo\n",
               [&ctx](const RPCRequest&) -> Json {
                   const ChainParams& p = *ctx.params;
                   Json j = Json::object();
                   j["fedpegscript"] = HexStr(p.genesis_params.fedpegscript);
                   j["pegged_asset"] = p.pegged_asset.ToHex();
                   j["min_peg_diff"] = p.custom.parent_pow_limit.ToHex();
                   j["parent_blockhash"] = p.parent_genesis_hash.ToHex();
                   Json prefixes = Json::object();
                   prefixes["PUBKEY_ADDRESS"] = ctx.json.prefixes.pubkey;
                   prefixes["BLINDED_ADDRESS"] = ctx.json.prefixes.blinded;
                   prefixes["SECRET_KEY"] = ctx.json.prefixes.secret_key;
                   prefixes["SCRIPT_ADDRESS"] = ctx.json.prefixes.script;
                   j["addr_prefixes"] = std::move(prefixes);
                   return j;
               }});

    // waitfor*: the tip as {hash, height} once the condition holds or the timeout (ms, 0 = none) passes.
    auto tip_json = [](const TipNotifier::Tip& t) {
        Json j = Json::object();
        j["hash"] = t.hash.ToHex();
        j["height"] = t.height;
        return j;
    };
    auto notifier = [&ctx]() -> TipNotifier& {
        if (!ctx.tip_notifier) throw RPCError(RPC_INTERNAL_ERROR, "Tip notifications unavailable");
        return *ctx.tip_notifier;
    };
    auto timeout_param = [](const RPCRequest& r, size_t i) {
        return std::chrono::milliseconds(HasParam(r, i) ? std::max<int64_t>(0, GetInt64(Param(r, i))) : 0);
    };
    table.Add(
        {"hidden",
         "waitfornewblock",
         {"timeout"},
         0,
         1,
         "waitfornewblock ( timeout )\n"
         "\nWaits for a specific new block and returns useful info about it.\n"
         "\nReturns the current block on timeout or exit.\n"
         "\nArguments:\n1. timeout (int, optional, default=0) Time in milliseconds to wait for a "
         "response. 0 indicates no timeout.\n"
         "\nResult:\n{ (json object)\n  \"hash\" : {       (string) The blockhash\n"
         "  \"height\" : {     (int) Block height\n}\n"
         "\nExamples:\n> ocean-cli waitfornewblock 1000\n",
         [=](const RPCRequest& r) -> Json {
             const auto timeout = timeout_param(r, 0);
             TipNotifier& n = notifier();
             const TipNotifier::Tip start = n.Current();
             return tip_json(n.WaitUntil(
                 [&](const TipNotifier::Tip& t) { return t.hash != start.hash || t.height != start.height; },
                 timeout));
         }});
    table.Add({"hidden",
               "waitforblock",
               {"blockhash", "timeout"},
               1,
               2,
               "waitforblock <blockhash> ( timeout )\n"
               "\nWaits for a specific new block and returns useful info about it.\n"
               "\nReturns the current block on timeout or exit.\n"
               "\nArguments:\n1. \"blockhash\" (required, string) Block hash to wait for.\n"
               "2. timeout       (int, optional, default=0) Time in milliseconds to wait for a response. 0 "
               "indicates no timeout.\n"
               "\nResult:\n{ \"hash\", \"height\" }\n"
               "\nExamples:\n> ocean-cli waitforblock \"hash\" 1000\n",
               [=](const RPCRequest& r) -> Json {
                   const uint256 hash = ParseHashLenient(Param(r, 0));
                   const auto timeout = timeout_param(r, 1);
                   return tip_json(notifier().WaitUntil(
                       [&](const TipNotifier::Tip& t) { return t.hash == hash; }, timeout));
               }});
    table.Add({"hidden",
               "waitforblockheight",
               {"height", "timeout"},
               1,
               2,
               "waitforblockheight <height> ( timeout )\n"
               "\nWaits for (at least) block height and returns the height and hash\nof the current tip.\n"
               "\nReturns the current block on timeout or exit.\n"
               "\nArguments:\n1. height  (required, int) Block height to wait for (int)\n"
               "2. timeout (int, optional, default=0) Time in milliseconds to wait for a response. 0 "
               "indicates no timeout.\n"
               "\nResult:\n{ \"hash\", \"height\" }\n"
               "\nExamples:\n> ocean-cli waitforblockheight 100 1000\n",
               [=](const RPCRequest& r) -> Json {
                   const int height = GetInt(Param(r, 0));
                   const auto timeout = timeout_param(r, 1);
                   return tip_json(notifier().WaitUntil(
                       [&](const TipNotifier::Tip& t) { return t.height >= height; }, timeout));
               }});
}

}  // namespace ocean
