#include "ocean/consensus/block_assembly.h"

#include <algorithm>
#include <map>

#include "ocean/crypto/hash.h"
#include "ocean/primitives/merkle.h"
#include "ocean/script/script.h"
#include "ocean/script/script_num.h"

namespace ocean {

Block AssembleBlock(const ChainParams& params, const BlockAssemblyInput& in) {
    const uint32_t height = static_cast<uint32_t>(in.prev.height + 1);
    Block b;
    b.version = kNewBlockVersion;
    b.prev_block = in.prev_hash;
    b.height = height;
    b.time = static_cast<uint32_t>(std::max<int64_t>(in.now, in.prev.median_time_past + 1));
    b.contract_hash = params.embed_contract ? params.ContractHashAt(height) : uint256();
    b.mapping_hash = in.mapping_hash;
    auto scheduled = params.ScheduledChallengeAt(height);
    b.proof.challenge = scheduled ? *scheduled : in.prev.challenge;

    // Fees per asset: the explicit fee outputs of the included transactions.
    std::map<uint256, Amount> fees;
    bool witness = true;  // segwit is active from genesis on every Ocean chain: always commit
    for (const auto& tx : in.txs) {
        for (const TxOut& out : tx->vout) {
            if (out.IsFee() && out.value.IsExplicit() && out.asset.IsExplicit()) {
                fees[out.asset.GetAsset()] += out.value.GetAmount();
            }
        }
    }

    MutableTransaction cb;
    cb.version = 2;
    TxIn& cin = cb.vin.emplace_back();  // null prevout
    Script sig = CoinbaseHeightPrefix(height);
    sig << ScriptNum(in.extra_nonce);
    cin.script_sig = sig.bytes();
    cin.sequence = 0xffffffff;
    const Bytes& destination =
        params.EnforcesCoinbaseDestination() ? params.CoinbaseDestinationAt(height) : in.fee_destination;
    for (const auto& [asset, amount] : fees) {
        if (amount > 0) cb.vout.push_back(MakeExplicitTxOut(asset, amount, destination));
    }
    if (cb.vout.empty()) cb.vout.push_back(MakeExplicitTxOut(params.pegged_asset, 0, {OP_RETURN}));
    static const Bytes kCommitmentHeader = {OP_RETURN, 0x24, 0xaa, 0x21, 0xa9, 0xed};
    if (witness) {
        Bytes placeholder = kCommitmentHeader;
        placeholder.resize(38, 0);
        cb.vout.push_back(MakeExplicitTxOut(params.pegged_asset, 0, std::move(placeholder)));
        cin.witness.script_witness = {Bytes(32, 0)};  // the witness reserved value
    }

    b.vtx.reserve(in.txs.size() + 1);
    b.vtx.push_back(MakeTransactionRef(cb));
    b.vtx.insert(b.vtx.end(), in.txs.begin(), in.txs.end());
    if (witness) {
        // The coinbase's own witness hash is taken as zero, so the root computed with the
        // placeholder commitment is final.
        const uint256 root = BlockWitnessMerkleRoot(b);
        const uint256 commitment = Sha256dHash(root.span(), uint256().span());
        Bytes& script = cb.vout.back().script_pubkey;
        std::copy(commitment.begin(), commitment.end(), script.begin() + 6);
        b.vtx[0] = MakeTransactionRef(std::move(cb));
    }
    b.merkle_root = BlockMerkleRoot(b);
    return b;
}

}  // namespace ocean
