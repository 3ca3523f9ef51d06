#include "ocean/script/standard.h"

#include <algorithm>

#include "ocean/script/sigencoding.h"

namespace ocean {
namespace {

using Solutions = std::vector<Bytes>;

// `<33|65-byte key> OP_CHECKSIG` with a size-valid key.
bool MatchPayToPubKey(const Script& s, Bytes& key) {
    for (const size_t len : {size_t{65}, size_t{33}}) {
        if (s.size() == len + 2 && s[0] == len && s[len + 1] == OP_CHECKSIG) {
            key.assign(s.begin() + 1, s.begin() + 1 + static_cast<ptrdiff_t>(len));
            return IsValidSizePubKey(key);
        }
    }
    return false;
}

// `OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG`.
bool MatchPayToPubKeyHash(const Script& s, Bytes& hash) {
    if (s.size() == 25 && s[0] == OP_DUP && s[1] == OP_HASH160 && s[2] == 20 && s[23] == OP_EQUALVERIFY &&
        s[24] == OP_CHECKSIG) {
        hash.assign(s.begin() + 3, s.begin() + 23);
        return true;
    }
    return false;
}

// `<1..5 byte direct push> OP_CHECKLOCKTIMEVERIFY OP_DROP ...`. On a match, locktime is the minimal
// re-encoding of the pushed number and prefix_len the length of the prefix (push + CLTV + DROP).
bool MatchLockedPrefix(const Script& s, Bytes& locktime, size_t& prefix_len) {
    if (s.empty()) return false;
    const uint8_t push_len = s[0];
    if (push_len < 1 || push_len > 5) return false;
    const size_t after = 1 + static_cast<size_t>(push_len);
    if (s.size() < after + 2) return false;
    if (s[after] != OP_CHECKLOCKTIMEVERIFY || s[after + 1] != OP_DROP) return false;
    auto num = ScriptNum::Decode(s.span().subspan(1, push_len), /*require_minimal=*/true,
                                 ScriptNum::kLockTimeMaxSize);
    if (!num) return false;
    locktime = num->Serialize();
    prefix_len = after + 2;
    return true;
}

// `OP_m <key>... OP_n OP_CHECKMULTISIG` over s[from..]: size-valid keys, count == n, m <= n.
bool MatchMultisig(const Script& s, Script::const_iterator from, int& required, Solutions& keys) {
    if (from == s.end() || s.bytes().back() != OP_CHECKMULTISIG) return false;
    Script::const_iterator pc = from;
    Opcode op;
    Bytes data;
    if (!s.GetOp(pc, op, data) || !IsSmallIntegerOp(op)) return false;
    required = DecodeOpN(op);
    while (s.GetOp(pc, op, data) && IsValidSizePubKey(data)) keys.push_back(data);
    if (!IsSmallIntegerOp(op)) return false;
    const int n = DecodeOpN(op);
    if (static_cast<int>(keys.size()) != n || n < required) return false;
    return pc + 1 == s.end();
}

bool IsDataOnlyType(TxoutType t) {
    switch (t) {
        case TxoutType::kNullData:
        case TxoutType::kFee:
        case TxoutType::kRegisterAddressV0:
        case TxoutType::kDeregisterAddressV0:
        case TxoutType::kRegisterAddressV1:
        case TxoutType::kDeregisterAddressV1:
            return true;
        default:
            return false;
    }
}

void WriteLE32(Bytes& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint32_t ReadLE32(const Bytes& b, size_t at) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(b[at + i]) << (8 * i);
    return v;
}

uint64_t ReadLE64(const Bytes& b, size_t at) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(b[at + i]) << (8 * i);
    return v;
}

// 0x02|0x03 ‖ 32 bytes.
Bytes PrefixedHashKey(uint8_t prefix, const uint256& hash) {
    Bytes key;
    key.reserve(33);
    key.push_back(prefix);
    key.insert(key.end(), hash.begin(), hash.end());
    return key;
}

// Solutions of a locked multisig with exactly three keys: [locktime, m, k1, k2, k3, n].
std::optional<Solutions> LockedMultisigOfThree(const Script& script) {
    SolvedScript solved = Solve(script);
    if (solved.type != TxoutType::kLockedMultisig || solved.solutions.size() != 6) return std::nullopt;
    return std::move(solved.solutions);
}

}  // namespace

