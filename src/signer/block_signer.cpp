#include "ocean/signer/block_signer.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "ocean/chain/block_index.h"
#include "ocean/mempool/block_template.h"
#include "ocean/script/script.h"
#include "ocean/signer/signblock_script.h"
#include "ocean/util/thread_name.h"

namespace ocean {

namespace {

using SteadyClock = std::chrono::steady_clock;

std::chrono::milliseconds DefaultRoundTimeout(std::chrono::milliseconds interval) {
    return std::clamp(interval / 2, std::chrono::milliseconds(1000), std::chrono::milliseconds(10'000));
}

// The proof solution of a bare multisig challenge: OP_0 and M signatures in key order.
Bytes MultisigSolution(const std::vector<Bytes>& sigs_in_key_order) {
    Script s;
    s << OP_0;
    for (const Bytes& sig : sigs_in_key_order) s.PushData(sig);
    return s.bytes();
}

// A state with nothing recorded yet at `height` (the record of an older height is obsolete).
SignerState EmptyStateAt(uint32_t height) {
    SignerState s;
    s.height = height;
    return s;
}

}  // namespace

BlockSigner::BlockSigner(const ChainParams& params, Chainstate& chain, TxMempool* pool,
                         const AcceptOptions* accept, PeerManager& peers, const Clock& clock, Logger& log,
                         BlockSignerOptions options, KeyFactory key_factory)
    : params_(params),
      chain_(chain),
      pool_(pool),
      accept_(accept),
      peers_(peers),
      clock_(clock),
      log_(log),
      options_(std::move(options)),
      round_timeout_(options_.round_timeout.count() > 0 ? options_.round_timeout
                                                        : DefaultRoundTimeout(options_.block_interval)),
      key_factory_(std::move(key_factory)),
      state_file_(options_.state_path) {}

BlockSigner::~BlockSigner() {
    Stop();
}

Status BlockSigner::Start() {
    auto loaded = state_file_.Load();
    if (!loaded) return Error("signer", loaded.error().message);
    {
        std::lock_guard chain_lock(chain_.mutex());
        std::lock_guard lock(mutex_);
        state_ = *loaded;
        key_configured_ = static_cast<bool>(key_factory_);
        StartHeight(*chain_.Tip());
    }
    const bool ok = peers_.RegisterHandler(kSignerProposalCommand, [this](Connection& c, ByteSpan p) {
        return OnProposal(c, p);
    }) && peers_.RegisterHandler(kSignerVoteCommand, [this](Connection& c, ByteSpan p) {
        return OnVote(c, p);
    }) && peers_.RegisterHandler(kSignerSigCommand, [this](Connection& c, ByteSpan p) {
        return OnBlockSig(c, p);
    });
    if (!ok) return Error("signer", "cannot register the signer's P2P messages");
    chain_.AddListener(this);
    if (key_configured_) thread_ = std::thread([this] { Run(); });
    return Status::Ok();
}

void BlockSigner::Stop() {
    {
        std::lock_guard lock(mutex_);
        if (stop_) return;
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    chain_.RemoveListener(this);
}

// ---------------------------------------------------------------------------------------------
// Heights and rounds
// ---------------------------------------------------------------------------------------------

void BlockSigner::UpdatedBlockTip(const BlockIndex& new_tip, const BlockIndex*, bool) {
    {
        std::lock_guard lock(mutex_);
        StartHeight(new_tip);
    }
    cv_.notify_all();
}

void BlockSigner::StartHeight(const BlockIndex& tip) {
    const uint32_t height = static_cast<uint32_t>(tip.height + 1);
    if (height == height_ && tip.GetBlockHash() == prev_hash_) return;
    if (auto seen = proposal_seen_.find(tip.GetBlockHash()); seen != proposal_seen_.end()) {
        latencies_ms_.push_back(
            std::chrono::duration<double, std::milli>(SteadyClock::now() - seen->second).count());
        if (latencies_ms_.size() > 10'000) latencies_ms_.pop_front();
    }
    proposal_seen_.clear();
    height_ = height;
    prev_hash_ = tip.GetBlockHash();
    proposals_.clear();
    votes_.clear();
    vote_payloads_.clear();
    sigs_.clear();
    blocks_.clear();
    verdicts_.clear();
    valid_.reset();
    completed_.reset();
    own_proposal_.clear();
    own_prepare_.clear();
    own_commit_.clear();
    own_sig_.clear();
    proposed_round_.reset();
    round_ = jump_to_ = max_round_seen_ = 0;

    // The signers of this height: the keys of the challenge in force.
    const Bytes challenge =
        params_.ScheduledChallengeAt(height).value_or(tip.GetBlockHeader().proof.challenge);
    keys_.clear();
    my_index_ = -1;
    n_ = m_ = 1;
    if (auto parsed = ParseSignBlockScript(Script(challenge))) {
        m_ = parsed->required;
        keys_ = std::move(parsed->keys);
        n_ = static_cast<uint32_t>(keys_.size());
    }
    if (keys_.empty() || n_ == 0) {
        keys_.clear();
        n_ = 1;
    }
    RefreshStatus();

    // Round 0 starts one block interval after the tip's time, measured in milliseconds: whole seconds
    // here would add up to a second to every interval (blocks every ~1.015 s at -blockinterval=1).
    const auto now = SteadyClock::now();
    const int64_t wait_ms =
        (tip.GetBlockTime() * 1000 + options_.block_interval.count()) - clock_.UnixMicros() / 1000;
    propose_at_ = now + std::chrono::milliseconds(std::max<int64_t>(wait_ms, 0));
    round_deadline_ = propose_at_ + round_timeout_;
    next_retransmit_ = now + options_.retransmit_interval;

    // After a restart at the same height: never go back to a lower round than one we voted in (else a
    // second prepare in that round becomes possible — found by the model), and know our lock's certificate.
    if (state_.height == height) {
        uint32_t resume = 0;
        if (state_.prepared) resume = std::max(resume, state_.prepared->first);
        if (state_.lock) resume = std::max(resume, state_.lock->first);
        if (resume > 0) {
            round_ = resume;
            propose_at_ = now;
            round_deadline_ = now + round_timeout_ * (1 + std::min<uint32_t>(resume, 1000));
        }
        for (const Bytes& payload : state_.lock_certificate) {
            auto v = DecodeVote(payload);
            if (!v || v->height != height || v->kind != VoteKind::kPrepare || v->signer >= keys_.size())
                continue;
            const auto key = std::make_tuple(uint8_t{1}, v->round, v->signer);
            votes_.emplace(key, v->block_hash);
            vote_payloads_.emplace(key, payload);
        }
        if (state_.lock && !state_.lock_block.empty()) {
            if (auto b = DecodeBlock(state_.lock_block); b && b->GetHash() == state_.lock->second)
                blocks_.emplace(state_.lock->second, std::move(*b));
        }
    }
}

void BlockSigner::RefreshStatus() {
    my_index_ = -1;
    if (key_) {
        const PubKey mine = key_->PublicKey();
        for (size_t i = 0; i < keys_.size(); ++i) {
            if (keys_[i] == mine) my_index_ = static_cast<int>(i);
        }
    }
    if (persist_failed_) return;  // status_ says why signing stopped
    if (keys_.empty()) {
        status_ = "the block challenge is not a bare multisig: no in-node signing";
    } else if (2 * m_ <= n_) {
        status_ = "the challenge needs " + std::to_string(m_) + " of " + std::to_string(n_) +
                  " signatures: in-node signing needs 2M > N";
    } else if (!key_configured_) {
        status_ = "relaying (no signing key)";
    } else if (!key_) {
        status_ = "waiting for the signing key";
    } else if (my_index_ < 0) {
        status_ = "the signing key is not one of the challenge's keys";
    } else {
        status_ = "signing";
    }
}

void BlockSigner::EnterRound(uint32_t round, SteadyClock::time_point now) {
    round_ = round;
    propose_at_ = now;
    round_deadline_ = now + round_timeout_ * (1 + std::min<uint32_t>(round, 1000));
    own_proposal_.clear();
}

std::optional<uint256> BlockSigner::Quorum(VoteKind kind, uint32_t round) const {
    std::map<uint256, uint32_t> count;
    const auto lo = votes_.lower_bound({static_cast<uint8_t>(kind), round, 0});
    for (auto it = lo; it != votes_.end(); ++it) {
        const auto& [k, r, s] = it->first;
        if (k != static_cast<uint8_t>(kind) || r != round) break;
        if (++count[it->second] >= m_) return it->second;
    }
    return std::nullopt;
}

std::vector<Bytes> BlockSigner::CertificateVotes(uint32_t round, const uint256& hash) const {
    std::vector<Bytes> out;
    const auto lo = votes_.lower_bound({static_cast<uint8_t>(VoteKind::kPrepare), round, 0});
    for (auto it = lo; it != votes_.end(); ++it) {
        const auto& [k, r, signer] = it->first;
        if (k != static_cast<uint8_t>(VoteKind::kPrepare) || r != round) break;
        if (it->second != hash) continue;
        if (auto p = vote_payloads_.find(it->first); p != vote_payloads_.end()) out.push_back(p->second);
    }
    return out;
}

void BlockSigner::NoteRound(uint32_t round) {
    max_round_seen_ = std::max(max_round_seen_, round);
    if (round > round_) jump_to_ = std::max(jump_to_, round);  // rule 7: follow a higher round at once
}

bool BlockSigner::InWindow(uint32_t height, uint32_t round) const {
    return height == height_ && !keys_.empty() && round <= std::max(round_, max_round_seen_) + kRoundWindow;
}

// ---------------------------------------------------------------------------------------------
// Messages from peers
// ---------------------------------------------------------------------------------------------

int BlockSigner::OnProposal(Connection& peer, ByteSpan payload) {
    auto m = DecodeProposal(payload);
    if (!m) return 20;
    const uint256 hash = m->block.GetHash();
    {
        std::lock_guard lock(mutex_);
        if (!InWindow(m->height, m->round)) return 0;
        if (m->signer >= n_ || m->signer != Proposer(m->height, m->round)) return 20;
        if (proposals_.count(m->round)) return 0;  // seen (or an equivocation: the first one counts)
        if (m->block.prev_block != prev_hash_ || m->block.height != m->height) return 20;
        if (!keys_[m->signer].Verify(
                EnvelopeHash(params_.genesis_hash, kSignerProposalCommand, EncodeProposalBody(*m)),
                m->envelope_sig))
            return 100;
        NoteRound(m->round);
        blocks_.emplace(hash, m->block);
        proposal_seen_.emplace(hash, SteadyClock::now());
        proposals_.emplace(m->round, std::move(*m));
    }
    peers_.BroadcastMessage(kSignerProposalCommand, payload, peer.id);
    cv_.notify_all();
    return 0;
}

int BlockSigner::OnVote(Connection& peer, ByteSpan payload) {
    auto m = DecodeVote(payload);
    if (!m) return 20;
    {
        std::lock_guard lock(mutex_);
        if (!InWindow(m->height, m->round)) return 0;
        if (m->signer >= n_) return 20;
        const auto key = std::make_tuple(static_cast<uint8_t>(m->kind), m->round, m->signer);
        if (votes_.count(key)) return 0;
        if (!keys_[m->signer].Verify(
                EnvelopeHash(params_.genesis_hash, kSignerVoteCommand, EncodeVoteBody(*m)), m->envelope_sig))
            return 100;
        NoteRound(m->round);
        votes_.emplace(key, m->block_hash);
        vote_payloads_.emplace(key, Bytes(payload.begin(), payload.end()));
    }
    peers_.BroadcastMessage(kSignerVoteCommand, payload, peer.id);
    cv_.notify_all();
    return 0;
}

int BlockSigner::OnBlockSig(Connection& peer, ByteSpan payload) {
    auto m = DecodeBlockSig(payload);
    if (!m) return 20;
    {
        std::lock_guard lock(mutex_);
        if (!InWindow(m->height, 0)) return 0;
        if (m->signer >= n_) return 20;
        if (sigs_.count(m->signer)) return 0;
        if (!keys_[m->signer].Verify(m->block_hash, m->signature)) return 100;
        sigs_.emplace(m->signer, std::move(*m));
    }
    peers_.BroadcastMessage(kSignerSigCommand, payload, peer.id);
    cv_.notify_all();
    return 0;
}

// ---------------------------------------------------------------------------------------------
// The protocol thread
// ---------------------------------------------------------------------------------------------

void BlockSigner::Run() {
    SetThreadName("ocean-signer");
    std::unique_lock lock(mutex_);
    while (!stop_) {
        Step(lock);
        if (stop_) break;
        auto wake = std::min(
            {round_deadline_, next_retransmit_, SteadyClock::now() + std::chrono::milliseconds(250)});
        if (SteadyClock::now() < propose_at_) wake = std::min(wake, propose_at_);
        cv_.wait_until(lock, wake);
    }
}

void BlockSigner::TryOpenKey(std::unique_lock<std::mutex>& lock) {
    const auto now = SteadyClock::now();
    if (key_ || now < next_key_attempt_) return;
    next_key_attempt_ = now + options_.key_retry;
    lock.unlock();
    auto key = key_factory_();
    lock.lock();
    if (!key) {
        if (last_error_ != key.error().ToString()) {
            last_error_ = key.error().ToString();
            log_.Error("Signer: cannot open the signing key: " + last_error_ + " (retrying every " +
                       std::to_string(options_.key_retry.count()) + " s)");
        }
        status_ = "waiting for the signing key";
        return;
    }
    key_ = std::move(*key);
    log_.Info("Signer: signing key " + key_->Describe());
    last_error_.clear();
    RefreshStatus();
}

bool BlockSigner::Persist(std::unique_lock<std::mutex>& lock) {
    const SignerState copy = state_;
    lock.unlock();
    Status s = state_file_.Save(copy);
    lock.lock();
    if (!s) {
        // Without a durable record, sending would risk contradicting ourselves after a crash: stop signing.
        persist_failed_ = true;
        last_error_ = "cannot save the signer state: " + s.error().ToString();
        status_ = "stopped: " + last_error_;
        log_.Error("Signer: " + last_error_ + "; signing stops until the node restarts");
        return false;
    }
    return true;
}

void BlockSigner::Step(std::unique_lock<std::mutex>& lock) {
    TryOpenKey(lock);
    if (!key_ || my_index_ < 0 || keys_.empty() || 2 * m_ <= n_ || persist_failed_) return;
    const auto now = SteadyClock::now();
    if (jump_to_ > round_) {
        EnterRound(jump_to_, now);
    } else if (now >= round_deadline_) {
        log_.Debug(LogCategory::kNet, "Signer: height " + std::to_string(height_) + " round " +
                                          std::to_string(round_) + " timed out");
        EnterRound(round_ + 1, now);
    }
    const uint32_t height = height_, round = round_;
    StepPropose(lock, now);
    if (height_ != height || round_ != round) return;
    StepPrepare(lock);
    if (height_ != height || round_ != round) return;
    StepCommitAndValid(lock);
    StepSign(lock);
    if (height_ != height) return;
    StepComplete(lock);
    if (height_ != height) return;
    if (SteadyClock::now() >= next_retransmit_) {
        next_retransmit_ = SteadyClock::now() + options_.retransmit_interval;
        if (!own_proposal_.empty()) peers_.BroadcastMessage(kSignerProposalCommand, own_proposal_);
        if (!own_prepare_.empty()) peers_.BroadcastMessage(kSignerVoteCommand, own_prepare_);
        if (!own_commit_.empty()) peers_.BroadcastMessage(kSignerVoteCommand, own_commit_);
        if (!own_sig_.empty()) peers_.BroadcastMessage(kSignerSigCommand, own_sig_);
        // The certificates behind our lock and behind the highest one we know: without them a peer
        // could never accept a re-proposal of the locked block (found by the model: test/model/README.md).
        if (state_.height == height_)
            for (const Bytes& vote : state_.lock_certificate)
                peers_.BroadcastMessage(kSignerVoteCommand, vote);
        if (valid_ && !(state_.height == height_ && state_.lock && state_.lock->first == valid_->first))
            for (const Bytes& vote : CertificateVotes(valid_->first, valid_->second))
                peers_.BroadcastMessage(kSignerVoteCommand, vote);
    }
}

void BlockSigner::StepPropose(std::unique_lock<std::mutex>& lock, SteadyClock::time_point now) {
    if (Proposer(height_, round_) != static_cast<uint32_t>(my_index_) || proposed_round_ == round_ ||
        now < propose_at_)
        return;
    const uint32_t height = height_, round = round_;
    SignerProposal p;
    p.height = height;
    p.round = round;
    p.signer = static_cast<uint8_t>(my_index_);
    // Rule 2: the highest certificate we know, or our lock, else a new block.
    const bool have_lock = state_.height == height && state_.lock;
    if (valid_ && blocks_.count(valid_->second) && (!have_lock || valid_->first >= state_.lock->first)) {
        p.block = blocks_.at(valid_->second);
        p.valid_round = static_cast<int32_t>(valid_->first);
    } else if (have_lock && !state_.lock_block.empty()) {
        auto b = DecodeBlock(state_.lock_block);
        if (!b) {
            log_.Error("Signer: the locked block in the state file does not decode: " + b.error().ToString());
            return;
        }
        p.block = std::move(*b);
        p.valid_round = static_cast<int32_t>(state_.lock->first);
    } else {
        lock.unlock();
        Block b = NewBlockTemplate(params_, chain_, pool_, clock_.UnixSeconds(), options_.mapping_hash, 1);
        lock.lock();
        if (height_ != height || round_ != round) return;
        if (b.prev_block != prev_hash_) return;  // the tip moved under us
        p.block = std::move(b);
        p.valid_round = -1;
    }
    const Bytes body = EncodeProposalBody(p);
    SigningKey* key = key_.get();
    lock.unlock();
    auto sig = key->Sign(EnvelopeHash(params_.genesis_hash, kSignerProposalCommand, body));
    lock.lock();
    if (!sig) {
        last_error_ = "signing a proposal: " + sig.error().ToString();
        log_.Error("Signer: " + last_error_);
        return;
    }
    if (height_ != height || round_ != round) return;
    p.envelope_sig = std::move(*sig);
    proposed_round_ = round;
    ++blocks_proposed_;
    own_proposal_ = EncodeProposal(p);
    log_.Info("Signer: proposing block " + p.block.GetHash().ToHex() + " at height " +
              std::to_string(height) + " round " + std::to_string(round) + " (" +
              std::to_string(p.block.vtx.size()) + " txs)");
    blocks_.emplace(p.block.GetHash(), p.block);
    proposal_seen_.emplace(p.block.GetHash(), SteadyClock::now());
    proposals_.emplace(round, std::move(p));
    peers_.BroadcastMessage(kSignerProposalCommand, own_proposal_);
}

bool BlockSigner::ValidateBlock(const Block& block, std::string& reason) {
    {
        std::lock_guard chain_lock(chain_.mutex());
        if (block.prev_block != chain_.Tip()->GetBlockHash()) {
            reason = "not on our tip";
            return false;
        }
        ValidationState state;
        if (!chain_.TestBlockValidity(block, state, /*check_proof=*/false)) {
            reason = state.ToString();
            return false;
        }
    }
    if (!pool_ || !accept_) return true;
    // Our own policy for every transaction: in our pool already, or acceptable to it now, or spending
    // transactions earlier in the same block (their consensus validity was checked above).
    AcceptOptions test = *accept_;
    test.test_only = true;
    test.skip_list_rules = true;
    std::set<uint256> earlier;
    for (size_t i = 1; i < block.vtx.size(); ++i) {
        const TransactionRef& tx = block.vtx[i];
        const uint256& txid = tx->GetTxid();
        earlier.insert(txid);
        if (pool_->Exists(txid)) continue;
        const AcceptResult r = AcceptToMemoryPool(chain_, *pool_, tx, test, clock_.UnixSeconds());
        if (r.accepted) continue;
        if (r.missing_inputs && std::any_of(tx->vin.begin(), tx->vin.end(),
                                            [&](const TxIn& in) { return earlier.count(in.prevout.hash); }))
            continue;
        reason = "transaction " + txid.ToHex() + " fails our policy: " + r.state.ToString();
        return false;
    }
    return true;
}

void BlockSigner::StepPrepare(std::unique_lock<std::mutex>& lock) {
    const uint32_t height = height_, round = round_;
    if (state_.height == height && state_.prepared && state_.prepared->first >= round) {
        // Recorded but not sent yet (the key failed, or we restarted): send the recorded vote, never another.
        if (state_.prepared->first == round && !HaveOwnVote(VoteKind::kPrepare, round))
            SendVote(lock, VoteKind::kPrepare, round, state_.prepared->second);
        return;
    }
    auto it = proposals_.find(round);
    if (it == proposals_.end()) return;
    const SignerProposal& p = it->second;
    const uint256 hash = p.block.GetHash();
    // Rule 3: the lock allows it.
    if (state_.height == height && state_.lock && state_.lock->second != hash) {
        const int32_t vr = p.valid_round;
        const bool newer_certificate = vr >= 0 && static_cast<uint32_t>(vr) >= state_.lock->first &&
                                       static_cast<uint32_t>(vr) < round &&
                                       Quorum(VoteKind::kPrepare, vr) == hash;
        if (!newer_certificate) return;
    }
    auto verdict = verdicts_.find(hash);
    if (verdict == verdicts_.end()) {
        const Block block = p.block;
        lock.unlock();
        std::string reason;
        const bool ok = ValidateBlock(block, reason);
        lock.lock();
        if (height_ != height) return;
        if (!ok) {
            log_.Warning("Signer: proposal " + hash.ToHex() + " for height " + std::to_string(height) +
                         " round " + std::to_string(round) + " rejected: " + reason);
        }
        verdict = verdicts_.emplace(hash, ok).first;
        if (round_ != round) return;
    }
    if (!verdict->second) return;
    if (state_.height != height) state_ = EmptyStateAt(height);
    state_.prepared = std::make_pair(round, hash);
    if (!Persist(lock)) return;
    SendVote(lock, VoteKind::kPrepare, round, hash);
}

void BlockSigner::StepCommitAndValid(std::unique_lock<std::mutex>& lock) {
    const uint32_t height = height_, round = round_;
    // The highest certificate seen (any round).
    for (const auto& [key, hash] : votes_) {
        const auto& [kind, r, s] = key;
        if (kind != 1 || (valid_ && valid_->first >= r)) continue;
        if (auto q = Quorum(VoteKind::kPrepare, r)) valid_ = std::make_pair(r, *q);
    }
    // Rule 4: commit on a certificate of the current round.
    const auto cert = Quorum(VoteKind::kPrepare, round);
    if (!cert) return;
    if (state_.height == height && state_.lock && state_.lock->first >= round) {
        // Committed already; send the recorded commit if it has not left yet.
        if (state_.lock->first == round && !HaveOwnVote(VoteKind::kCommit, round))
            SendVote(lock, VoteKind::kCommit, round, state_.lock->second);
        return;
    }
    if (state_.height != height) state_ = EmptyStateAt(height);
    state_.lock = std::make_pair(round, *cert);
    auto b = blocks_.find(*cert);
    state_.lock_block = b != blocks_.end() ? EncodeBlock(b->second, true) : Bytes();
    state_.lock_certificate = CertificateVotes(round, *cert);
    if (!Persist(lock)) return;
    SendVote(lock, VoteKind::kCommit, round, *cert);
}

bool BlockSigner::HaveOwnVote(VoteKind kind, uint32_t round) const {
    return votes_.count(
               std::make_tuple(static_cast<uint8_t>(kind), round, static_cast<uint8_t>(my_index_))) != 0;
}

void BlockSigner::SendVote(std::unique_lock<std::mutex>& lock, VoteKind kind, uint32_t round,
                           const uint256& hash) {
    const uint32_t height = height_;
    SignerVote v;
    v.kind = kind;
    v.height = height;
    v.round = round;
    v.block_hash = hash;
    v.signer = static_cast<uint8_t>(my_index_);
    SigningKey* key = key_.get();
    const Bytes body = EncodeVoteBody(v);
    lock.unlock();
    auto sig = key->Sign(EnvelopeHash(params_.genesis_hash, kSignerVoteCommand, body));
    lock.lock();
    const char* what = kind == VoteKind::kPrepare ? "prepare" : "commit";
    if (!sig) {
        last_error_ = std::string("signing a ") + what + ": " + sig.error().ToString();
        return;  // the vote is recorded: the next step sends it
    }
    if (height_ != height) return;
    v.envelope_sig = std::move(*sig);
    const auto k = std::make_tuple(static_cast<uint8_t>(kind), round, v.signer);
    Bytes& own = kind == VoteKind::kPrepare ? own_prepare_ : own_commit_;
    own = EncodeVote(v);
    votes_.emplace(k, hash);
    vote_payloads_.emplace(k, own);
    peers_.BroadcastMessage(kSignerVoteCommand, own);
    MaybeTestCrash(lock, kind == VoteKind::kPrepare ? BlockSignerOptions::TestCrash::kPrepare
                                                    : BlockSignerOptions::TestCrash::kCommit);
}

void BlockSigner::MaybeTestCrash(std::unique_lock<std::mutex>& lock, BlockSignerOptions::TestCrash step) {
    if (options_.test_crash_after != step ||
        (options_.test_crash_height != 0 && options_.test_crash_height != height_))
        return;
    log_.Info("Signer: -signertestcrashafter: exiting abruptly at height " + std::to_string(height_) +
              " round " + std::to_string(round_));
    lock.unlock();
    // The message is queued on every connection; give the network thread time to write it (loopback).
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::_Exit(1);
}

void BlockSigner::StepSign(std::unique_lock<std::mutex>& lock) {
    if (!own_sig_.empty()) return;
    const uint32_t height = height_;
    // Rule 5: a decision in any round.
    std::optional<uint256> decided;
    for (const auto& [key, hash] : votes_) {
        const auto& [kind, r, s] = key;
        if (kind != 2) continue;
        if (auto q = Quorum(VoteKind::kCommit, r)) {
            decided = q;
            break;
        }
    }
    if (!decided || !blocks_.count(*decided)) return;
    if (state_.height == height && state_.signed_hash && *state_.signed_hash != *decided) {
        last_error_ = "refusing to sign " + decided->ToHex() + ": already signed " +
                      state_.signed_hash->ToHex() + " at height " + std::to_string(height);
        log_.Error("Signer: " + last_error_);
        return;
    }
    if (!(state_.height == height && state_.signed_hash)) {
        if (state_.height != height) state_ = EmptyStateAt(height);
        state_.signed_hash = *decided;
        if (!Persist(lock)) return;
    }
    SigningKey* key = key_.get();
    const uint256 hash = *decided;
    lock.unlock();
    auto sig = key->Sign(hash);
    lock.lock();
    if (!sig) {
        last_error_ = "signing block " + hash.ToHex() + ": " + sig.error().ToString();
        log_.Error("Signer: " + last_error_ + " (retrying)");
        return;
    }
    if (height_ != height) return;
    ++signatures_;
    SignerBlockSig s;
    s.height = height;
    s.block_hash = hash;
    s.signer = static_cast<uint8_t>(my_index_);
    s.signature = std::move(*sig);
    own_sig_ = EncodeBlockSig(s);
    sigs_[s.signer] = std::move(s);
    peers_.BroadcastMessage(kSignerSigCommand, own_sig_);
    MaybeTestCrash(lock, BlockSignerOptions::TestCrash::kSign);
}

void BlockSigner::StepComplete(std::unique_lock<std::mutex>& lock) {
    if (completed_) return;
    std::map<uint256, std::vector<const SignerBlockSig*>> by_block;
    for (const auto& [idx, s] : sigs_) by_block[s.block_hash].push_back(&s);
    for (auto& [hash, list] : by_block) {
        if (list.size() < m_ || !blocks_.count(hash)) continue;
        Block block = blocks_.at(hash);
        std::vector<Bytes> sigs;
        for (const SignerBlockSig* s : list) {  // sigs_ is ordered by signer index: key order
            if (sigs.size() == m_) break;
            sigs.push_back(s->signature);
        }
        block.proof.solution = MultisigSolution(sigs);
        completed_ = hash;
        const uint32_t height = height_;
        lock.unlock();
        ValidationState state;
        bool new_block = false;
        chain_.ProcessNewBlock(block, state, &new_block);
        lock.lock();
        if (state.IsValid()) {
            if (new_block) {
                ++blocks_completed_;
                log_.Info("Signer: block " + hash.ToHex() + " at height " + std::to_string(height) +
                          " complete");
            }
        } else {
            log_.Error("Signer: completed block " + hash.ToHex() + " was rejected: " + state.ToString());
            if (height_ == height) completed_.reset();
        }
        return;
    }
}

bool BlockSigner::Signing() const {
    std::lock_guard lock(mutex_);
    return key_ && my_index_ >= 0 && 2 * m_ > n_ && !persist_failed_;  // status_ == "signing"
}

BlockSignerInfo BlockSigner::Info() const {
    std::lock_guard lock(mutex_);
    BlockSignerInfo i;
    i.signing = key_configured_;
    i.index = my_index_;
    i.required = static_cast<int>(keys_.empty() ? 0 : m_);
    i.total = static_cast<int>(keys_.size());
    i.key = key_ ? key_->Describe() : std::string();
    i.status = status_;
    i.last_error = last_error_;
    i.height = height_;
    i.round = round_;
    if (state_.height == height_) {
        i.lock = state_.lock;
        i.signed_hash = state_.signed_hash;
    }
    i.blocks_proposed = blocks_proposed_;
    i.blocks_completed = blocks_completed_;
    i.signatures = signatures_;
    if (!latencies_ms_.empty()) {
        std::vector<double> sorted(latencies_ms_.begin(), latencies_ms_.end());
        std::sort(sorted.begin(), sorted.end());
        i.latency_samples = sorted.size();
        i.latency_median_ms = sorted[sorted.size() / 2];
        i.latency_p99_ms = sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
    }
    return i;
}

}  // namespace ocean
