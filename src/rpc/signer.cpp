// Block signing commands (rpc.md §6.5–6.6): testproposedblock, signblock and combineblocksigs for an
// external federation, and getsignerinfo (an oceand extension) for the in-node signer of
// doc/signing-protocol.md.
#include <mutex>

#include "ocean/chain/block_index.h"
#include "ocean/chain/chainstate.h"
#include "ocean/consensus/block_check.h"
#include "ocean/mempool/accept.h"
#include "ocean/mempool/policy.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/util.h"
#include "ocean/script/script.h"
#include "ocean/script/standard.h"
#include "ocean/signer/block_signer.h"
#include "ocean/signer/signblock_script.h"
#include "ocean/signer/signer_options.h"
#include "ocean/util/hex.h"

namespace ocean {

namespace {

Block DecodeBlockParam(const Json& v) {
    auto bytes = ParseHex(GetStr(v));
    if (!bytes) throw RPCError(RPC_DESERIALIZATION_ERROR, "Block decode failed");
    auto block = DecodeBlock(*bytes);
    if (!block) throw RPCError(RPC_DESERIALIZATION_ERROR, "Block decode failed");
    return std::move(*block);
}

// testproposedblock's checks: on our tip, valid apart from the proof, standard transactions if asked.
void TestProposal(RPCContext& ctx, const Block& block, bool accept_nonstd) {
    Chainstate& chain = ChainstateOf(ctx);
    std::lock_guard lock(chain.mutex());
    const uint256 hash = block.GetHash();
    if (const BlockIndex* known = chain.LookupBlockIndex(hash); known && (known->status & BLOCK_HAVE_DATA))
        throw RPCError(RPC_VERIFY_ERROR, "already have block");
    if (block.prev_block != chain.Tip()->GetBlockHash())
        throw RPCError(RPC_VERIFY_ERROR, "proposal was not based on our best chain");
    ValidationState state;
    if (!chain.TestBlockValidity(block, state, /*check_proof=*/false)) {
        throw RPCError(RPC_VERIFY_ERROR, state.GetRejectReason().empty() ? "Block proposal was invalid"
                                                                         : state.GetRejectReason());
    }
    if (!accept_nonstd && ctx.accept_options) {
        PolicyOptions policy = ctx.accept_options->policy;
        policy.require_standard = true;
        for (size_t i = 1; i < block.vtx.size(); ++i) {
            std::string reason;
            if (!IsStandardTx(*block.vtx[i], policy, reason))
                throw RPCError(RPC_VERIFY_ERROR,
                               "Block proposal included a non-standard transaction: " + reason);
        }
    }
}

// The keys and threshold of a bare multisig challenge; no keys when the challenge is something else.
std::pair<int, std::vector<PubKey>> MultisigKeys(const Bytes& challenge) {
    auto parsed = ParseSignBlockScript(Script(challenge));
    if (!parsed) return {0, {}};
    return {static_cast<int>(parsed->required), std::move(parsed->keys)};
}

// The data pushes of a script (signatures in a partial or complete solution).
std::vector<Bytes> Pushes(const Script& s) {
    std::vector<Bytes> out;
    auto pc = s.begin();
    Opcode op;
    Bytes data;
    while (pc != s.end() && s.GetOp(pc, op, data)) {
        if (!data.empty()) out.push_back(data);
    }
    return out;
}

}  // namespace

void RegisterSignerRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add(
        {"mining",
         "testproposedblock",
         {"blockhex", "acceptnonstd"},
         1,
         2,
         "testproposedblock \"blockhex\" ( acceptnonstd )\n"
         "\nChecks that a block (possibly without its signatures) extends the current tip and is valid apart "
         "from its proof.\n"
         "\nArguments:\n1. \"blockhex\"    (string, required) The hex-encoded block\n"
         "2. acceptnonstd    (bool, optional, default=-acceptnonstdtxn) Accept non-standard transactions\n"
         "\nResult:\nnull when valid; otherwise an error (-25) with the reason\n" +
             HelpExampleCli("testproposedblock", "\"blockhex\""),
         [&ctx](const RPCRequest& r) -> Json {
             const Block block = DecodeBlockParam(Param(r, 0));
             const bool default_nonstd =
                 ctx.accept_options ? !ctx.accept_options->policy.require_standard : true;
             const bool nonstd = HasParam(r, 1) ? GetBool(Param(r, 1)) : default_nonstd;
             TestProposal(ctx, block, nonstd);
             return nullptr;
         }});

