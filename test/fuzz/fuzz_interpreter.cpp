// libFuzzer target for the script interpreter (consensus.md §7).
//
// Input layout (so seeds can be written by hand):
//   u32 LE  flags
//   u8      mode: bits 0-2 witness item count, bit 3 use the real transaction checker, bit 4 block checker
//   then length-prefixed chunks (u16 LE length, then that many bytes; the last one may be cut short):
//   scriptSig, scriptPubKey, witness items.
//
// Checks: nothing crashes or throws; the error is kOk exactly when verification succeeds; a successful
// EvalScript leaves no element over 520 bytes and at most 1000 items; results are deterministic;
// verification that succeeds still succeeds with any consistent subset of the flags (every flag only
// restricts); and the transaction checker gives the same answers with and without precomputed data.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ocean/script/interpreter.h"
#include "ocean/script/sigcache.h"

namespace {

using namespace ocean;

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_interpreter: check failed: %s\n", what);
        std::abort();
    }
}

class Reader {
  public:
    Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
    bool empty() const { return pos_ >= size_; }
    uint8_t U8() { return pos_ < size_ ? data_[pos_++] : 0; }
    uint32_t U32() {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(U8()) << (8 * i);
        return v;
    }
    Bytes Chunk() {
        size_t len = U8();
        len |= static_cast<size_t>(U8()) << 8;
        if (len > size_ - pos_) len = size_ - pos_;
        Bytes out(data_ + pos_, data_ + pos_ + len);
        pos_ += len;
        return out;
    }

  private:
    const uint8_t* data_;
    size_t size_;
    size_t pos_ = 0;
};

// A deterministic stand-in for signature and lock-time checks, so the success paths of CHECKSIG,
// CHECKMULTISIG, CSFS, CLTV and CSV are reachable.
class FuzzChecker : public SignatureChecker {
  public:
    bool CheckSig(ByteSpan sig, ByteSpan pubkey, const Script& code, SigVersion) const override {
        return !sig.empty() && !pubkey.empty() && ((sig[0] ^ pubkey.back() ^ code.size()) & 1) == 0;
    }
    bool CheckSigFromStack(ByteSpan sig, ByteSpan data, ByteSpan pubkey) const override {
        return !sig.empty() && ((sig.back() + data.size() + pubkey.size()) & 1) == 0;
    }
    bool CheckLockTime(const ScriptNum& n) const override { return n.value() % 3 != 0; }
    bool CheckSequence(const ScriptNum& n) const override { return n.value() % 3 != 1; }
};

// Makes flags consistent the way Ocean requires: WITNESS needs P2SH, CLEANSTACK needs both.
uint32_t Consistent(uint32_t flags) {
    flags &= 0xffff;
    if (!(flags & SCRIPT_VERIFY_P2SH)) flags &= ~static_cast<uint32_t>(SCRIPT_VERIFY_WITNESS);
    if (!(flags & SCRIPT_VERIFY_WITNESS)) flags &= ~static_cast<uint32_t>(SCRIPT_VERIFY_CLEANSTACK);
    return flags;
}

