// Builds ChainParams from options and answers the height-scheduled questions (consensus.md §9).
#include "ocean/consensus/chain_params.h"

#include <limits>

#include "ocean/util/hex.h"
#include "ocean/util/strings.h"

namespace ocean {
namespace {

using OptionList = std::vector<std::pair<std::string, std::string>>;

Error BadOption(std::string_view name, std::string_view value, std::string_view what) {
    return Error("bad-option", "-" + std::string(name) + "=" + std::string(value) + ": " + std::string(what));
}

// "<left>:<height>" with the height after the last ':' (scripts and hashes never contain ':').
Result<std::pair<std::string, uint32_t>> ParseScheduleEntry(std::string_view name, std::string_view value) {
    const size_t colon = value.rfind(':');
    if (colon == std::string_view::npos) return BadOption(name, value, "expected <value>:<height>");
    const auto height = ParseUInt32(value.substr(colon + 1));
    if (!height) return BadOption(name, value, "the height is not a 32-bit unsigned integer");
    return std::pair<std::string, uint32_t>(std::string(value.substr(0, colon)), *height);
}

Result<std::pair<Bytes, uint32_t>> ParseScriptSchedule(std::string_view name, std::string_view value) {
    auto e = ParseScheduleEntry(name, value);
    if (!e) return e.error();
    auto script = ParseHex(e->first);
    if (!script) return BadOption(name, value, "the script is not hex");
    return std::pair<Bytes, uint32_t>(std::move(*script), e->second);
}

Result<std::pair<uint256, uint32_t>> ParseHashSchedule(std::string_view name, std::string_view value) {
    auto e = ParseScheduleEntry(name, value);
    if (!e) return e.error();
    auto hash = uint256::FromHexStrict(e->first);
    if (!hash) return BadOption(name, value, "expected 64 hex digits");
    return std::pair<uint256, uint32_t>(*hash, e->second);
}

// Ocean's boolean reading: empty means true, otherwise a number that is non-zero.
Result<bool> ParseBoolOption(std::string_view name, std::string_view value) {
    if (value.empty()) return true;
    auto v = ParseInt64(value);
    if (!v) return BadOption(name, value, "expected 0 or 1");
    return *v != 0;
}

Result<int64_t> ParseIntOption(std::string_view name, std::string_view value) {
    auto v = ParseInt64(value);
    if (!v) return BadOption(name, value, "not an integer");
    return *v;
}

// The entry with the greatest key <= h.
template <typename V>
const V* GreatestAtOrBelow(const std::map<uint32_t, V>& m, uint32_t h) {
    auto it = m.upper_bound(h);
    if (it == m.begin()) return nullptr;
    return &std::prev(it)->second;
}

// The chain constants of config.md §4.12 by option name.
struct IntField {
    std::string_view name;
    int64_t CustomChainConstants::*field;
};
struct BoolField {
    std::string_view name;
    bool CustomChainConstants::*field;
};
struct HashField {
    std::string_view name;
    uint256 CustomChainConstants::*field;
};

constexpr IntField kIntFields[] = {
    {"con_nsubsidyhalvinginterval", &CustomChainConstants::subsidy_halving_interval},
    {"con_bip34height", &CustomChainConstants::bip34_height},
    {"con_bip65height", &CustomChainConstants::bip65_height},
    {"con_bip66height", &CustomChainConstants::bip66_height},
    {"con_npowtargettimespan", &CustomChainConstants::pow_target_timespan},
    {"con_npowtargetspacing", &CustomChainConstants::pow_target_spacing},
    {"con_nrulechangeactivationthreshold", &CustomChainConstants::rule_change_activation_threshold},
    {"con_nminerconfirmationwindow", &CustomChainConstants::miner_confirmation_window},
    {"ndefaultport", &CustomChainConstants::default_port},
    {"npruneafterheight", &CustomChainConstants::prune_after_height},
};
constexpr BoolField kBoolFields[] = {
    {"con_fpowallowmindifficultyblocks", &CustomChainConstants::pow_allow_min_difficulty_blocks},
    {"con_fpownoretargeting", &CustomChainConstants::pow_no_retargeting},
    {"fminingrequirespeers", &CustomChainConstants::mining_requires_peers},
    {"fdefaultconsistencychecks", &CustomChainConstants::default_consistency_checks},
    {"frequirestandard", &CustomChainConstants::require_standard},
    {"fmineblocksondemand", &CustomChainConstants::mine_blocks_on_demand},
    {"anyonecanspendaremine", &CustomChainConstants::anyone_can_spend_are_mine},
};
constexpr HashField kHashFields[] = {
    {"con_bip34hash", &CustomChainConstants::bip34_hash},
    {"con_powlimit", &CustomChainConstants::pow_limit},
    {"con_parentpowlimit", &CustomChainConstants::parent_pow_limit},
    {"con_nminimumchainwork", &CustomChainConstants::minimum_chain_work},
    {"con_defaultassumevalid", &CustomChainConstants::default_assume_valid},
};

struct PolicyChangeOption {
    std::string_view name;
    PolicyAssetKind kind;
};
// -burnlistassetchange feeds the freezelist schedule (consensus.md §9.4 quirk).
constexpr PolicyChangeOption kPolicyChangeOptions[] = {
    {"freezelistassetchange", PolicyAssetKind::kFreezelist},
    {"burnlistassetchange", PolicyAssetKind::kFreezelist},
    {"whitelistassetchange", PolicyAssetKind::kWhitelist},
    {"issuanceassetchange", PolicyAssetKind::kIssuance},
    {"challengeassetchange", PolicyAssetKind::kChallenge},
};

// Applies one non-genesis option; false when the option is not one of ours.
Result<bool> ApplyChainOption(ChainParams& cp, std::vector<uint32_t>& contract_changes, std::string_view name,
                              std::string_view value) {
    if (name == "con_mandatorycoinbase") {
        auto b = ParseHex(value);
        if (!b) return BadOption(name, value, "not a hex string");
        cp.mandatory_coinbase = std::move(*b);
        return true;
    }
    if (name == "coinbasechange" || name == "signblockscriptchange") {
        auto e = ParseScriptSchedule(name, value);
        if (!e) return e.error();
        auto& schedule = name == "coinbasechange" ? cp.coinbase_changes : cp.signblockscript_changes;
        schedule[e->second] = std::move(e->first);
        return true;
    }
    if (name == "contractchange") {
        auto h = ParseUInt32(value);
        if (!h) return BadOption(name, value, "not a 32-bit unsigned height");
        contract_changes.push_back(*h);
        return true;
    }
    for (const PolicyChangeOption& o : kPolicyChangeOptions) {
        if (name != o.name) continue;
        auto e = ParseHashSchedule(name, value);
        if (!e) return e.error();
        cp.policy_asset_changes[o.kind][e->second] = e->first;
        return true;
    }
    if (name == "disabledoutput") {
        auto e = ParseScheduleEntry(name, value);
        if (!e) return BadOption(name, value, "expected <txid>:<n>");
        auto txid = uint256::FromHexStrict(e->first);
        if (!txid) return BadOption(name, value, "the txid is not 64 hex digits");
        cp.disabled_outputs.insert(OutPoint(*txid, e->second));
        return true;
    }
    if (name == "embedcontract") {
        auto b = ParseBoolOption(name, value);
        if (!b) return b.error();
        cp.embed_contract = *b;
        return true;
    }
    if (name == "peginconfirmationdepth") {
        auto v = ParseIntOption(name, value);
        if (!v) return v.error();
        cp.pegin_confirmation_depth = *v;
        return true;
    }
    for (const IntField& f : kIntFields) {
        if (name != f.name) continue;
        auto v = ParseIntOption(name, value);
        if (!v) return v.error();
        cp.custom.*f.field = *v;
        return true;
    }
    for (const BoolField& f : kBoolFields) {
        if (name != f.name) continue;
        auto v = ParseBoolOption(name, value);
        if (!v) return v.error();
        cp.custom.*f.field = *v;
        return true;
    }
    for (const HashField& f : kHashFields) {
        if (name != f.name) continue;
        cp.custom.*f.field = uint256::FromHex(value);  // uint256S-style, as Ocean reads them
        return true;
    }
    return false;
}

}  // namespace

Result<ChainParams> ChainParams::FromOptions(const OptionList& options, const ContractTexts& texts) {
    ChainParams cp;
    std::vector<uint32_t> contract_changes;
    for (const auto& [name, value] : options) {
        auto g = ApplyGenesisOption(cp.genesis_params, name, value);
        if (!g) return g.error();
        if (*g) continue;
        auto c = ApplyChainOption(cp, contract_changes, name, value);
        if (!c) return c.error();
    }

    // Contract schedule: every change height maps to old1.txt (consensus.md §9.3 quirk), latest.txt
    // sits at UINT32_MAX.
    const bool has_old1 = texts.old1 && !texts.old1->empty();
    cp.contract_old1 = has_old1 ? ContractHashOfText(*texts.old1) : uint256();
    cp.contract_latest = texts.latest ? ContractHashOfText(*texts.latest) : uint256();
    for (uint32_t h : contract_changes) cp.contract_schedule[h] = cp.contract_old1;
    cp.contract_schedule[std::numeric_limits<uint32_t>::max()] = cp.contract_latest;

    if (cp.genesis_params.chain == "ocean_main") {
        cp.custom.rule_change_activation_threshold = 1916;
        cp.custom.miner_confirmation_window = 2016;
        cp.custom.default_consistency_checks = false;
    }

    cp.genesis_params.contract_hash = cp.embed_contract ? cp.ContractHashAt(0) : uint256();
    cp.signblockscript = cp.genesis_params.signblockscript;
    cp.genesis = BuildGenesisBlock(cp.genesis_params);
    cp.genesis_hash = cp.genesis.GetHash();
    cp.genesis_assets = ComputeGenesisAssets(cp.genesis_params);
    cp.pegged_asset = cp.genesis_assets.pegged;
    cp.parent_genesis_hash = cp.genesis_params.parent_genesis_hash;
    return cp;
}

std::optional<Bytes> ChainParams::ScheduledChallengeAt(uint32_t height) const {
    const Bytes* s = GreatestAtOrBelow(signblockscript_changes, height);
    if (!s) return std::nullopt;
    return *s;
}

const Bytes& ChainParams::CoinbaseDestinationAt(uint32_t height) const {
    const Bytes* s = GreatestAtOrBelow(coinbase_changes, height);
    return s ? *s : mandatory_coinbase;
}

uint256 ChainParams::ContractHashAt(uint32_t height) const {
    if (height == 0) return contract_old1.IsNull() ? contract_latest : contract_old1;
    auto it = contract_schedule.upper_bound(height);
    return it == contract_schedule.end() ? uint256() : it->second;
}

std::optional<uint256> ChainParams::PolicyAssetAt(PolicyAssetKind kind, uint32_t height) const {
    auto sched = policy_asset_changes.find(kind);
    if (sched != policy_asset_changes.end()) {
        if (const uint256* a = GreatestAtOrBelow(sched->second, height)) return *a;
    }
    switch (kind) {
        case PolicyAssetKind::kFreezelist:
            return genesis_assets.freezelist;
        case PolicyAssetKind::kBurnlist:
            return genesis_assets.burnlist;
        case PolicyAssetKind::kWhitelist:
            return genesis_assets.whitelist;
        case PolicyAssetKind::kChallenge:
            return genesis_assets.challenge;
        case PolicyAssetKind::kPermission:
            return genesis_assets.permission;
        case PolicyAssetKind::kIssuance:
            return genesis_assets.issuance;
    }
    return std::nullopt;
}

const std::vector<std::string_view>& DescribeChainOptions() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> v = {
            // genesis (ApplyGenesisOption)
            "chain", "regtest", "signblockscript", "fedpegscript", "parentcontract", "fedpegaddress",
            "parentgenesisblockhash", "genesistimestamp", "initialfreecoins", "initialfreecoinsdestination",
            "policycoins", "freezelistcoinsdestination", "burnlistcoinsdestination",
            "whitelistcoinsdestination", "challengecoinsdestination", "permissioncoinsdestination",
            "issuancecoinsdestination", "issuecontrolscript", "attestationhash",
            // consensus schedules and peg
            "embedcontract", "con_mandatorycoinbase", "coinbasechange", "signblockscriptchange",
            "contractchange", "disabledoutput", "peginconfirmationdepth"};
        for (const PolicyChangeOption& o : kPolicyChangeOptions) v.push_back(o.name);
        for (const IntField& f : kIntFields) v.push_back(f.name);
        for (const BoolField& f : kBoolFields) v.push_back(f.name);
        for (const HashField& f : kHashFields) v.push_back(f.name);
        return v;
    }();
    return names;
}

}  // namespace ocean
