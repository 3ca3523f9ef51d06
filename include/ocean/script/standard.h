// Standard output templates: classifying a scriptPubKey (Solve), turning it into destinations for RPC
// "type"/"addresses"/"reqSigs", and building the scripts Ocean's wallet and policy code produce.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ocean/script/destination.h"
#include "ocean/script/script.h"
#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace ocean {

// The template a scriptPubKey matches (rpc.md §5.4 names in comments).
enum class TxoutType {
    kNonstandard,          // "nonstandard"
    kPubKey,               // "pubkey"
    kPubKeyHash,           // "pubkeyhash"
    kScriptHash,           // "scripthash"
    kMultisig,             // "multisig"
    kNullData,             // "nulldata"
    kWitnessV0KeyHash,     // "witness_v0_keyhash"
    kWitnessV0ScriptHash,  // "witness_v0_scripthash"
    kTrue,                 // "true"      (the script `51` exactly)
    kFee,                  // "fee"       (the empty script)
    kLockedMultisig,       // "lockedmultisig"
    kRegisterAddressV0,    // "registeraddress_v0"
    kDeregisterAddressV0,  // "deregisteraddress_v0"
    kRegisterAddressV1,    // "registeraddress_v1"
    kDeregisterAddressV1,  // "deregisteraddress_v1"
};

std::string_view GetTxoutTypeName(TxoutType type);

// Result of Solve: the template and its variable parts.
//  pubkey: [key]; pubkeyhash/scripthash/witness: [hash or program]; multisig: [m, keys..., n] with m
//  and n as one-byte values; lockedmultisig: [locktime (minimal script number bytes), m, keys..., n];
//  register/deregister: [payload]; nulldata, true, fee, nonstandard: [].
struct SolvedScript {
    TxoutType type = TxoutType::kNonstandard;
    std::vector<Bytes> solutions;
};

// Classifies a scriptPubKey. The first match wins, in Ocean's order (policy.md §4): P2SH, empty (fee),
// witness v0 (other witness programs are nonstandard), register/deregister address, `51` (true),
// OP_RETURN + pushes (nulldata), P2PK, P2PKH, CLTV-locked multisig, bare multisig. Keys only need a valid
// size. A locked multisig whose lock time push is not a minimal script number is treated as not
// matching (Ocean throws there).
SolvedScript Solve(const Script& script);

// The single destination of a P2PKH, P2SH or P2PK script (P2PK gives the key's hash160); NoDestination
// for anything else, witness programs included (Ocean has no witness addresses).
Destination ExtractDestination(const Script& script);

// The "type", "addresses" and "reqSigs" of a scriptPubKey as rpc.md §5.4 shows them.
struct ScriptDestinations {
    TxoutType type = TxoutType::kNonstandard;
    std::vector<Destination> addresses;  // one PKHash per key for bare multisig
    int required = 0;                    // reqSigs; meaningful only when has_addresses()
    // "reqSigs" and "addresses" are printed only when this is true.
    bool has_addresses() const { return !addresses.empty(); }
};
ScriptDestinations ExtractDestinations(const Script& script);

// --- Builders ----------------------------------------------------------------------------------------
// P2PKH, P2SH, `OP_0 <20>` or `OP_0 <32>`; an empty script for NoDestination.
Script GetScriptForDestination(const Destination& dest);
// `<pubkey> OP_CHECKSIG`.
Script GetScriptForRawPubKey(ByteSpan pubkey);
// `OP_m <key1> ... <keyn> OP_n OP_CHECKMULTISIG`; m and n must be 0..16 (callers validate).
Script GetScriptForMultisig(int required, std::span<const Bytes> pubkeys);
// `OP_RETURN <push>...` (just OP_RETURN for no pushes).
Script GetScriptForNullData(std::span<const Bytes> pushes);
Script GetScriptForNullData(ByteSpan data);
// Contract-in-transaction output `6a 20 <hash>` (formats.md §11.5); the hash's internal bytes.
Script GetScriptForContractHash(const uint256& contract_hash);
// Peg-out `OP_RETURN <parent genesis, internal order> <destination>` (formats.md §11.7).
Script GetScriptForPegout(const uint256& parent_genesis, ByteSpan destination);
// `b8|b6 [OP_1] <payload>` (formats.md §11.1); version must be 0 or 1.
Script GetScriptForRegisterAddress(bool is_register, int version, ByteSpan payload);

// --- Policy-list outputs (formats.md §11.2, §11.3) ----------------------------------------------------
// The fake key `02 ‖ 00×12 ‖ key_id` that carries a freezelist/burnlist address.
Bytes MakePolicyFakeKey(const uint160& key_id);
// Bytes 13..32 of a 33-byte key2 (bytes 0..12 are ignored, as Ocean's readers do); nullopt otherwise.
std::optional<uint160> KeyIdFromPolicyKey(ByteSpan key);
// A 33-byte key with bytes 3..32 reversed (whitelist KYC-key encoding; applying it twice is identity).
// Other sizes are returned unchanged.
Bytes ReverseKeyTail(ByteSpan key);
// `OP_1 <admin_pubkey> <MakePolicyFakeKey(key_id)> OP_2 OP_CHECKMULTISIG`.
Script GetScriptForPolicyMultisig(ByteSpan admin_pubkey, const uint160& key_id);

// --- Guardnode requests and bids (formats.md §11.4, requests.md) ------------------------------------
// `<lock height as script number data> OP_CHECKLOCKTIMEVERIFY OP_DROP OP_m <keys> OP_n OP_CHECKMULTISIG`.
Script GetScriptForLockedMultisig(int64_t lock_height, int required, std::span<const Bytes> pubkeys);

// Metadata of a request, as carried by key2/key3 of its locked multisig.
struct RequestFields {
    int64_t end_height = 0;       // the CLTV lock height
    uint256 genesis_hash;         // key2 bytes 1..32 (internal order)
    uint32_t start_height = 0;    // key3 bytes 1..4 (LE)
    uint32_t num_tickets = 0;     // key3 bytes 5..8
    uint32_t decay_const = 0;     // key3 bytes 9..12
    uint32_t fee_percentage = 0;  // key3 bytes 13..16
    int64_t start_price = 0;      // key3 bytes 17..24 (LE int64); bytes 25..32 ignored (written as 0)
};
// key2 = 02 ‖ genesis hash, key3 = 03 ‖ fields ‖ 00×8.
Bytes MakeRequestGenesisKey(const uint256& genesis_hash);
Bytes MakeRequestDataKey(const RequestFields& fields);
// Request output script: 1-of-3 locked multisig of (owner_pubkey, genesis key, data key).
Script GetScriptForRequest(const RequestFields& fields, ByteSpan owner_pubkey);
// Parses a request from a locked multisig with exactly three keys. The lock height must be a minimal
// script number of at most 4 bytes. m and the prefix bytes are not checked (as in Ocean).
std::optional<RequestFields> ParseRequestScript(const Script& script);

// Metadata of a bid.
struct BidFields {
    int64_t lock_height = 0;
    uint256 request_txid;  // key2 bytes 1..32 (internal order)
    Bytes fee_pubkey;      // key3, all 33 bytes
};
// key2 = 02 ‖ request txid.
Bytes MakeBidRequestKey(const uint256& request_txid);
Script GetScriptForBid(int64_t lock_height, ByteSpan stake_pubkey, const uint256& request_txid,
                       ByteSpan fee_pubkey);
std::optional<BidFields> ParseBidScript(const Script& script);

}  // namespace ocean