std::string_view GetTxoutTypeName(TxoutType type) {
    switch (type) {
        case TxoutType::kNonstandard:
            return "nonstandard";
        case TxoutType::kPubKey:
            return "pubkey";
        case TxoutType::kPubKeyHash:
            return "pubkeyhash";
        case TxoutType::kScriptHash:
            return "scripthash";
        case TxoutType::kMultisig:
            return "multisig";
        case TxoutType::kNullData:
            return "nulldata";
        case TxoutType::kWitnessV0KeyHash:
            return "witness_v0_keyhash";
        case TxoutType::kWitnessV0ScriptHash:
            return "witness_v0_scripthash";
        case TxoutType::kTrue:
            return "true";
        case TxoutType::kFee:
            return "fee";
        case TxoutType::kLockedMultisig:
            return "lockedmultisig";
        case TxoutType::kRegisterAddressV0:
            return "registeraddress_v0";
        case TxoutType::kDeregisterAddressV0:
            return "deregisteraddress_v0";
        case TxoutType::kRegisterAddressV1:
            return "registeraddress_v1";
        case TxoutType::kDeregisterAddressV1:
            return "deregisteraddress_v1";
    }
    return "nonstandard";
}

SolvedScript Solve(const Script& script) {
    SolvedScript r;
    auto found = [&r](TxoutType t) -> SolvedScript& {
        r.type = t;
        return r;
    };

    if (script.IsPayToScriptHash()) {
        r.solutions.emplace_back(script.begin() + 2, script.begin() + 22);
        return found(TxoutType::kScriptHash);
    }
    if (script.empty()) return found(TxoutType::kFee);

    int witness_version = 0;
    Bytes program;
    if (script.IsWitnessProgram(witness_version, program)) {
        if (witness_version == 0 && (program.size() == 20 || program.size() == 32)) {
            const TxoutType t =
                program.size() == 20 ? TxoutType::kWitnessV0KeyHash : TxoutType::kWitnessV0ScriptHash;
            r.solutions.push_back(std::move(program));
            return found(t);
        }
        return r;  // other witness programs are not solvable
    }

    if (auto reg = script.ParseRegisterAddress()) {
        TxoutType t;
        if (reg->version == 0) {
            t = reg->is_register ? TxoutType::kRegisterAddressV0 : TxoutType::kDeregisterAddressV0;
        } else {
            t = reg->is_register ? TxoutType::kRegisterAddressV1 : TxoutType::kDeregisterAddressV1;
        }
        r.solutions.push_back(std::move(reg->payload));
        return found(t);
    }

    if (script.size() == 1 && script[0] == OP_TRUE) return found(TxoutType::kTrue);

    if (script[0] == OP_RETURN && script.IsPushOnly(script.begin() + 1)) return found(TxoutType::kNullData);

    Bytes data;
    if (MatchPayToPubKey(script, data)) {
        r.solutions.push_back(std::move(data));
        return found(TxoutType::kPubKey);
    }
    if (MatchPayToPubKeyHash(script, data)) {
        r.solutions.push_back(std::move(data));
        return found(TxoutType::kPubKeyHash);
    }

    Bytes locktime;
    size_t prefix_len = 0;
    const bool locked = MatchLockedPrefix(script, locktime, prefix_len);
    int required = 0;
    Solutions keys;
    if (MatchMultisig(script, script.begin() + static_cast<ptrdiff_t>(locked ? prefix_len : 0), required,
                      keys)) {
        if (locked) r.solutions.push_back(std::move(locktime));
        r.solutions.push_back(Bytes{static_cast<uint8_t>(required)});
        const auto n = static_cast<uint8_t>(keys.size());
        for (auto& k : keys) r.solutions.push_back(std::move(k));
        r.solutions.push_back(Bytes{n});
        return found(locked ? TxoutType::kLockedMultisig : TxoutType::kMultisig);
    }
    return r;
}

