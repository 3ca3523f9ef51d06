// Genesis block construction from the chain's options (formats.md §7, config.md §5).
//
// Ocean has no hard-coded genesis: every node rebuilds it from its configuration, and two nodes are
// on the same chain only if they build byte-identical genesis blocks. GenesisParams holds the
// genesis-critical options already parsed; BuildGenesisBlock turns them into the block.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ocean/primitives/amount.h"
#include "ocean/primitives/block.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// The genesis-critical options with Ocean's defaults.
struct GenesisParams {
    std::string chain = "ocean_test";
    Bytes signblockscript = {0x51};
    Bytes fedpegscript = {0x51};
    uint160 parent_contract = uint160::FromHex("076C97e1c869072eE22f8c91978C99B4bcB02591");
    std::array<uint8_t, 20> fedpeg_address{};  // -fedpegaddress raw bytes
    uint256 parent_genesis_hash =
        uint256::FromHex("d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3");
    uint32_t genesis_timestamp = 1514764800;
    Amount initial_free_coins = 0;
    Bytes initial_free_coins_destination = {0x51};
    Amount policy_coins = 0;
    Bytes freezelist_destination = {0x6a};
    Bytes burnlist_destination = {0x6a};
    Bytes whitelist_destination = {0x6a};
    Bytes challenge_destination = {0x6a};
    Bytes permission_destination = {0x6a};
    Bytes issuance_destination = {0x6a};
    Bytes issue_control_script;
    uint256 attestation_hash;
    // The genesis contract hash (already zero when -embedcontract=0 or there is no terms file).
    uint256 contract_hash;
};

// The asset ids the genesis defines. Policy assets are set only when issued.
struct GenesisAssets {
    uint256 pegged;  // CBT: defined whether or not free coins are issued
    std::optional<uint256> freezelist, burnlist, whitelist, challenge, permission, issuance;
};

// Applies one option (name without the leading '-') if it is genesis-critical. Returns true when the
// option was consumed, false when it is not a genesis option, or an Error for a malformed value.
// Hex scripts and amounts are parsed strictly (a bad value is an error, never a silently different
// chain); hashes follow Ocean's lenient uint256 reading (formats.md §1.5), which -attestationhash
// relies on. "regtest" selects the chain elementsregtest.
Result<bool> ApplyGenesisOption(GenesisParams& p, std::string_view name, std::string_view value);

// SHA256 over the ASCII argument commitment text (formats.md §7.2); used as the genesis outpoint hash.
uint256 GenesisCommitment(const GenesisParams& p);

Block BuildGenesisBlock(const GenesisParams& p);
GenesisAssets ComputeGenesisAssets(const GenesisParams& p);
// The built-in labels of the genesis assets: CBT for the pegged asset, FREEZELIST, BURNLIST,
// WHITELIST, CHALLENGE, PERMISSION, ISSUANCE for the policy assets that were issued.
std::map<uint256, std::string> GenesisAssetLabels(const GenesisAssets& a);

// A terms-and-conditions (or asset-mapping) file as Ocean reads it: line by line, each line followed by
// '\n' (a missing final newline is added, '\r' kept; an empty file stays empty).
std::string NormalizeContractText(std::string_view text);
// SHA256d of NormalizeContractText(text); empty text gives zero.
uint256 ContractHashOfText(std::string_view text);

}  // namespace ocean
