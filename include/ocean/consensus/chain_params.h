// ChainParams: everything that defines one Ocean chain's consensus, built from its options
// (consensus.md §9, config.md §4.10–4.12 and §6).
//
// Ocean has no hard-coded networks: the genesis block, the block-signing script, the mandatory
// coinbase destination and the configurable "hard-fork" schedules (coinbase destination, block
// challenge, contract hash, policy assets, disabled outputs) all come from options, and every node of a
// network must be configured identically. The node layer reads the configuration and the contract
// files and hands them to ChainParams::FromOptions; this class only interprets them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ocean/consensus/genesis.h"
#include "ocean/primitives/block.h"
#include "ocean/primitives/transaction.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// The contents of the chain's terms-and-conditions files (terms-and-conditions/<chain>/latest.txt and
// old1.txt); nullopt when the file does not exist. Missing and empty files both hash to zero.
struct ContractTexts {
    std::optional<std::string> latest;
    std::optional<std::string> old1;
};

// The policy assets whose ids can be rescheduled (consensus.md §9.4). Permission has no schedule.
enum class PolicyAssetKind { kFreezelist, kBurnlist, kWhitelist, kChallenge, kPermission, kIssuance };

// The "custom chain" constants fed by the undocumented -con_* / -n* / -f* options (config.md §4.12).
// None of them changes block validity in Ocean (BIP34/65/66, CSV and segwit are always on); they are kept
// so the node can report and use them (BIP9 version bits, assumevalid, default port, ...).
struct CustomChainConstants {
    int64_t subsidy_halving_interval = 150;
    int64_t bip34_height = 100000000;
    uint256 bip34_hash;
    int64_t bip65_height = 1351;
    int64_t bip66_height = 1251;
    uint256 pow_limit = uint256::FromHex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    uint256 parent_pow_limit =
        uint256::FromHex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    int64_t pow_target_timespan = 1209600;
    int64_t pow_target_spacing = 600;
    bool pow_allow_min_difficulty_blocks = true;
    bool pow_no_retargeting = true;
    // BIP9 (only the testdummy deployment runs; it never affects validity, consensus.md §1).
    int64_t rule_change_activation_threshold = 108;
    int64_t miner_confirmation_window = 144;
    uint256 minimum_chain_work;
    uint256 default_assume_valid;
    int64_t default_port = 7042;
    int64_t prune_after_height = 1000;
    bool mining_requires_peers = false;
    bool default_consistency_checks = true;
    bool require_standard = false;
    bool mine_blocks_on_demand = true;
    bool anyone_can_spend_are_mine = true;
};

class ChainParams {
  public:
    // Builds the parameters from options given as (name without '-', value) in order; repeatable
    // options appear once per value. For a single-valued option the last occurrence wins, so the caller
    // puts the winning value (command line over config file) last. Options this function does not handle
    // are ignored (see DescribeChainOptions for the ones it does); a malformed value of a handled option
    // gives an Error whose message names the option.
    static Result<ChainParams> FromOptions(const std::vector<std::pair<std::string, std::string>>& options,
                                           const ContractTexts& texts);

    // --- Genesis -------------------------------------------------------------------------------------
    GenesisParams genesis_params;
    Block genesis;
    uint256 genesis_hash;
    GenesisAssets genesis_assets;
    bool embed_contract = true;  // -embedcontract: contract hash in genesis and in produced headers

    // --- Block proof ---------------------------------------------------------------------------------
    // The base challenge (-signblockscript), carried by genesis.
    Bytes signblockscript;
    // -signblockscriptchange=<script>:<height> (consensus.md §9.2).
    std::map<uint32_t, Bytes> signblockscript_changes;
    // The scheduled challenge for a block at `height`: the entry with the greatest height <= height, or
    // nullopt when no entry applies (the block must then repeat its parent's challenge).
    std::optional<Bytes> ScheduledChallengeAt(uint32_t height) const;

    // --- Coinbase destination (consensus.md §5.3, §9.1) ------------------------------------------------
    Bytes mandatory_coinbase;                    // -con_mandatorycoinbase; empty: not enforced
    std::map<uint32_t, Bytes> coinbase_changes;  // -coinbasechange=<script>:<height>
    bool EnforcesCoinbaseDestination() const { return !mandatory_coinbase.empty(); }
    // D(h): the scheduled script for h, else the mandatory coinbase script.
    const Bytes& CoinbaseDestinationAt(uint32_t height) const;

    // --- Contract hash (consensus.md §9.3, config.md §6) ------------------------------------------------
    uint256 contract_latest;                        // SHA256d(latest.txt), zero if missing
    uint256 contract_old1;                          // SHA256d(old1.txt), zero if missing
    std::map<uint32_t, uint256> contract_schedule;  // change heights -> old1 hash; UINT32_MAX -> latest
    // contract(0) = old1 if it exists and is non-empty, else latest; contract(h > 0) = the value of the
    // smallest scheduled key strictly greater than h (zero when there is none).
    uint256 ContractHashAt(uint32_t height) const;

    // --- Policy assets (consensus.md §9.4; node-local policy, not validity) ---------------------------
    std::map<PolicyAssetKind, std::map<uint32_t, uint256>> policy_asset_changes;
    // The asset treated as `kind` at `height`: greatest scheduled height <= height, else the genesis
    // asset (nullopt when genesis did not issue it).
    std::optional<uint256> PolicyAssetAt(PolicyAssetKind kind, uint32_t height) const;

    // --- Disabled outputs (consensus.md §9.5) -----------------------------------------------------------
    std::set<OutPoint> disabled_outputs;
    bool IsDisabledOutput(const OutPoint& o) const { return disabled_outputs.count(o) != 0; }

    // --- Peg ------------------------------------------------------------------------------------------
    uint256 pegged_asset;
    uint256 parent_genesis_hash;
    int64_t pegin_confirmation_depth = 8;  // -peginconfirmationdepth (only with -validatepegin)

    // --- Constants ------------------------------------------------------------------------------------
    int coinbase_maturity = 2;
    int64_t max_future_block_time = 7200;
    CustomChainConstants custom;
};

// Names (without '-') of every option FromOptions interprets, for the node's allow-list.
const std::vector<std::string_view>& DescribeChainOptions();

}  // namespace ocean