Destination ExtractDestination(const Script& script) {
    SolvedScript solved = Solve(script);
    switch (solved.type) {
        case TxoutType::kPubKey:
            return PKHash::FromPubKey(solved.solutions[0]);
        case TxoutType::kPubKeyHash:
            return PKHash(ByteSpan(solved.solutions[0]));
        case TxoutType::kScriptHash:
            return ScriptHash(ByteSpan(solved.solutions[0]));
        default:
            return NoDestination{};
    }
}

ScriptDestinations ExtractDestinations(const Script& script) {
    ScriptDestinations out;
    SolvedScript solved = Solve(script);
    out.type = solved.type;
    if (solved.type == TxoutType::kNonstandard || IsDataOnlyType(solved.type)) return out;
    if (solved.type == TxoutType::kMultisig) {
        out.required = solved.solutions.front()[0];
        for (size_t i = 1; i + 1 < solved.solutions.size(); ++i) {
            // Solve only admits size-valid keys, which is all Ocean asks of a key here.
            out.addresses.emplace_back(PKHash::FromPubKey(solved.solutions[i]));
        }
        return out;
    }
    Destination dest = ExtractDestination(script);
    if (IsValidDestination(dest)) {
        out.required = 1;
        out.addresses.push_back(std::move(dest));
    }
    return out;
}

Script GetScriptForDestination(const Destination& dest) {
    Script s;
    if (const auto* pk = std::get_if<PKHash>(&dest)) {
        s << OP_DUP << OP_HASH160 << *pk << OP_EQUALVERIFY << OP_CHECKSIG;
    } else if (const auto* sh = std::get_if<ScriptHash>(&dest)) {
        s << OP_HASH160 << *sh << OP_EQUAL;
    } else if (const auto* wk = std::get_if<WitnessV0KeyHash>(&dest)) {
        s << OP_0 << *wk;
    } else if (const auto* ws = std::get_if<WitnessV0ScriptHash>(&dest)) {
        s << OP_0 << *ws;
    }
    return s;
}

Script GetScriptForRawPubKey(ByteSpan pubkey) {
    Script s;
    s << pubkey << OP_CHECKSIG;
    return s;
}

Script GetScriptForMultisig(int required, std::span<const Bytes> pubkeys) {
    Script s;
    s << EncodeOpN(required);
    for (const Bytes& k : pubkeys) s << k;
    s << EncodeOpN(static_cast<int>(pubkeys.size())) << OP_CHECKMULTISIG;
    return s;
}

Script GetScriptForNullData(std::span<const Bytes> pushes) {
    Script s;
    s << OP_RETURN;
    for (const Bytes& p : pushes) s << p;
    return s;
}

Script GetScriptForNullData(ByteSpan data) {
    Script s;
    s << OP_RETURN << data;
    return s;
}

Script GetScriptForContractHash(const uint256& contract_hash) {
    Script s;
    s << OP_RETURN << contract_hash;
    return s;
}

Script GetScriptForPegout(const uint256& parent_genesis, ByteSpan destination) {
    Script s;
    s << OP_RETURN << parent_genesis << destination;
    return s;
}

Script GetScriptForRegisterAddress(bool is_register, int version, ByteSpan payload) {
    Script s;
    s << (is_register ? OP_REGISTERADDRESS : OP_DEREGISTERADDRESS);
    if (version == 1) s << OP_1;
    s << payload;
    return s;
}

Bytes MakePolicyFakeKey(const uint160& key_id) {
    Bytes key(33, 0x00);
    key[0] = 0x02;
    std::copy(key_id.begin(), key_id.end(), key.begin() + 13);
    return key;
}

std::optional<uint160> KeyIdFromPolicyKey(ByteSpan key) {
    if (key.size() != 33) return std::nullopt;
    return uint160(key.subspan(13, 20));
}

