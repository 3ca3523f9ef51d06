#include "ocean/consensus/genesis.h"

#include "ocean/crypto/sha256.h"
#include "ocean/primitives/asset.h"
#include "ocean/primitives/merkle.h"
#include "ocean/script/script.h"
#include "ocean/util/hex.h"
#include "ocean/util/strings.h"

namespace ocean {
namespace {

// Contract field (internal byte[0]) of each genesis policy asset, in issuance order.
constexpr uint8_t kFreezelistContract = 0x10;
constexpr uint8_t kBurnlistContract = 0x20;
constexpr uint8_t kWhitelistContract = 0x30;
constexpr uint8_t kChallengeContract = 0x40;
constexpr uint8_t kPermissionContract = 0x50;
constexpr uint8_t kIssuanceContract = 0x60;

struct PolicyIssue {
    const Bytes* destination;
    uint8_t contract;
    std::optional<uint256> GenesisAssets::*slot;
};

std::vector<PolicyIssue> PolicyIssues(const GenesisParams& p) {
    return {
        {&p.freezelist_destination, kFreezelistContract, &GenesisAssets::freezelist},
        {&p.burnlist_destination, kBurnlistContract, &GenesisAssets::burnlist},
        {&p.whitelist_destination, kWhitelistContract, &GenesisAssets::whitelist},
        {&p.challenge_destination, kChallengeContract, &GenesisAssets::challenge},
        {&p.permission_destination, kPermissionContract, &GenesisAssets::permission},
        {&p.issuance_destination, kIssuanceContract, &GenesisAssets::issuance},
    };
}

// One genesis issuance: 100 equal outputs of the asset issued at (commit, n) with `contract`.
MutableTransaction IssuanceTx(const uint256& commit, uint32_t n, const uint256& contract, Amount total,
                              const Bytes& destination) {
    MutableTransaction tx;
    tx.version = 1;
    TxIn& in = tx.vin.emplace_back();
    in.prevout = OutPoint(commit, n);
    in.issuance.asset_entropy = contract;
    in.issuance.amount.SetExplicit(total);
    in.issuance.inflation_keys.SetExplicit(0);
    const uint256 asset = ComputeAssetId(ComputeIssuanceEntropy(in.prevout, contract));
    const Amount per_output = total / 100;
    for (int i = 0; i < 100; ++i) {
        TxOut& out = tx.vout.emplace_back();
        out.asset.SetExplicit(asset);
        out.value.SetExplicit(per_output);
        out.script_pubkey = destination;
    }
    return tx;
}

}  // namespace

Result<bool> ApplyGenesisOption(GenesisParams& p, std::string_view name, std::string_view value) {
    auto bad = [&](const char* what) {
        return Error("bad-option", "-" + std::string(name) + "=" + std::string(value) + ": " + what);
    };
    auto script = [&](Bytes& dst) -> Result<bool> {
        auto b = ParseHex(value);
        if (!b) return bad("not a hex string");
        dst = std::move(*b);
        return true;
    };
    auto amount = [&](Amount& dst) -> Result<bool> {
        auto v = ParseInt64(value);
        if (!v || *v < 0 || *v > MAX_MONEY) return bad("not an amount in satoshis within 0..21e14");
        dst = *v;
        return true;
    };
    if (name == "chain") {
        if (value.empty()) return bad("empty chain name");
        p.chain = std::string(value);
        return true;
    }
    if (name == "regtest") {
        if (value != "0") p.chain = "elementsregtest";
        return true;
    }
    if (name == "signblockscript") return script(p.signblockscript);
    if (name == "fedpegscript") return script(p.fedpegscript);
    if (name == "parentcontract") {
        p.parent_contract = uint160::FromHex(value);
        return true;
    }
    if (name == "fedpegaddress") {
        auto b = ParseHex(value);
        if (!b || (b->size() != 20 && !b->empty())) return bad("must be 20 bytes of hex");
        p.fedpeg_address.fill(0);
        if (!b->empty()) std::copy(b->begin(), b->end(), p.fedpeg_address.begin());
        return true;
    }
    if (name == "parentgenesisblockhash") {
        p.parent_genesis_hash = uint256::FromHex(value);
        return true;
    }
    if (name == "genesistimestamp") {
        auto v = ParseUInt32(value);
        if (!v) return bad("not a 32-bit unsigned integer");
        p.genesis_timestamp = *v;
        return true;
    }
    if (name == "initialfreecoins") return amount(p.initial_free_coins);
    if (name == "initialfreecoinsdestination") return script(p.initial_free_coins_destination);
    if (name == "policycoins") return amount(p.policy_coins);
    if (name == "freezelistcoinsdestination") return script(p.freezelist_destination);
    if (name == "burnlistcoinsdestination") return script(p.burnlist_destination);
    if (name == "whitelistcoinsdestination") return script(p.whitelist_destination);
    if (name == "challengecoinsdestination") return script(p.challenge_destination);
    if (name == "permissioncoinsdestination") return script(p.permission_destination);
    if (name == "issuancecoinsdestination") return script(p.issuance_destination);
    if (name == "issuecontrolscript") return script(p.issue_control_script);
    if (name == "attestationhash") {
        p.attestation_hash = uint256::FromHex(value);
        return true;
    }
    return false;
}

uint256 GenesisCommitment(const GenesisParams& p) {
    std::string text = p.chain;
    text += HexStr(p.fedpegscript);
    text += HexStr(p.signblockscript);
    text += HexStr(p.parent_contract.span());
    text += HexStr(p.fedpeg_address);
    return Sha256Hash(ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

GenesisAssets ComputeGenesisAssets(const GenesisParams& p) {
    const uint256 commit = GenesisCommitment(p);
    GenesisAssets a;
    a.pegged = ComputeAssetId(ComputeIssuanceEntropy(OutPoint(commit, 0), p.parent_genesis_hash));
    uint32_t n = p.initial_free_coins != 0 ? 1 : 0;
    if (p.policy_coins != 0) {
        for (const PolicyIssue& issue : PolicyIssues(p)) {
            if (Script(*issue.destination).IsUnspendable()) continue;
            a.*issue.slot = ComputeAssetId(
                ComputeIssuanceEntropy(OutPoint(commit, n++), uint256::FromByte0(issue.contract)));
        }
    }
    return a;
}

std::map<uint256, std::string> GenesisAssetLabels(const GenesisAssets& a) {
    std::map<uint256, std::string> labels{{a.pegged, "CBT"}};
    const std::pair<const std::optional<uint256>*, const char*> policy[] = {
        {&a.freezelist, "FREEZELIST"}, {&a.burnlist, "BURNLIST"},     {&a.whitelist, "WHITELIST"},
        {&a.challenge, "CHALLENGE"},   {&a.permission, "PERMISSION"}, {&a.issuance, "ISSUANCE"}};
    for (const auto& [asset, label] : policy) {
        if (*asset) labels[**asset] = label;
    }
    return labels;
}

Block BuildGenesisBlock(const GenesisParams& p) {
    const uint256 commit = GenesisCommitment(p);
    std::vector<MutableTransaction> txs;

    MutableTransaction coinbase;
    coinbase.version = 1;
    TxIn& cin = coinbase.vin.emplace_back();
    cin.script_sig.push_back(0x20);
    Append(cin.script_sig, commit.span());
    TxOut& burn = coinbase.vout.emplace_back();
    burn.asset.SetExplicit(uint256());
    burn.value.SetExplicit(0);
    burn.script_pubkey = {0x6a};
    if (!p.issue_control_script.empty()) {
        TxOut& ctl = coinbase.vout.emplace_back();
        ctl.asset.SetExplicit(uint256());
        ctl.value.SetExplicit(0);
        Script control;
        control << OP_RETURN << p.issue_control_script;  // minimal push of the script bytes
        ctl.script_pubkey = control.bytes();
    }
    txs.push_back(std::move(coinbase));

    uint32_t n = 0;
    if (p.initial_free_coins != 0) {
        txs.push_back(IssuanceTx(commit, n++, p.parent_genesis_hash, p.initial_free_coins,
                                 p.initial_free_coins_destination));
    }
    if (p.policy_coins != 0) {
        for (const PolicyIssue& issue : PolicyIssues(p)) {
            if (Script(*issue.destination).IsUnspendable()) continue;
            txs.push_back(IssuanceTx(commit, n++, uint256::FromByte0(issue.contract), p.policy_coins,
                                     *issue.destination));
        }
    }

    Block block;
    block.version = 1;
    block.contract_hash = p.contract_hash;
    block.attestation_hash = p.attestation_hash;
    block.time = p.genesis_timestamp;
    block.height = 0;
    block.proof.challenge = p.signblockscript;
    for (MutableTransaction& tx : txs) block.vtx.push_back(MakeTransactionRef(std::move(tx)));
    block.merkle_root = BlockMerkleRoot(block);
    return block;
}

std::string NormalizeContractText(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 1);
    size_t start = 0;
    while (start < text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) nl = text.size();
        out.append(text.substr(start, nl - start));
        out += '\n';
        start = nl + 1;
    }
    return out;
}

uint256 ContractHashOfText(std::string_view text) {
    if (text.empty()) return uint256();
    const std::string normalized = NormalizeContractText(text);
    return Sha256dHash(ByteSpan(reinterpret_cast<const uint8_t*>(normalized.data()), normalized.size()));
}

}  // namespace ocean
