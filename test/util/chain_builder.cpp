// ChainBuilder implementation (see chain_builder.h).
#include "util/chain_builder.h"

#include <secp256k1.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "ocean/consensus/block_check.h"
#include "ocean/crypto/secp256k1_context.h"
#include "ocean/crypto/sha256.h"
#include "ocean/primitives/merkle.h"
#include "ocean/script/destination.h"
#include "ocean/script/script_num.h"
#include "ocean/script/sighash.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"

namespace ocean::test {
namespace {

constexpr uint32_t kCoinbaseMaturity = 2;
constexpr size_t kMaxBlockStrippedSize = 1000000;
constexpr size_t kMaxBlockWeight = 4000000;
// Below this many signatures the thread start-up costs more than it saves.
constexpr size_t kMinParallelJobs = 32;

uint32_t ReadLE32At(const uint8_t* p) {
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

void AppendLE32(Bytes& b, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}

// Deterministic secret: SHA256(seed ‖ tag ‖ LE32(i)), rehashed in the (negligible) case it is not a
// valid scalar.
Key DeriveKey(std::string_view seed, std::string_view tag, uint32_t i) {
    Bytes pre(seed.begin(), seed.end());
    pre.insert(pre.end(), tag.begin(), tag.end());
    AppendLE32(pre, i);
    uint256 secret = Sha256Hash(pre);
    while (true) {
        auto key = Key::FromBytes(secret.span());
        if (key) return *key;
        secret = Sha256Hash(secret.span());
    }
}

// ECDSA (RFC6979, low S) of a transaction digest, DER plus the SIGHASH_ALL byte. Key::Sign would also
// re-derive the public key and verify, tripling the cost; the unit tests verify every signature.
Bytes SignTxDigest(const Key& key, const uint256& digest) {
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_ecdsa_signature sig;
    if (!secp256k1_ecdsa_sign(ctx, &sig, digest.data(), key.data(), nullptr, nullptr))
        throw std::runtime_error("ChainBuilder: ECDSA signing failed");
    uint8_t der[72];
    size_t len = sizeof(der);
    secp256k1_ecdsa_signature_serialize_der(ctx, der, &len, &sig);
    Bytes out(der, der + len);
    out.push_back(static_cast<uint8_t>(SIGHASH_ALL));
    return out;
}

// Runs f(i) for i in [0, n) on up to `threads` threads (strided, so the result is order-independent).
template <typename F>
void ParallelFor(size_t n, unsigned threads, F&& f) {
    if (threads <= 1 || n < kMinParallelJobs) {
        for (size_t i = 0; i < n; ++i) f(i);
        return;
    }
    const unsigned t = static_cast<unsigned>(std::min<size_t>(threads, n));
    std::vector<std::thread> pool;
    pool.reserve(t - 1);
    for (unsigned k = 1; k < t; ++k) {
        pool.emplace_back([&, k] {
            for (size_t i = k; i < n; i += t) f(i);
        });
    }
    for (size_t i = 0; i < n; i += t) f(i);
    for (auto& th : pool) th.join();
}

TxOut ExplicitOut(const uint256& asset, Amount value, Bytes script) {
    TxOut out;
    out.asset.SetExplicit(asset);
    out.value.SetExplicit(value);
    out.script_pubkey = std::move(script);
    return out;
}

}  // namespace

ChainBuilder::ChainBuilder(std::string_view seed, ChainBuilderOptions options) : opts_(std::move(options)) {
    if (opts_.num_keys == 0) throw std::invalid_argument("ChainBuilder: num_keys must be > 0");
    for (uint32_t i = 0; i < opts_.num_keys; ++i) {
        keys_.push_back(DeriveKey(seed, "", i));
        pubkeys_.push_back(keys_.back().GetPubKey());
        key_by_id_.emplace(pubkeys_.back().GetID(), static_cast<int32_t>(i));
    }

    const int m = opts_.block_signers_required;
    const int n = opts_.block_signers_total == 0 ? m : opts_.block_signers_total;
    if (m < 0 || n < m || n > 16)
        throw std::invalid_argument("ChainBuilder: block signers need 0 <= M <= N <= 16");
    if (m == 0) {
        challenge_ = {OP_TRUE};
    } else {
        std::vector<Bytes> pubs;
        for (int i = 0; i < n; ++i) {
            block_keys_.push_back(DeriveKey(seed, "/block/", static_cast<uint32_t>(i)));
            pubs.push_back(block_keys_.back().GetPubKey().ToBytes());
        }
        challenge_ = GetScriptForMultisig(m, pubs).bytes();
    }
    coinbase_destination_ = opts_.coinbase_destination.empty() ? P2PKHScript(0) : opts_.coinbase_destination;

    params_.chain = opts_.chain;
    params_.signblockscript = challenge_;
    params_.genesis_timestamp = opts_.genesis_time;
    params_.initial_free_coins = opts_.initial_free_coins;
    params_.initial_free_coins_destination =
        opts_.initial_free_coins_destination.empty() ? P2PKHScript(0) : opts_.initial_free_coins_destination;
    if (opts_.policy_coins != 0) {
        params_.policy_coins = opts_.policy_coins;
        params_.freezelist_destination = opts_.policy_coins_destination;
        params_.burnlist_destination = opts_.policy_coins_destination;
        params_.whitelist_destination = opts_.policy_coins_destination;
        params_.issuance_destination = opts_.policy_coins_destination;
    }
    genesis_ = BuildGenesisBlock(params_);
    pegged_asset_ = ComputeGenesisAssets(params_).pegged;

    hashes_.push_back(genesis_.GetHash());
    times_.push_back(genesis_.time);
    for (const auto& tx : genesis_.vtx) AddOutputs(*tx, 0, nullptr);
}

// ---- chain definition ----

std::vector<std::pair<std::string, std::string>> ChainBuilder::ChainOptions() const {
    std::vector<std::pair<std::string, std::string>> options = {
        {"chain", params_.chain},
        {"signblockscript", HexStr(params_.signblockscript)},
        {"genesistimestamp", std::to_string(params_.genesis_timestamp)},
        {"initialfreecoins", std::to_string(params_.initial_free_coins)},
        {"initialfreecoinsdestination", HexStr(params_.initial_free_coins_destination)},
    };
    if (params_.policy_coins != 0) {
        const std::string dest = HexStr(opts_.policy_coins_destination);
        options.emplace_back("policycoins", std::to_string(params_.policy_coins));
        for (const char* name : {"freezelistcoinsdestination", "burnlistcoinsdestination",
                                 "whitelistcoinsdestination", "issuancecoinsdestination"}) {
            options.emplace_back(name, dest);
        }
    }
    return options;
}

std::string ChainBuilder::ConfigText() const {
    std::string out = "# Ocean test chain (ChainBuilder): genesis-critical options\n";
    for (const auto& [name, value] : ChainOptions()) out += name + "=" + value + "\n";
    return out;
}

Bytes ChainBuilder::P2PKHScript(size_t i) const {
    return GetScriptForDestination(PKHash(pubkeys_.at(i).GetID())).bytes();
}

Bytes ChainBuilder::P2WPKHScript(size_t i) const {
    return GetScriptForDestination(WitnessV0KeyHash(pubkeys_.at(i).GetID())).bytes();
}

// ---- tip and history ----

uint32_t ChainBuilder::MedianTimePast(std::optional<uint32_t> height) const {
    const uint32_t h = height.value_or(Height());
    if (h >= times_.size()) throw std::out_of_range("ChainBuilder: no block at that height");
    const uint32_t first = h >= 10 ? h - 10 : 0;
    std::vector<uint32_t> window(times_.begin() + first, times_.begin() + h + 1);
    std::sort(window.begin(), window.end());
    return window[window.size() / 2];
}

// ---- UTXO mirror ----

ChainBuilder::Owner ChainBuilder::Classify(const Bytes& s) const {
    if (s.size() == 25 && s[0] == OP_DUP && s[1] == OP_HASH160 && s[2] == 20 && s[23] == OP_EQUALVERIFY &&
        s[24] == OP_CHECKSIG) {
        auto it = key_by_id_.find(uint160(ByteSpan(s.data() + 3, 20)));
        if (it != key_by_id_.end()) return {OutputKind::kP2PKH, it->second};
    } else if (s.size() == 22 && s[0] == OP_0 && s[1] == 20) {
        auto it = key_by_id_.find(uint160(ByteSpan(s.data() + 2, 20)));
        if (it != key_by_id_.end()) return {OutputKind::kP2WPKH, it->second};
    } else if (s.size() == 1 && s[0] == OP_TRUE) {
        return {OutputKind::kOpTrue, -1};
    }
    return {OutputKind::kForeign, -1};
}

void ChainBuilder::AddOutputs(const Transaction& tx, uint32_t height, BlockUndo* undo) {
    const uint256& txid = tx.GetTxid();
    for (uint32_t j = 0; j < tx.vout.size(); ++j) {
        const TxOut& out = tx.vout[j];
        if (Script(out.script_pubkey).IsUnspendable()) continue;
        UtxoEntry e;
        e.out = out;
        e.out.witness = TxOutWitness();
        e.height = height;
        e.coinbase = tx.IsCoinBase();
        const Owner owner = Classify(out.script_pubkey);
        e.kind = owner.kind;
        e.key = owner.key;
        e.seq = next_seq_++;
        const OutPoint op(txid, j);
        if (Queueable(e)) by_age_.emplace(e.seq, op);
        utxos_.insert_or_assign(op, std::move(e));
        if (undo) undo->created.push_back(op);
    }
}

bool ChainBuilder::Queueable(const UtxoEntry& e) const {
    return e.kind != OutputKind::kForeign && e.out.asset.IsExplicit() &&
           e.out.asset.GetAsset() == pegged_asset_ && e.out.value.IsExplicit() &&
           e.out.value.GetAmount() > opts_.fee;
}

void ChainBuilder::UndoBlock(BlockUndo& u) {
    // Restore spent outputs first, then drop created ones: an output created and spent in the same
    // block ends up absent, as it should.
    for (auto it = u.spent.rbegin(); it != u.spent.rend(); ++it) {
        if (Queueable(it->second)) by_age_.emplace(it->second.seq, it->first);
        utxos_.insert_or_assign(it->first, std::move(it->second));
    }
    for (const OutPoint& op : u.created) {
        auto it = utxos_.find(op);
        if (it == utxos_.end()) continue;
        by_age_.erase(it->second.seq);
        utxos_.erase(it);
    }
}

std::optional<Coin> ChainBuilder::GetCoin(const OutPoint& out) const {
    auto it = utxos_.find(out);
    if (it == utxos_.end()) return std::nullopt;
    return it->second.ToCoin();
}

std::vector<OutPoint> ChainBuilder::SelectSpendable(size_t n, Amount min_value) const {
    std::vector<OutPoint> out;
    const uint32_t next = Height() + 1;
    for (const auto& [seq, op] : by_age_) {
        if (out.size() >= n) break;
        const UtxoEntry& e = utxos_.at(op);
        if (e.coinbase && next - e.height < kCoinbaseMaturity) continue;
        if (e.out.value.GetAmount() < min_value) continue;
        out.push_back(op);
    }
    return out;
}

// ---- transactions ----

Bytes ChainBuilder::OutputScriptFor(const OutPoint& first, size_t j) const {
    const uint32_t k =
        (ReadLE32At(first.hash.data()) + first.n * 7 + static_cast<uint32_t>(j)) % opts_.num_keys;
    const bool witness =
        opts_.p2wpkh_every != 0 &&
        (ReadLE32At(first.hash.data() + 4) + static_cast<uint32_t>(j)) % opts_.p2wpkh_every == 0;
    return witness ? P2WPKHScript(k) : P2PKHScript(k);
}

MutableTransaction ChainBuilder::BuildSpend(const std::vector<OutPoint>& inputs, size_t n_outputs,
                                            Amount fee) const {
    if (inputs.empty() || n_outputs == 0)
        throw std::invalid_argument("ChainBuilder: need inputs and outputs");
    if (fee <= 0 || !MoneyRange(fee)) throw std::invalid_argument("ChainBuilder: the fee must be > 0");
    MutableTransaction tx;
    tx.version = 2;
    tx.lock_time = 0;
    Amount total = 0;
    for (const OutPoint& op : inputs) {
        auto it = utxos_.find(op);
        if (it == utxos_.end()) throw std::invalid_argument("ChainBuilder: input not in the UTXO set");
        const UtxoEntry& e = it->second;
        if (e.kind == OutputKind::kForeign) throw std::invalid_argument("ChainBuilder: input not spendable");
        if (!e.out.asset.IsExplicit() || e.out.asset.GetAsset() != pegged_asset_ || !e.out.value.IsExplicit())
            throw std::invalid_argument("ChainBuilder: input is not an explicit pegged-asset output");
        total += e.out.value.GetAmount();
        if (!MoneyRange(total)) throw std::invalid_argument("ChainBuilder: inputs exceed MAX_MONEY");
        TxIn& in = tx.vin.emplace_back();
        in.prevout = op;
        in.sequence = kSequenceFinal;
    }
    const Amount spendable = total - fee;
    if (spendable < static_cast<Amount>(n_outputs))
        throw std::invalid_argument("ChainBuilder: inputs too small for the fee and outputs");
    const Amount per = spendable / static_cast<Amount>(n_outputs);
    const Amount rem = spendable - per * static_cast<Amount>(n_outputs);
    tx.vout.reserve(n_outputs + 1);
    for (size_t j = 0; j < n_outputs; ++j)
        tx.vout.push_back(
            ExplicitOut(pegged_asset_, j == 0 ? per + rem : per, OutputScriptFor(inputs[0], j)));
    tx.vout.push_back(ExplicitOut(pegged_asset_, fee, {}));
    return tx;
}

bool ChainBuilder::SignAll(std::vector<MutableTransaction>& txs) const {
    struct Job {
        size_t tx;
        size_t in;
        const UtxoEntry* coin;
    };
    bool all = true;
    std::vector<Job> jobs;
    for (size_t t = 0; t < txs.size(); ++t) {
        for (size_t i = 0; i < txs[t].vin.size(); ++i) {
            TxIn& in = txs[t].vin[i];
            auto it = utxos_.find(in.prevout);
            if (it == utxos_.end() || it->second.kind == OutputKind::kForeign) {
                all = false;
                continue;
            }
            if (it->second.kind == OutputKind::kOpTrue) {
                in.script_sig.clear();
                in.witness.script_witness.clear();
                continue;
            }
            jobs.push_back({t, i, &it->second});
        }
    }
    std::vector<Bytes> sigs(jobs.size());
    ParallelFor(jobs.size(), opts_.sign_threads, [&](size_t j) {
        const Job& job = jobs[j];
        const UtxoEntry& c = *job.coin;
        uint256 digest;
        if (c.kind == OutputKind::kP2PKH) {
            digest = SignatureHash(Script(c.out.script_pubkey), txs[job.tx], static_cast<unsigned>(job.in),
                                   SIGHASH_ALL, c.out.value, SigVersion::kBase);
        } else {
            digest = SignatureHash(Script(P2PKHScript(static_cast<size_t>(c.key))), txs[job.tx],
                                   static_cast<unsigned>(job.in), SIGHASH_ALL, c.out.value,
                                   SigVersion::kWitnessV0);
        }
        sigs[j] = SignTxDigest(keys_[static_cast<size_t>(c.key)], digest);
    });
    for (size_t j = 0; j < jobs.size(); ++j) {
        const Job& job = jobs[j];
        TxIn& in = txs[job.tx].vin[job.in];
        const PubKey& pub = pubkeys_[static_cast<size_t>(job.coin->key)];
        if (job.coin->kind == OutputKind::kP2PKH) {
            Script sig_script;
            sig_script << sigs[j] << pub.span();
            in.script_sig = sig_script.bytes();
            in.witness.script_witness.clear();
        } else {
            in.script_sig.clear();
            in.witness.script_witness = {std::move(sigs[j]), pub.ToBytes()};
        }
    }
    return all;
}

MutableTransaction ChainBuilder::SpendP2PKH(const std::vector<OutPoint>& inputs, size_t n_outputs,
                                            Amount fee) const {
    std::vector<MutableTransaction> txs;
    txs.push_back(BuildSpend(inputs, n_outputs, fee));
    SignAll(txs);
    return std::move(txs[0]);
}

bool ChainBuilder::SignTransaction(MutableTransaction& tx) const {
    std::vector<MutableTransaction> txs;
    txs.push_back(std::move(tx));
    const bool ok = SignAll(txs);
    tx = std::move(txs[0]);
    return ok;
}

// ---- blocks ----

Bytes ChainBuilder::Bip34HeightPush(uint32_t height) {
    return CoinbaseHeightPrefix(height).bytes();
}

Bytes ChainBuilder::SignBlock(const BlockHeader& header) const {
    if (opts_.block_signers_required == 0) return {};
    const uint256 hash = header.GetHash();
    Script solution;
    solution << OP_0;
    for (int i = 0; i < opts_.block_signers_required; ++i) {
        auto sig = block_keys_[static_cast<size_t>(i)].Sign(hash);
        if (!sig) throw std::runtime_error("ChainBuilder: block signing failed: " + sig.error().ToString());
        solution << *sig;
    }
    return solution.bytes();
}

Block ChainBuilder::NextBlock(std::vector<TransactionRef> txs, const NextBlockOptions& o) const {
    Block b;
    b.version = kBlockVersion;
    b.prev_block = TipHash();
    b.height = Height() + 1;
    b.time = o.time ? *o.time : std::max(TipTime() + opts_.block_interval, MedianTimePast() + 1);
    b.proof.challenge = challenge_;

    std::map<uint256, Amount> fees;
    bool witness = o.witness_commitment || opts_.always_witness_commitment;
    for (const auto& tx : txs) {
        witness = witness || tx->HasWitness();
        for (const TxOut& out : tx->vout)
            if (out.IsFee()) fees[out.asset.GetAsset()] += out.value.GetAmount();
    }

    MutableTransaction cb;
    cb.version = 2;
    TxIn& cin = cb.vin.emplace_back();  // prevout defaults to the null outpoint
    cin.script_sig = Bip34HeightPush(b.height);
    Script nonce;
    nonce << ScriptNum(o.extra_nonce);
    Append(cin.script_sig, nonce.bytes());
    cin.sequence = kSequenceFinal;
    const Bytes& dest = o.coinbase_destination ? *o.coinbase_destination : coinbase_destination_;
    for (const auto& [asset, amount] : fees)
        if (amount > 0) cb.vout.push_back(ExplicitOut(asset, amount, dest));
    if (cb.vout.empty()) cb.vout.push_back(ExplicitOut(pegged_asset_, 0, {OP_RETURN}));
    const Bytes kCommitmentPrefix = {0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed};
    if (witness) {
        Bytes placeholder = kCommitmentPrefix;
        placeholder.resize(38, 0);
        cb.vout.push_back(ExplicitOut(pegged_asset_, 0, std::move(placeholder)));
        cin.witness.script_witness = {Bytes(32, 0)};
    }

    b.vtx.reserve(txs.size() + 1);
    b.vtx.push_back(MakeTransactionRef(cb));
    for (auto& tx : txs) b.vtx.push_back(std::move(tx));
    if (witness) {
        // The coinbase's witness hash ignores its input witness and output scripts, so the root
        // computed with the placeholder is final.
        const uint256 root = BlockWitnessMerkleRoot(b);
        const uint256 commitment = Sha256dHash(root.span(), uint256().span());
        Bytes& script = cb.vout.back().script_pubkey;
        std::copy(commitment.begin(), commitment.end(), script.begin() + 6);
        b.vtx[0] = MakeTransactionRef(std::move(cb));
    }
    b.merkle_root = BlockMerkleRoot(b);
    b.proof.solution = SignBlock(b);
    return b;
}

Block ChainBuilder::BlockFromSpends(std::vector<MutableTransaction> txs,
                                    const NextBlockOptions& options) const {
    std::vector<TransactionRef> refs;
    refs.reserve(txs.size());
    for (auto& tx : txs) refs.push_back(MakeTransactionRef(std::move(tx)));
    return NextBlock(std::move(refs), options);
}

Block ChainBuilder::FanOutBlock(size_t n_outputs_total, const NextBlockOptions& options) const {
    if (n_outputs_total == 0 || n_outputs_total > kMaxFanOutPerBlock)
        throw std::invalid_argument("ChainBuilder: FanOutBlock takes 1.." +
                                    std::to_string(kMaxFanOutPerBlock) + " outputs");
    const Amount fee = opts_.fee;
    const Amount min_output = 10 * fee + 1;               // leaves the new outputs many spends' worth of fees
    std::vector<std::pair<Amount, uint64_t>> candidates;  // (value, seq)
    const uint32_t next = Height() + 1;
    for (const auto& [seq, op] : by_age_) {
        const UtxoEntry& e = utxos_.at(op);
        if (e.coinbase && next - e.height < kCoinbaseMaturity) continue;
        candidates.emplace_back(e.out.value.GetAmount(), seq);
    }
    std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<MutableTransaction> txs;
    size_t remaining = n_outputs_total;
    for (const auto& [value, seq] : candidates) {
        if (remaining == 0) break;
        const size_t k = std::min(kFanOutPerTx, remaining);
        if (value - fee < static_cast<Amount>(k) * min_output) break;  // sorted: no later one fits
        txs.push_back(BuildSpend({by_age_.at(seq)}, k, fee));
        remaining -= k;
    }
    if (remaining != 0) throw std::runtime_error("ChainBuilder: not enough value to fan out");
    SignAll(txs);
    return BlockFromSpends(std::move(txs), options);
}

Block ChainBuilder::SpendBlock(size_t n_inputs, size_t inputs_per_tx, const NextBlockOptions& options) const {
    if (n_inputs == 0 || inputs_per_tx == 0)
        throw std::invalid_argument("ChainBuilder: SpendBlock needs inputs");
    const std::vector<OutPoint> selected = SelectSpendable(n_inputs, opts_.fee + 1);
    if (selected.size() < n_inputs)
        throw std::runtime_error("ChainBuilder: only " + std::to_string(selected.size()) +
                                 " spendable outputs for " + std::to_string(n_inputs) + " inputs");
    std::vector<MutableTransaction> txs;
    txs.reserve((n_inputs + inputs_per_tx - 1) / inputs_per_tx);
    for (size_t i = 0; i < n_inputs; i += inputs_per_tx) {
        std::vector<OutPoint> group(selected.begin() + i,
                                    selected.begin() + std::min(n_inputs, i + inputs_per_tx));
        const size_t outs = group.size();
        txs.push_back(BuildSpend(group, outs, opts_.fee));
    }
    SignAll(txs);
    Block b = BlockFromSpends(std::move(txs), options);
    if (GetBlockStrippedSize(b) > kMaxBlockStrippedSize || GetBlockWeight(b) > kMaxBlockWeight)
        throw std::runtime_error("ChainBuilder: SpendBlock(" + std::to_string(n_inputs) +
                                 ") exceeds the block size");
    return b;
}

// ---- state changes ----

void ChainBuilder::Accept(const Block& block) {
    if (block.prev_block != TipHash() || block.height != Height() + 1)
        throw std::invalid_argument("ChainBuilder: block does not extend the tip");
    BlockUndo undo;
    try {
        for (const auto& tx : block.vtx) {
            if (!tx->IsCoinBase()) {
                for (const TxIn& in : tx->vin) {
                    if (in.is_pegin) continue;
                    auto it = utxos_.find(in.prevout);
                    if (it == utxos_.end())
                        throw std::invalid_argument(
                            "ChainBuilder: block spends an output not in the UTXO set");
                    by_age_.erase(it->second.seq);
                    undo.spent.emplace_back(it->first, std::move(it->second));
                    utxos_.erase(it);
                }
            }
            AddOutputs(*tx, block.height, &undo);
        }
    } catch (...) {
        UndoBlock(undo);  // leave the state as it was
        throw;
    }
    hashes_.push_back(block.GetHash());
    times_.push_back(block.time);
    undo_.push_back(std::move(undo));
    while (undo_.size() > opts_.max_rewind) undo_.pop_front();
}

void ChainBuilder::Rewind(uint32_t height) {
    if (height > Height()) throw std::invalid_argument("ChainBuilder: cannot rewind forward");
    if (Height() - height > undo_.size())
        throw std::out_of_range("ChainBuilder: rewind beyond the undo horizon");
    while (Height() > height) {
        UndoBlock(undo_.back());
        undo_.pop_back();
        hashes_.pop_back();
        times_.pop_back();
    }
}

}  // namespace ocean::test