    table.Add(
        {"wallet",
         "signblock",
         {},
         1,
         1,
         "signblock \"blockhex\"\n"
         "\nValidates a proposed block like testproposedblock, then signs its hash with this node's "
         "block-signing "
         "key (-signingkey or -hsm) if that key appears in the block's challenge.\n"
         "\nArguments:\n1. \"blockhex\"    (string, required) The hex-encoded block\n"
         "\nResult:\n\"hex\"    (string) this node's contribution to the proof solution (a push sequence)\n" +
             HelpExampleCli("signblock", "\"blockhex\""),
         [&ctx](const RPCRequest& r) -> Json {
             const Block block = DecodeBlockParam(Param(r, 0));
             if (!ctx.signer_options)
                 throw RPCError(RPC_WALLET_ERROR,
                                "No block-signing key configured (-signingkey or -hsm=pkcs11)");
             if (ctx.signer && ctx.signer->Signing())
                 throw RPCError(
                     RPC_MISC_ERROR,
                     "The in-node signer uses this key: signing outside its protocol could sign two "
                     "blocks at one height. Start with -blocksigner=0 to use signblock.");
             TestProposal(ctx, block, true);
             auto key = OpenSigningKey(*ctx.signer_options, ctx.log);
             if (!key) throw RPCError(RPC_WALLET_ERROR, "Signing key unavailable: " + key.error().ToString());
             const auto [m, keys] = MultisigKeys(block.proof.challenge);
             const PubKey mine = (*key)->PublicKey();
             bool in_challenge = false;
             for (const PubKey& k : keys) in_challenge |= k == mine;
             const Script challenge(block.proof.challenge);
             if (!in_challenge && Solve(challenge).type != TxoutType::kPubKey)
                 throw RPCError(RPC_WALLET_ERROR, "This node's key is not in the block's challenge");
             auto sig = (*key)->Sign(block.GetHash());
             if (!sig) throw RPCError(RPC_WALLET_ERROR, "Signing failed: " + sig.error().ToString());
             Script s;
             if (!keys.empty()) s << OP_0;
             s.PushData(*sig);
             return HexStr(s.bytes());
         }});

    table.Add({"generating",
               "combineblocksigs",
               {},
               2,
               2,
               "combineblocksigs \"blockhex\" [\"signature\",...]\n"
               "\nMerges block signatures (as returned by signblock) into the block's proof solution.\n"
               "\nArguments:\n1. \"blockhex\"    (string, required) The hex-encoded block\n"
               "2. \"signatures\"  (array, required) Hex-encoded solutions from signblock\n"
               "\nResult:\n{\n  \"hex\": \"value\",      (string) The block with the combined solution\n"
               "  \"complete\": true|false  (boolean) Whether the solution satisfies the challenge\n}\n" +
                   HelpExampleCli("combineblocksigs", "\"blockhex\" '[\"sig1\",\"sig2\"]'"),
               [&ctx](const RPCRequest& r) -> Json {
                   Block block = DecodeBlockParam(Param(r, 0));
                   const uint256 hash = block.GetHash();
                   const auto [m, keys] = MultisigKeys(block.proof.challenge);
                   std::vector<std::optional<Bytes>> by_key(keys.size());
                   auto take = [&](const Script& s) {
                       for (const Bytes& push : Pushes(s)) {
                           for (size_t i = 0; i < keys.size(); ++i) {
                               if (!by_key[i] && keys[i].Verify(hash, push)) by_key[i] = push;
                           }
                       }
                   };
                   take(Script(block.proof.solution));
                   for (const Json& v : GetArray(Param(r, 1))) {
                       auto bytes = ParseHex(GetStr(v));
                       if (!bytes) throw RPCError(RPC_DESERIALIZATION_ERROR, "Signature decode failed");
                       if (keys.empty()) {
                           block.proof.solution = *bytes;  // not a multisig: the last solution given wins
                       } else {
                           take(Script(*bytes));
                       }
                   }
                   if (!keys.empty()) {
                       Script s;
                       s << OP_0;
                       int n = 0;
                       for (const auto& sig : by_key) {
                           if (sig && n < m) {
                               s.PushData(*sig);
                               ++n;
                           }
                       }
                       block.proof.solution = s.bytes();
                   }
                   const bool complete = CheckBlockProof(block, *ctx.params);
                   Json out = Json::object();
                   out["hex"] = HexStr(EncodeBlock(block));
                   out["complete"] = complete;
                   return out;
               }});

    table.Add({"generating",
               "getsignerinfo",
               {},
               0,
               0,
               "getsignerinfo\n"
               "\nThe in-node federated signer (doc/signing-protocol.md): its key, position among the "
               "challenge's keys, "
               "the height and round it works on, its lock, and the last key or token error.\n" +
                   HelpExampleCli("getsignerinfo", ""),
               [&ctx](const RPCRequest&) -> Json {
                   if (!ctx.signer)
                       throw RPCError(RPC_CLIENT_P2P_DISABLED,
                                      "Error: Peer-to-peer functionality missing or disabled");
                   const BlockSignerInfo i = ctx.signer->Info();
                   Json out = Json::object();
                   out["signing"] = i.signing;
                   out["status"] = i.status;
                   out["key"] = i.key;
                   out["index"] = i.index;
                   out["required"] = i.required;
                   out["signers"] = i.total;
                   out["height"] = i.height;
                   out["round"] = i.round;
                   if (i.lock) {
                       out["lock"] = {{"round", i.lock->first}, {"hash", i.lock->second.ToHex()}};
                   } else {
                       out["lock"] = nullptr;
                   }
                   out["signed"] = i.signed_hash ? Json(i.signed_hash->ToHex()) : Json(nullptr);
                   out["last_error"] = i.last_error;
                   out["blocks_proposed"] = i.blocks_proposed;
                   out["blocks_completed"] = i.blocks_completed;
                   out["signatures"] = i.signatures;
                   out["latency"] = {{"samples", i.latency_samples},
                                     {"median_ms", i.latency_median_ms},
                                     {"p99_ms", i.latency_p99_ms}};
                   return out;
               }});
}

}  // namespace ocean
