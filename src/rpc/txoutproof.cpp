// gettxoutproof and verifytxoutproof (rpc.md §6.2): merkle-block proofs that transactions are in a
// block, with Bitcoin Core 0.14's lookup order, results and error texts. The proof is the serialized
// merkle block of primitives/partial_merkle_tree.h (Ocean header with its proof, then the BIP37 tree).
// Its reader and block lookup (rpc/txoutproof.h) serve importprunedfunds as well.
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ocean/chain/block_index.h"
#include "ocean/chain/chainstate.h"
#include "ocean/primitives/partial_merkle_tree.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/rpc/txoutproof.h"
#include "ocean/rpc/util.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

// The text of the stream exception Ocean's decoder throws for the same input (std::ios_base::failure
// appends the category message).
std::string StreamErrorText(const std::string& reason) {
    if (reason == "unexpected end of data") return "CDataStream::read(): end of data: iostream error";
    return reason + ": iostream error";
}

}  // namespace

MerkleBlock ParseTxOutProof(const Json& proof) {
    const Bytes data = ParseHexV(proof, "proof");
    auto mb = DecodeMerkleBlock(data, true);
    if (!mb) throw RPCError(RPC_MISC_ERROR, StreamErrorText(mb.error().message));
    return std::move(mb.value());
}

const BlockIndex& ProofBlockInActiveChain(const Chainstate& chain, const MerkleBlock& proof) {
    const BlockIndex* index = chain.LookupBlockIndex(proof.header.GetHash());
    if (!index || !chain.IsOnActiveChain(index)) {
        throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Block not found in chain");
    }
    return *index;
}

namespace {

// Every output serializes to at least 4 bytes (null asset, value and nonce, empty script) and a
// transaction has at most 1,000,000 stripped bytes, so no transaction has more outputs than this.
constexpr uint32_t kMaxOutputsPerTx = 1000000 / 4;

// The height of the block holding an unspent output of `txid`, if it has one. Ocean 0.14 kept coins per
// transaction; here they are per output, so the outputs are probed in order (all of them when the
// transaction index tells how many there are).
std::optional<uint32_t> UnspentOutputHeight(const Chainstate& chain, const uint256& txid) {
    uint32_t n_outputs = kMaxOutputsPerTx;
    if (chain.HasTxIndex()) {
        auto tx = chain.GetTransaction(txid);
        if (!tx) return std::nullopt;
        n_outputs = static_cast<uint32_t>(tx->first->vout.size());
    }
    for (uint32_t n = 0; n < n_outputs; ++n) {
        if (auto coin = chain.GetCoin(OutPoint(txid, n))) return coin->height;
    }
    return std::nullopt;
}

Json GetTxOutProof(RPCContext& ctx, const RPCRequest& r) {
    std::set<uint256> txids;
    uint256 one_txid;
    for (const Json& v : GetArray(Param(r, 0))) {
        const std::string s = GetStr(v);
        if (s.size() != 64 || !IsHex(s)) throw RPCError(RPC_INVALID_PARAMETER, "Invalid txid " + s);
        const uint256 hash = uint256::FromHex(s);
        if (!txids.insert(hash).second) {
            throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, duplicated txid: " + s);
        }
        one_txid = hash;  // the last one named
    }

    Chainstate& chain = ChainstateOf(ctx);
    std::lock_guard lock(chain.mutex());
    const BlockIndex* index = nullptr;
    if (r.params.size() > 1) {
        const uint256 block_hash = ParseHashLenient(r.params[1]);
        index = chain.LookupBlockIndex(block_hash);
        if (!index) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
    } else if (auto height = UnspentOutputHeight(chain, one_txid)) {
        if (*height > 0 && *height <= static_cast<uint32_t>(chain.Height())) {
            index = chain.AtHeight(static_cast<int>(*height));
        }
    }
    if (!index) {
        auto found = chain.GetTransaction(one_txid);
        if (!found || found->second.IsNull()) {
            throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Transaction not yet in block");
        }
        index = chain.LookupBlockIndex(found->second);
        if (!index) throw RPCError(RPC_INTERNAL_ERROR, "Transaction index corrupt");
    }

    auto block = chain.ReadBlock(*index);
    if (!block) throw RPCError(RPC_INTERNAL_ERROR, "Can't read block from disk");
    size_t found = 0;
    for (const auto& tx : block->vtx) found += txids.count(tx->GetTxid());
    if (found != txids.size()) {
        throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "(Not all) transactions not found in specified block");
    }
    return HexStr(EncodeMerkleBlock(MakeMerkleBlock(*block, txids)));
}

Json VerifyTxOutProof(RPCContext& ctx, const RPCRequest& r) {
    const MerkleBlock mb = ParseTxOutProof(Param(r, 0));
    Json result = Json::array();
    std::vector<uint256> matches;
    std::vector<unsigned> indexes;
    if (mb.txn.ExtractMatches(matches, indexes) != mb.header.merkle_root) return result;

    Chainstate& chain = ChainstateOf(ctx);
    std::lock_guard lock(chain.mutex());
    (void)ProofBlockInActiveChain(chain, mb);
    for (const uint256& txid : matches) result.push_back(txid.ToHex());
    return result;
}

}  // namespace

void RegisterTxOutProofRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add(
        {"blockchain",
         "gettxoutproof",
         {"txids", "blockhash"},
         1,
         2,
         "gettxoutproof [\"txid\",...] ( blockhash )\n"
         "\nReturns a hex-encoded proof that \"txid\" was included in a block.\n"
         "\nNOTE: By default this function only works sometimes. This is when there is an\n"
         "unspent output in the utxo for this transaction. To make it always work,\n"
         "you need to maintain a transaction index, using the -txindex command line option or\n"
         "specify the block in which the transaction is included manually (by blockhash).\n"
         "\nArguments:\n"
         "1. \"txids\"       (string) A json array of txids to filter\n"
         "    [\n"
         "      \"txid\"     (string) A transaction hash\n"
         "      ,...\n"
         "    ]\n"
         "2. \"blockhash\"   (string, optional) If specified, looks for txid in the block with this hash\n"
         "\nResult:\n"
         "\"data\"           (string) A string that is a serialized, hex-encoded data for the proof.\n"
         "\nExamples:\n"
         "> ocean-cli gettxoutproof '[\"mytxid\"]'\n",
         [&ctx](const RPCRequest& r) -> Json { return GetTxOutProof(ctx, r); }});

    table.Add({"blockchain",
               "verifytxoutproof",
               {"proof"},
               1,
               1,
               "verifytxoutproof \"proof\"\n"
               "\nVerifies that a proof points to a transaction in a block, returning the transaction it "
               "commits to\n"
               "and throwing an RPC error if the block is not in our best chain\n"
               "\nArguments:\n"
               "1. \"proof\"    (string, required) The hex-encoded proof generated by gettxoutproof\n"
               "\nResult:\n"
               "[\"txid\"]      (array, strings) The txid(s) which the proof commits to, or empty array if "
               "the proof "
               "is invalid\n"
               "\nExamples:\n"
               "> ocean-cli verifytxoutproof \"proof\"\n",
               [&ctx](const RPCRequest& r) -> Json { return VerifyTxOutProof(ctx, r); }});
}

}  // namespace ocean