bool Run(const Script& sig, const Script& pub, const ScriptStack* witness, uint32_t flags,
         const SignatureChecker& checker, ScriptError& err) {
    err = ScriptError::kErrorCount;
    const bool ok = VerifyScript(sig, pub, witness, flags, checker, &err);
    Check(ok == (err == ScriptError::kOk), "result and error disagree");
    return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Reader in(data, size);
    const uint32_t raw_flags = in.U32();
    const uint32_t flags = Consistent(raw_flags);
    const uint8_t mode = in.U8();
    const Script script_sig(in.Chunk());
    const Script script_pubkey(in.Chunk());
    ScriptStack witness;
    for (int i = 0; i < (mode & 7) && !in.empty(); ++i) witness.push_back(in.Chunk());

    // Plain evaluation of each script.
    for (const Script* s : {&script_sig, &script_pubkey}) {
        ScriptStack stack;
        ScriptError err = ScriptError::kErrorCount;
        const bool ok = EvalScript(stack, *s, flags, FuzzChecker(), SigVersion::kBase, &err);
        Check(ok == (err == ScriptError::kOk), "EvalScript result and error disagree");
        if (ok) {
            Check(stack.size() <= kMaxStackSize, "stack over 1000 items after success");
            for (const Bytes& item : stack)
                Check(item.size() <= kMaxScriptElementSize, "element over 520 bytes");
        }
        ScriptStack wstack;
        ScriptError werr = ScriptError::kErrorCount;
        const bool wok = EvalScript(wstack, *s, flags, FuzzChecker(), SigVersion::kWitnessV0, &werr);
        Check(wok == (werr == ScriptError::kOk), "EvalScript (v0) result and error disagree");
    }

    (void)CountWitnessSigOps(script_sig, script_pubkey, &witness, flags);
    (void)CountWitnessSigOps(script_sig, script_pubkey, nullptr, raw_flags);

    if (mode & 0x10) {
        // Block-proof checker with arbitrary flags.
        ScriptError e1, e2;
        const uint256 hash = uint256::FromByte0(static_cast<uint8_t>(raw_flags >> 24));
        const bool a =
            Run(script_sig, script_pubkey, nullptr, kBlockProofVerifyFlags, BlockSignatureChecker(hash), e1);
        const bool b =
            Run(script_sig, script_pubkey, nullptr, kBlockProofVerifyFlags, BlockSignatureChecker(hash), e2);
        Check(a == b && e1 == e2, "block-proof verification is not deterministic");
    }

    if (mode & 0x08) {
        // The real transaction checker on a small fixed transaction: precomputed data and the signature
        // cache must not change any answer.
        MutableTransaction tx;
        tx.version = static_cast<int32_t>(raw_flags >> 16);
        tx.vin.resize(2);
        tx.vin[0].prevout = OutPoint(uint256::FromByte0(1), 0);
        tx.vin[0].sequence = raw_flags;
        tx.vin[1].prevout = OutPoint(uint256::FromByte0(2), 5);
        tx.vout.resize(1);
        tx.vout[0].script_pubkey = script_pubkey.bytes();
        tx.lock_time = raw_flags >> 8;
        const ConfidentialValue amount{Amount{1000}};
        const PrecomputedTransactionData txdata(tx);
        static SignatureCache cache(1 << 16);
        const TransactionSignatureChecker<MutableTransaction> plain(&tx, 0, amount);
        const TransactionSignatureChecker<MutableTransaction> pre(&tx, 0, amount, &txdata, &cache);
        ScriptError e1, e2;
        const bool a = Run(script_sig, script_pubkey, &witness, flags, plain, e1);
        const bool b = Run(script_sig, script_pubkey, &witness, flags, pre, e2);
        Check(a == b && e1 == e2, "precomputed data or the cache changed the result");
        return 0;
    }

    const FuzzChecker checker;
    ScriptError err;
    const bool ok = Run(script_sig, script_pubkey, &witness, flags, checker, err);
    ScriptError again;
    Check(Run(script_sig, script_pubkey, &witness, flags, checker, again) == ok && again == err,
          "verification is not deterministic");
    if (ok) {
        // Every flag only restricts: any consistent subset must still accept. P2SH and WITNESS are kept:
        // dropping them is not monotonic (a v1+ witness program with an all-zero program is valid with
        // WITNESS and leaves a false top without it).
        const uint32_t keep = flags & (SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS);
        const uint32_t subsets[] = {0, flags & (raw_flags >> 16), flags & ~SCRIPT_VERIFY_CLEANSTACK,
                                    flags & kBlockScriptVerifyFlags, flags & kMandatoryScriptVerifyFlags};
        for (uint32_t sub : subsets) {
            sub = Consistent(sub | keep);
            // Turning CLTV/CSV off makes them NOPs, which DISCOURAGE_UPGRADABLE_NOPS then rejects.
            if ((flags & ~sub) & (SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY | SCRIPT_VERIFY_CHECKSEQUENCEVERIFY)) {
                sub &= ~static_cast<uint32_t>(SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS);
            }
            ScriptError e;
            if (!Run(script_sig, script_pubkey, &witness, sub, checker, e)) {
                std::fprintf(stderr, "flags %08x accept, subset %08x fails: %s\n", flags, sub,
                             std::string(ScriptErrorString(e)).c_str());
                Check(false, "a subset of accepting flags rejects");
            }
        }
    }
    return 0;
}
