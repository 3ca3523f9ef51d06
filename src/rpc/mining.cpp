// The mining and generating categories (rpc.md §6.5, §6.6):
// submitblock with BIP22 answers, generate on chains whose block challenge needs no signature,
// getnewblockhex, getmininginfo and getnetworkhashps.
#include <mutex>

#include "ocean/chain/block_index.h"
#include "ocean/chain/chainstate.h"
#include "ocean/consensus/block_assembly.h"
#include "ocean/consensus/block_check.h"
#include "ocean/consensus/tx_verify.h"
#include "ocean/mempool/block_template.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/util.h"
#include "ocean/util/clock.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

// Records the validation result of one block while registered (submitblock's state catcher).
class BlockCheckedCatcher final : public ChainListener {
  public:
    explicit BlockCheckedCatcher(const uint256& hash) : hash_(hash) {}
    void BlockChecked(const Block& block, const ValidationState& state) override {
        if (block.GetHash() != hash_) return;
        found = true;
        this->state = state;
    }
    bool found = false;
    ValidationState state;

  private:
    uint256 hash_;
};

// The block generate and getnewblockhex build (chain lock held by the caller; it is recursive).
Block NewBlockOnTip(RPCContext& ctx, Chainstate& chain, uint32_t extra_nonce) {
    return NewBlockTemplate(*ctx.params, chain, ctx.mempool, ctx.clock->UnixSeconds(), ctx.mapping_hash,
                            extra_nonce);
}

}  // namespace

void RegisterMiningRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add({"mining",
               "submitblock",
               {"hexdata", "parameters"},
               1,
               2,
               "submitblock \"hexdata\" ( \"jsonparametersobject\" )\n"
               "\nAttempts to submit new block to network.\n"
               "The 'jsonparametersobject' parameter is currently ignored.\n"
               "See https://en.bitcoin.it/wiki/BIP_0022 for full specification.\n"
               "\nArguments\n1. \"hexdata\"        (string, required) the hex-encoded block data to submit\n"
               "2. \"parameters\"     (string, optional) object of optional parameters\n"
               "\nResult:\nnull on acceptance, else duplicate, duplicate-invalid, duplicate-inconclusive, "
               "inconclusive or the reject reason\n"
               "\nExamples:\n> ocean-cli submitblock \"mydata\"\n",
               [&ctx](const RPCRequest& r) -> Json {
                   Chainstate& chain = ChainstateOf(ctx);
                   auto bytes = ParseHex(GetStr(Param(r, 0)));
                   if (!bytes) throw RPCError(RPC_DESERIALIZATION_ERROR, "Block decode failed");
                   auto decoded = DecodeBlock(*bytes);
                   if (!decoded) throw RPCError(RPC_DESERIALIZATION_ERROR, "Block decode failed");
                   const Block& block = *decoded;
                   if (block.vtx.empty() || !block.vtx[0]->IsCoinBase()) {
                       throw RPCError(RPC_DESERIALIZATION_ERROR, "Block does not start with a coinbase");
                   }
                   const uint256 hash = block.GetHash();
                   std::lock_guard lock(chain.mutex());
                   bool present = false;
                   if (const BlockIndex* known = chain.LookupBlockIndex(hash)) {
                       if (known->IsValid(BLOCK_VALID_SCRIPTS)) return "duplicate";
                       if (known->status & BLOCK_FAILED_MASK) return "duplicate-invalid";
                       present = true;  // header only so far: process the block before answering
                   }
                   BlockCheckedCatcher catcher(hash);
                   chain.AddListener(&catcher);
                   ValidationState state;
                   const bool accepted = chain.ProcessNewBlock(block, state);
                   chain.RemoveListener(&catcher);
                   if (present) return accepted && !catcher.found ? "duplicate-inconclusive" : "duplicate";
                   const ValidationState& result = catcher.found ? catcher.state : state;
                   if (result.IsError()) throw RPCError(RPC_VERIFY_ERROR, result.GetRejectReason());
                   if (result.IsInvalid()) {
                       return result.GetRejectReason().empty() ? Json("rejected")
                                                               : Json(result.GetRejectReason());
                   }
                   if (!catcher.found) return "inconclusive";
                   return nullptr;
               }});

    table.Add(
        {"generating",
         "generate",
         {"nblocks", "maxtries"},
         1,
         1,
         "generate nblocks\n"
         "\nMine up to nblocks blocks immediately (before the RPC call returns), on chains whose block "
         "challenge needs no signature (signblockscript OP_TRUE).\n"
         "\nArguments:\n1. nblocks      (numeric, required) How many blocks are generated immediately.\n"
         "\nResult:\n[ blockhashes ]     (array) hashes of blocks generated\n"
         "\nExamples:\n> ocean-cli generate 11\n",
         [&ctx](const RPCRequest& r) -> Json {
             Chainstate& chain = ChainstateOf(ctx);
             const int64_t n = GetInt64(Param(r, 0));
             Json hashes = Json::array();
             for (int64_t i = 0; i < n; ++i) {
                 if (ctx.shutdown_requested && ctx.shutdown_requested()) break;  // the blocks so far
                 std::lock_guard lock(chain.mutex());
                 Block block = NewBlockOnTip(ctx, chain, 1);
                 if (!CheckBlockProof(block, *ctx.params)) {
                     throw RPCError(RPC_METHOD_NOT_FOUND,
                                    "This method cannot be used with a block-signature-required chain");
                 }
                 ValidationState state;
                 if (!chain.ProcessNewBlock(block, state)) {
                     throw RPCError(RPC_INTERNAL_ERROR,
                                    "ProcessNewBlock, block not accepted: " + state.ToString());
                 }
                 hashes.push_back(block.GetHash().ToHex());
             }
             return hashes;
         }});

    table.Add({"generating",
               "getnewblockhex",
               {"required_age"},
               0,
               1,
               "getnewblockhex ( required_age )\n"
               "\nGets hex representation of a proposed, unmined new block\n"
               "\nArguments:\n1. required_age    (numeric, optional, default=0) How many seconds a "
               "transaction must have been in the mempool to be included in the block proposal.\n"
               "\nResult\nblockhex      (hex) The block hex\n"
               "\nExamples:\n> ocean-cli getnewblockhex\n",
               [&ctx](const RPCRequest& r) -> Json {
                   Chainstate& chain = ChainstateOf(ctx);
                   if (HasParam(r, 0) && GetInt64(Param(r, 0)) < 0) {
                       throw RPCError(RPC_INVALID_PARAMS, "required_age must be non-negative.");
                   }
                   std::lock_guard lock(chain.mutex());
                   return HexStr(EncodeBlock(NewBlockOnTip(ctx, chain, 1)));
               }});

    table.Add({"mining",
               "getmininginfo",
               {},
               0,
               0,
               "getmininginfo\n"
               "\nReturns a json object containing mining-related information.\n"
               "\nResult:\n{\n  \"blocks\": nnn,             (numeric) The current block\n"
               "  \"currentblocksize\": nnn,   (numeric) The last block size\n"
               "  \"currentblockweight\": nnn, (numeric) The last block weight\n"
               "  \"currentblocktx\": nnn,     (numeric) The last block transaction\n"
               "  \"difficulty\": xxx.xxxxx    (numeric) The current difficulty (1)\n"
               "  \"errors\": \"...\"            (string) Current errors\n"
               "  \"networkhashps\": nnn,      (numeric) The network hashes per second\n"
               "  \"pooledtx\": n              (numeric) The size of the mempool\n"
               "  \"chain\": \"xxxx\",           (string) current network name\n}\n"
               "\nExamples:\n> ocean-cli getmininginfo\n",
               [&ctx](const RPCRequest&) -> Json {
                   Chainstate& chain = ChainstateOf(ctx);
                   Json j = Json::object();
                   j["blocks"] = chain.Height();
                   // Figures of the last block this node assembled for a template: none yet.
                   j["currentblocksize"] = 0;
                   j["currentblockweight"] = 0;
                   j["currentblocktx"] = 0;
                   j["difficulty"] = 1.0;
                   j["errors"] = "";
                   j["networkhashps"] = 0;
                   j["pooledtx"] = 0;
                   j["chain"] = ctx.chain_name;
                   return j;
               }});

    table.Add({"mining",
               "getnetworkhashps",
               {"nblocks", "height"},
               0,
               2,
               "getnetworkhashps ( nblocks height )\n"
               "\nReturns the estimated network hashes per second: always 0 on a signed-block chain, "
               "where blocks carry no proof of work.\n"
               "\nArguments:\n1. nblocks     (numeric, optional, default=120)\n"
               "2. height      (numeric, optional, default=-1)\n"
               "\nResult:\nx             (numeric) Hashes per second estimated\n"
               "\nExamples:\n> ocean-cli getnetworkhashps\n",
               [](const RPCRequest& r) -> Json {
                   if (HasParam(r, 0)) (void)GetInt(Param(r, 0));
                   if (HasParam(r, 1)) (void)GetInt(Param(r, 1));
                   return 0;
               }});
}

}  // namespace ocean