Bytes ReverseKeyTail(ByteSpan key) {
    Bytes out(key.begin(), key.end());
    if (out.size() == 33) std::reverse(out.begin() + 3, out.end());
    return out;
}

Script GetScriptForPolicyMultisig(ByteSpan admin_pubkey, const uint160& key_id) {
    const Bytes keys[] = {Bytes(admin_pubkey.begin(), admin_pubkey.end()), MakePolicyFakeKey(key_id)};
    return GetScriptForMultisig(1, keys);
}

Script GetScriptForLockedMultisig(int64_t lock_height, int required, std::span<const Bytes> pubkeys) {
    Script s;
    s << ScriptNum(lock_height) << OP_CHECKLOCKTIMEVERIFY << OP_DROP;
    return s + GetScriptForMultisig(required, pubkeys);
}

Bytes MakeRequestGenesisKey(const uint256& genesis_hash) {
    return PrefixedHashKey(0x02, genesis_hash);
}

Bytes MakeRequestDataKey(const RequestFields& f) {
    Bytes key;
    key.reserve(33);
    key.push_back(0x03);
    WriteLE32(key, f.start_height);
    WriteLE32(key, f.num_tickets);
    WriteLE32(key, f.decay_const);
    WriteLE32(key, f.fee_percentage);
    const auto price = static_cast<uint64_t>(f.start_price);
    WriteLE32(key, static_cast<uint32_t>(price));
    WriteLE32(key, static_cast<uint32_t>(price >> 32));
    key.resize(33, 0x00);
    return key;
}

Script GetScriptForRequest(const RequestFields& fields, ByteSpan owner_pubkey) {
    const Bytes keys[] = {Bytes(owner_pubkey.begin(), owner_pubkey.end()),
                          MakeRequestGenesisKey(fields.genesis_hash), MakeRequestDataKey(fields)};
    return GetScriptForLockedMultisig(fields.end_height, 1, keys);
}

std::optional<RequestFields> ParseRequestScript(const Script& script) {
    auto sol = LockedMultisigOfThree(script);
    if (!sol) return std::nullopt;
    auto end = ScriptNum::Decode((*sol)[0], true, ScriptNum::kDefaultMaxSize);
    if (!end) return std::nullopt;
    const Bytes& key2 = (*sol)[3];
    const Bytes& key3 = (*sol)[4];
    // Size-valid keys have 33 or 65 bytes, always enough for both layouts.
    RequestFields f;
    f.end_height = end->value();
    f.genesis_hash = uint256(ByteSpan(key2).subspan(1, 32));
    f.start_height = ReadLE32(key3, 1);
    f.num_tickets = ReadLE32(key3, 5);
    f.decay_const = ReadLE32(key3, 9);
    f.fee_percentage = ReadLE32(key3, 13);
    f.start_price = static_cast<int64_t>(ReadLE64(key3, 17));
    return f;
}

Bytes MakeBidRequestKey(const uint256& request_txid) {
    return PrefixedHashKey(0x02, request_txid);
}

Script GetScriptForBid(int64_t lock_height, ByteSpan stake_pubkey, const uint256& request_txid,
                       ByteSpan fee_pubkey) {
    const Bytes keys[] = {Bytes(stake_pubkey.begin(), stake_pubkey.end()), MakeBidRequestKey(request_txid),
                          Bytes(fee_pubkey.begin(), fee_pubkey.end())};
    return GetScriptForLockedMultisig(lock_height, 1, keys);
}

std::optional<BidFields> ParseBidScript(const Script& script) {
    auto sol = LockedMultisigOfThree(script);
    if (!sol) return std::nullopt;
    auto lock = ScriptNum::Decode((*sol)[0], true, ScriptNum::kDefaultMaxSize);
    if (!lock) return std::nullopt;
    BidFields b;
    b.lock_height = lock->value();
    b.request_txid = uint256(ByteSpan((*sol)[3]).subspan(1, 32));
    b.fee_pubkey = (*sol)[4];
    return b;
}

}  // namespace ocean
