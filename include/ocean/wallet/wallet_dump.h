// Wallet dump files: Bitcoin Core 0.14's `dumpwallet` / `importwallet` text format and Ocean's
// `dumpderivedkeys` / `validatederivedkeys` format (policy.md §15).
//
// dumpwallet:
//   # Wallet dump created by <build>
//   # * Created on <ISO8601>
//   # * Best block at time of backup was <height> (<hash>),
//   #   mined on <ISO8601>
//   <empty line>
//   # extended private masterkey: <xprv>      (HD wallets, followed by an empty line)
//   <WIF> <ISO8601> label=<%-encoded>|hdmaster=1|inactivehdmaster=1|reserve=1|change=1 # addr=<a>[
//   hdkeypath=<p>] <empty line> # End of dump
//
// dumpderivedkeys: the same four header lines, an empty line, then `<tweaked address> <untweaked pubkey
// hex>` per key-pool key; no footer.
//
// Errors whose text an RPC returns carry the RPC error code as their code ("-5", "-32").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ocean/crypto/key.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/script/address.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// The four header lines' facts.
struct DumpHeader {
    std::string client_build;  // e.g. "v2.0.0-oceand" (after "created by Bitcoin ")
    int64_t created_time = 0;  // unix seconds
    int best_height = 0;
    uint256 best_hash;  // shown in display order
    int64_t best_time = 0;
};

// One private key as dumpwallet writes it.
struct WalletDumpKey {
    // The tag after the time: exactly one applies (Core 0.14/0.15 order: label, hd master, reserve, change).
    enum class Kind { kLabel, kHdMaster, kInactiveHdMaster, kReserve, kChange };
    Key key;
    int64_t time = 0;
    Kind kind = Kind::kChange;
    std::string label;    // for kLabel
    std::string hd_path;  // "m/0'/0'/5'", or "" for a non-HD key
};

// One key read back by importwallet.
struct ImportedDumpKey {
    Key key;
    int64_t time = 0;
    std::string label;
    // false when the line said reserve=1 or change=1 (importwallet then sets no label), as in Core.
    bool has_label = true;
};

// "2017-03-01T12:00:00Z" (UTC).
std::string FormatDumpTime(int64_t unix_seconds);
// Inverse of FormatDumpTime; errors on anything else.
Result<int64_t> ParseDumpTime(std::string_view text);
// Bytes <= 32, >= 128 and '%' become %xx (lower-case hex); everything else is kept.
std::string EncodeDumpString(std::string_view s);
// Inverse of EncodeDumpString; a '%' not followed by two hex digits is kept literally.
std::string DecodeDumpString(std::string_view s);

// The complete dump text. `master_xprv` is the base58 extended private master key line's value.
std::string WriteWalletDump(const DumpHeader& header, const std::optional<std::string>& master_xprv,
                            std::span<const WalletDumpKey> keys, const AddressPrefixes& prefixes);

// Reads a dumpwallet file: lines that are empty or start with '#' are skipped; every other line must be
// `<WIF> <time> [tags...] [# comment]`. A malformed line (fewer than two fields, bad WIF for the chain,
// bad time) is an error "wallet-dump-malformed" naming the line number; nothing is returned then.
Result<std::vector<ImportedDumpKey>> ParseWalletDump(std::string_view text, uint8_t wif_prefix);

// A key-pool key for getderivedkeys/dumpderivedkeys: the (tweaked) key the address pays to and the
// untweaked key it derives from.
struct DerivedKeyPair {
    PubKey pubkey;
    PubKey derived_pubkey;
};

std::string WriteDerivedKeysDump(const DumpHeader& header, std::span<const DerivedKeyPair> keys,
                                 const AddressPrefixes& prefixes);

// What validatederivedkeys checks against.
struct DerivedKeyCheckOptions {
    AddressPrefixes prefixes;
    uint256 contract_hash;        // height-0 contract; zero = no tweak
    bool embed_contract = true;   // -embedcontract
    bool contract_in_tx = false;  // -contractintx
};

// validatederivedkeys on the file's text: for each non-comment line with at least two space-separated
// fields, in order: address valid (-5 "Invalid Bitcoin address"), public key a valid point (-5 "Invalid
// public key"), address P2PKH (-5 "Invalid key id"), hash160(tweak(pubkey)) == address, tweaking only
// when embed_contract, a non-zero contract and not contract_in_tx (-32 "Invalid key derivation when
// tweaking key with contract hash"). The first failing line decides.
Status ValidateDerivedKeys(std::string_view text, const DerivedKeyCheckOptions& options);

}  // namespace ocean
