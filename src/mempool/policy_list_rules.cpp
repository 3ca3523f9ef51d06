#include "ocean/mempool/policy_list_rules.h"

#include <algorithm>

#include "ocean/crypto/key.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/mempool/policy.h"
#include "ocean/script/standard.h"

namespace ocean {
namespace {

bool IsRegisterType(TxoutType t) {
    return t == TxoutType::kRegisterAddressV0 || t == TxoutType::kDeregisterAddressV0 ||
           t == TxoutType::kRegisterAddressV1 || t == TxoutType::kDeregisterAddressV1;
}

bool HasExplicitAsset(const TxOut& out, const uint256& asset) {
    return out.asset.IsExplicit() && out.asset.GetAsset() == asset;
}

uint160 Hash20(const Bytes& b) {
    return uint160(ByteSpan(b));
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Policy outputs

std::optional<Bytes> PolicyOutputKey2(const Script& script) {
    SolvedScript solved = Solve(script);
    if (solved.type != TxoutType::kMultisig || solved.solutions.size() != 4) return std::nullopt;
    return std::move(solved.solutions[2]);
}

std::optional<uint160> PolicyOutputKeyId(const Script& script) {
    auto key2 = PolicyOutputKey2(script);
    if (!key2) return std::nullopt;
    return KeyIdFromPolicyKey(*key2);
}

// ---------------------------------------------------------------------------------------------------
// Predicates

bool IsWhitelistedTx(const Transaction& tx, const PolicyLists& lists) {
    const bool issuance = Input0HasIssuance(tx);
    for (const TxOut& out : tx.vout) {
        const SolvedScript solved = Solve(Script(out.script_pubkey));
        if (solved.type == TxoutType::kNonstandard) return false;
        if (issuance) continue;
        if (solved.type == TxoutType::kFee || solved.type == TxoutType::kNullData ||
            IsRegisterType(solved.type))
            continue;
        if (solved.type == TxoutType::kPubKeyHash || solved.type == TxoutType::kScriptHash) {
            const uint160 hash = Hash20(solved.solutions[0]);
            if (hash.IsNull()) continue;
            if (lists.Contains(PolicyList::kWhitelist, {hash, solved.type == TxoutType::kScriptHash}))
                continue;
        }
        return false;
    }
    return true;
}

bool IsFreezelistedTx(const Transaction& tx, std::span<const Coin> spent, const PolicyLists& lists) {
    if (tx.IsCoinBase() || spent.size() != tx.vin.size()) return false;
    for (const Coin& coin : spent) {
        const SolvedScript solved = Solve(Script(coin.out.script_pubkey));
        if (solved.type == TxoutType::kPubKeyHash) {
            if (!lists.ContainsKey(PolicyList::kFreezelist, Hash20(solved.solutions[0]))) return false;
        } else if (solved.type != TxoutType::kFee && !IsRegisterType(solved.type)) {
            return false;
        }
    }
    return true;
}

bool IsRedemptionListed(const Transaction& tx, const PolicyLists& lists) {
    for (const TxOut& out : tx.vout) {
        const SolvedScript solved = Solve(Script(out.script_pubkey));
        if (solved.type == TxoutType::kNullData) continue;
        if (solved.type != TxoutType::kPubKeyHash) return false;
        const uint160 hash = Hash20(solved.solutions[0]);
        if (!hash.IsNull() && !lists.ContainsKey(PolicyList::kFreezelist, hash)) return false;
    }
    return true;
}

bool IsAnyBurn(const Transaction& tx) {
    return std::any_of(tx.vout.begin(), tx.vout.end(), [](const TxOut& out) {
        const SolvedScript solved = Solve(Script(out.script_pubkey));
        if (solved.type == TxoutType::kNonstandard) return true;
        if (solved.type != TxoutType::kNullData && !IsRegisterType(solved.type)) return false;
        // A blinded value may hide a non-zero amount: it counts as a burn.
        return !out.value.IsExplicit() || out.value.GetAmount() != 0;
    });
}

bool IsBurnlistedTx(const Transaction& tx, std::span<const Coin> spent, const PolicyLists& lists) {
    if (tx.vin.size() != 1 || spent.size() != 1) return false;
    const SolvedScript solved = Solve(Script(spent[0].out.script_pubkey));
    return solved.type == TxoutType::kPubKeyHash &&
           lists.ContainsKey(PolicyList::kBurnlist, Hash20(solved.solutions[0]));
}

// ---------------------------------------------------------------------------------------------------
// Acceptance rules

WhitelistPrecheck PrecheckWhitelist(const Transaction& tx, const PolicyLists& lists,
                                    const ChainParams& params, int height) {
    if (IsAllBurn(tx) || IsWhitelistedTx(tx, lists)) return WhitelistPrecheck::kPass;
    if (IsPolicyTx(tx, params, height)) return WhitelistPrecheck::kPassIfPolicy;
    return WhitelistPrecheck::kReject;
}

std::optional<std::string> CheckFreezeAndBurnRules(const Transaction& tx, std::span<const Coin> spent,
                                                   const PolicyLists& lists,
                                                   const ListPolicyOptions& options) {
    if (options.freezelist) {
        if (IsFreezelistedTx(tx, spent, lists)) {
            if (options.burnlist && IsAllBurn(tx)) {
                if (!IsBurnlistedTx(tx, spent, lists)) return "freezelist-burn-no-burnlist";
            } else {
                return "freezelist-address-input";
            }
        }
        if (IsRedemption(tx) && !IsRedemptionListed(tx, lists)) return "redemption-tx-not-freezelisted";
    }
    if (options.burnlist && IsAnyBurn(tx) && !IsBurnlistedTx(tx, spent, lists))
        return "burn-tx-not-burnlisted";
    return std::nullopt;
}

std::optional<std::string> CheckIssuanceBlock(const Transaction& tx, std::span<const Coin> spent,
                                              const PolicyLists& lists, const ListPolicyOptions& options,
                                              const ChainParams& params, int height) {
    if (!options.issuance_block || tx.vin.empty() || spent.empty()) return std::nullopt;
    if (!tx.vin[0].HasIssuance() || tx.vin[0].issuance.IsReissuance()) return std::nullopt;
    const auto asset =
        params.PolicyAssetAt(PolicyAssetKind::kIssuance, static_cast<uint32_t>(std::max(height, 0)));
    if (!asset || !HasExplicitAsset(spent[0].out, *asset)) return "fblockissuancetx-non-issuance-asset";
    if (options.whitelist) {
        const SolvedScript solved =
            tx.vout.empty() ? SolvedScript{} : Solve(Script(tx.vout[0].script_pubkey));
        if (solved.type != TxoutType::kPubKeyHash ||
            !lists.ContainsKey(PolicyList::kWhitelist, Hash20(solved.solutions[0]))) {
            return "fblockissuancetx-non-whitelisted-address";
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------
// Register-address payloads

void ListPolicyOptions::SetContract(const uint256& contract) {
    contract_hash = contract;
    contract_point = PubKey();
    if (contract.IsNull()) return;
    // Uncompressed: parsing it on every tweak then needs no square root.
    if (auto key = Key::FromBytes(contract.span(), false)) contract_point = key->GetPubKey();
}

namespace {

// P + c·G with c·G precomputed; nullopt when the key is not a point or the contract is not a scalar.
std::optional<PubKey> Tweak(const PubKey& key, const ListPolicyOptions& o) {
    if (o.contract_hash.IsNull()) return key.IsFullyValid() ? std::optional<PubKey>(key) : std::nullopt;
    // AddPoint fails unless both are curve points.
    if (!o.contract_point.IsValid()) return std::nullopt;
    auto tweaked = key.AddPoint(o.contract_point);
    if (!tweaked) return std::nullopt;
    return *tweaked;
}

ListPolicyOptions ContractOnly(const uint256& contract) {
    ListPolicyOptions o;
    o.SetContract(contract);
    return o;
}

}  // namespace

std::optional<uint160> TweakedKeyId(ByteSpan pubkey, const ListPolicyOptions& options) {
    auto tweaked = Tweak(PubKey(pubkey), options);
    if (!tweaked) return std::nullopt;
    return tweaked->GetID();
}

std::optional<uint160> TweakedKeyId(ByteSpan pubkey, const uint256& contract) {
    return TweakedKeyId(pubkey, ContractOnly(contract));
}

std::optional<uint160> TweakedMultisigId(int m, std::span<const Bytes> pubkeys,
                                         const ListPolicyOptions& options) {
    if (m < 1 || m > 16 || pubkeys.empty() || pubkeys.size() > 16) return std::nullopt;
    std::vector<Bytes> keys;
    keys.reserve(pubkeys.size());
    for (const Bytes& b : pubkeys) {
        auto tweaked = Tweak(PubKey(b), options);
        if (!tweaked) return std::nullopt;
        keys.push_back(tweaked->ToBytes());
    }
    return ScriptHash::FromScript(GetScriptForMultisig(m, keys));
}

std::optional<uint160> TweakedMultisigId(int m, std::span<const Bytes> pubkeys, const uint256& contract) {
    return TweakedMultisigId(m, pubkeys, ContractOnly(contract));
}

namespace {

constexpr size_t kKeySize = 33;

class PayloadReader {
  public:
    PayloadReader(ByteSpan data, const ListPolicyOptions& options) : data_(data), o_(options) {}

    bool AtEnd() const { return pos_ == data_.size(); }
    size_t pos() const { return pos_; }
    void Rewind(size_t p) { pos_ = p; }
    std::optional<uint8_t> Byte() {
        if (pos_ >= data_.size()) return std::nullopt;
        return data_[pos_++];
    }
    std::optional<ByteSpan> Take(size_t n) {
        if (data_.size() - pos_ < n) return std::nullopt;
        ByteSpan s = data_.subspan(pos_, n);
        pos_ += n;
        return s;
    }

    // m ‖ n ‖ hash20 ‖ n × pub33: a P2SH entry.
    std::optional<ListEntry> Multi() {
        auto m = Byte(), n = Byte();
        if (!m || !n || *m < 1 || *m > 15) return std::nullopt;
        auto id = Take(20);
        if (!id) return std::nullopt;
        if (!o_.contract_in_tx && (*n < 1 || *n > 15 || *m > *n)) return std::nullopt;
        std::vector<Bytes> keys;
        for (unsigned i = 0; i < *n; ++i) {
            auto key = Take(kKeySize);
            if (!key || !PubKey(*key).IsFullyValid()) return std::nullopt;
            keys.emplace_back(key->begin(), key->end());
        }
        const uint160 script_id(*id);
        if (!o_.contract_in_tx && TweakedMultisigId(*m, keys, o_) != script_id) return std::nullopt;
        return ListEntry{script_id, true};
    }

    // hash20 ‖ pub33: a P2PKH entry whose key, tweaked with the contract, hashes to the id.
    std::optional<ListEntry> Derived() {
        auto id = Take(20);
        auto key = Take(kKeySize);
        if (!id || !key) return std::nullopt;
        const uint160 key_id(*id);
        // TweakedKeyId fails for a key that is not a valid point.
        if (o_.contract_in_tx ? !PubKey(*key).IsFullyValid() : TweakedKeyId(*key, o_) != key_id)
            return std::nullopt;
        return ListEntry{key_id, false};
    }

    // hash20 alone (v1 P2SH/P2PKH items): only with -contractintx.
    std::optional<ListEntry> Plain(bool script) {
        auto id = Take(20);
        if (!id || !o_.contract_in_tx) return std::nullopt;
        return ListEntry{uint160(*id), script};
    }

  private:
    ByteSpan data_;
    const ListPolicyOptions& o_;
    size_t pos_ = 0;
};

}  // namespace

Result<std::vector<ListEntry>> ParseRegisterPayload(ByteSpan data, int version,
                                                    const ListPolicyOptions& options) {
    if (data.size() < 20) return Error("register-payload", "payload shorter than 20 bytes");
    if (version != 0 && version != 1) return Error("register-payload", "unknown script version");
    PayloadReader r(data, options);
    std::vector<ListEntry> entries;
    while (!r.AtEnd()) {
        const size_t start = r.pos();
        std::optional<ListEntry> e;
        if (version == 1) {
            switch (*r.Byte()) {
                case 0x00:
                    e = r.Derived();
                    break;
                case 0x01:
                    e = r.Multi();
                    break;
                case 0x02:
                    e = r.Plain(true);
                    break;
                case 0x03:
                    e = r.Plain(false);
                    break;
                default:
                    return Error("register-payload", "unknown item type at byte " + std::to_string(start));
            }
        } else {
            e = r.Multi();
            if (!e) {
                r.Rewind(start);
                e = r.Derived();
            }
        }
        if (!e) return Error("register-payload", "invalid item at byte " + std::to_string(start));
        entries.push_back(*e);
    }
    return entries;
}

// ---------------------------------------------------------------------------------------------------
// Block connect

std::vector<ListChange> ListChangesForTx(const Transaction& tx, std::span<const Coin> spent,
                                         const ChainParams& params, int height,
                                         const ListPolicyOptions& options) {
    std::vector<ListChange> changes;
    if (tx.IsCoinBase() || tx.vout.empty() || spent.size() != tx.vin.size()) return changes;
    const auto h = static_cast<uint32_t>(std::max(height, 0));
    const std::pair<PolicyList, PolicyAssetKind> address_lists[] = {
        {PolicyList::kFreezelist, PolicyAssetKind::kFreezelist},
        {PolicyList::kBurnlist, PolicyAssetKind::kBurnlist}};
    for (const auto& [list, kind] : address_lists) {
        if (list == PolicyList::kFreezelist ? !options.freezelist : !options.burnlist) continue;
        const auto asset = params.PolicyAssetAt(kind, h);
        if (!asset || !HasExplicitAsset(tx.vout[0], *asset) || !SpendsAsset(spent, *asset)) continue;
        for (const Coin& coin : spent) {
            if (auto id = PolicyOutputKeyId(Script(coin.out.script_pubkey))) {
                changes.push_back({list, {*id, false}, false});
            }
        }
        for (const TxOut& out : tx.vout) {
            if (auto id = PolicyOutputKeyId(Script(out.script_pubkey))) {
                changes.push_back({list, {*id, false}, true});
            }
        }
    }
    if (options.whitelist) {
        const auto asset = params.PolicyAssetAt(PolicyAssetKind::kWhitelist, h);
        if (asset && SpendsAsset(spent, *asset)) {
            for (const TxOut& out : tx.vout) {
                if (!HasExplicitAsset(out, *asset)) continue;
                const SolvedScript solved = Solve(Script(out.script_pubkey));
                if (solved.type == TxoutType::kNonstandard) break;
                if (!IsRegisterType(solved.type)) continue;
                const bool add = solved.type == TxoutType::kRegisterAddressV0 ||
                                 solved.type == TxoutType::kRegisterAddressV1;
                const int version = solved.type == TxoutType::kRegisterAddressV0 ||
                                            solved.type == TxoutType::kDeregisterAddressV0
                                        ? 0
                                        : 1;
                auto entries = ParseRegisterPayload(solved.solutions[0], version, options);
                if (entries) {
                    for (const ListEntry& e : *entries) changes.push_back({PolicyList::kWhitelist, e, add});
                }
                break;
            }
        }
    }
    return changes;
}

}  // namespace ocean
