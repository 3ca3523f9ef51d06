// Transaction policy (consensus.md §11.1–§11.2, policy.md §4, §9, §10): output and transaction
// standardness with Core 0.14's reasons, dust, standard inputs and witnesses, virtual size, the examined
// fee, the fee exemptions and the fixed-fee mode.
#include "ocean/mempool/policy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ocean/crypto/key.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/script/destination.h"
#include "ocean/script/standard.h"

namespace ocean {
namespace {

// --- Helpers -----------------------------------------------------------------------------------------

Bytes PubKeyBytes(uint8_t seed, bool compressed = true) {
    Bytes secret(32, 0);
    secret[31] = seed;
    return Key::FromBytes(secret, compressed).value().GetPubKey().ToBytes();
}

std::vector<Bytes> PubKeys(int n) {
    std::vector<Bytes> keys;
    for (int i = 0; i < n; ++i) keys.push_back(PubKeyBytes(static_cast<uint8_t>(i + 1)));
    return keys;
}

uint160 Hash20(uint8_t b) {
    Bytes h(20, b);
    return uint160(ByteSpan(h));
}

Script P2PKH(uint8_t b = 1) {
    return GetScriptForDestination(PKHash(Hash20(b)));
}
Script P2SH(uint8_t b = 1) {
    return GetScriptForDestination(ScriptHash(Hash20(b)));
}

uint256 AssetId(uint8_t byte0) {
    return uint256::FromByte0(byte0);
}
const uint256 kCbt = AssetId(0xcb);

TxOut Out(const Script& script, Amount value, const uint256& asset = kCbt) {
    TxOut out;
    out.asset.SetExplicit(asset);
    out.value.SetExplicit(value);
    out.script_pubkey = script.bytes();
    return out;
}
TxOut FeeOut(Amount value, const uint256& asset = kCbt) {
    return Out(Script(), value, asset);
}
TxOut BlindedAssetOut(const Script& script, Amount value) {
    TxOut out = Out(script, value);
    Bytes generator(33, 0x11);
    generator[0] = 0x0a;
    EXPECT_TRUE(out.asset.SetBytes(generator));
    return out;
}
TxOut BlindedValueOut(const Script& script) {
    TxOut out = Out(script, 0);
    Bytes commitment(33, 0x22);
    commitment[0] = 0x08;
    EXPECT_TRUE(out.value.SetBytes(commitment));
    return out;
}

TxIn In(uint8_t n, Bytes script_sig = {}) {
    TxIn in;
    in.prevout = OutPoint(AssetId(0x77), n);
    in.script_sig = std::move(script_sig);
    return in;
}

Transaction MakeTx(std::vector<TxOut> vout, std::vector<TxIn> vin = {}, int32_t version = 2) {
    MutableTransaction m;
    m.version = version;
    m.vin = vin.empty() ? std::vector<TxIn>{In(0)} : std::move(vin);
    m.vout = std::move(vout);
    return Transaction(std::move(m));
}

Coin CoinFor(const Script& script, bool coinbase = false) {
    return Coin(Out(script, 100000), 1, coinbase);
}

std::string Reason(const Transaction& tx, const PolicyOptions& options = {}) {
    std::string reason;
    return IsStandardTx(tx, options, reason) ? "ok" : reason;
}

std::string TypeOf(const Script& script, const PolicyOptions& options = {}) {
    std::string type;
    const bool ok = IsStandardOutput(script, options, &type);
    return (ok ? "standard " : "nonstandard ") + type;
}

// --- Constants -----------------------------------------------------------------------------------------

TEST(Policy, ScriptFlagsAndConstants) {
    EXPECT_EQ(kMandatoryScriptVerifyFlags, 1u | 512u);
    EXPECT_EQ(kStandardScriptVerifyFlags, 1u | 2u | 4u | 8u | 16u | 64u | 128u | 256u | 512u | 1024u | 2048u |
                                              4096u | 8192u | 16384u | 32768u);
    EXPECT_EQ(kStandardScriptVerifyFlags & SCRIPT_VERIFY_SIGPUSHONLY, 0u);
    EXPECT_EQ(kMaxStandardTxWeight, 400000u);
    EXPECT_EQ(kMaxStandardTxSigopCost, 16000);
    EXPECT_EQ(kDefaultMinRelayTxFee, 1000);
    const PolicyOptions o;
    EXPECT_FALSE(o.require_standard);
    EXPECT_TRUE(o.permit_bare_multisig && o.register_address && o.data_carrier);
    EXPECT_EQ(o.register_address_size, 3203u);
    EXPECT_EQ(o.max_op_return_bytes, 83u);
    EXPECT_EQ(o.dust_relay_fee, 1000);
    EXPECT_EQ(o.fixed_tx_fee, 0);
}

// --- Output types ----------------------------------------------------------------------------------

TEST(Policy, StandardOutputTypes) {
    const std::vector<Bytes> keys = PubKeys(4);
    EXPECT_EQ(TypeOf(GetScriptForRawPubKey(keys[0])), "standard pubkey");
    EXPECT_EQ(TypeOf(GetScriptForRawPubKey(PubKeyBytes(9, false))), "standard pubkey");
    EXPECT_EQ(TypeOf(P2PKH()), "standard pubkeyhash");
    EXPECT_EQ(TypeOf(P2SH()), "standard scripthash");
    EXPECT_EQ(TypeOf(GetScriptForDestination(WitnessV0KeyHash(Hash20(3)))), "standard witness_v0_keyhash");
    EXPECT_EQ(TypeOf(GetScriptForDestination(WitnessV0ScriptHash(AssetId(4)))),
              "standard witness_v0_scripthash");
    EXPECT_EQ(TypeOf(Script()), "standard fee");
    EXPECT_EQ(TypeOf(GetScriptForNullData(Bytes(20, 0xaa))), "standard nulldata");
    EXPECT_EQ(TypeOf(GetScriptForNullData(std::span<const Bytes>{})), "standard nulldata");  // bare OP_RETURN
    EXPECT_EQ(TypeOf(GetScriptForRegisterAddress(true, 0, Bytes(40, 1))), "standard registeraddress_v0");
    EXPECT_EQ(TypeOf(GetScriptForRegisterAddress(false, 1, Bytes(40, 1))), "standard deregisteraddress_v1");
    // Policy outputs are 1-of-2 bare multisig.
    EXPECT_EQ(TypeOf(GetScriptForPolicyMultisig(keys[0], Hash20(5))), "standard multisig");

    // Non-standard: OP_TRUE, witness v1, arbitrary scripts, OP_RETURN followed by a non-push.
    EXPECT_EQ(TypeOf(Script() << OP_TRUE), "nonstandard true");
    Script v1;
    v1 << OP_1 << Bytes(32, 7);
    EXPECT_EQ(TypeOf(v1), "nonstandard nonstandard");
    EXPECT_EQ(TypeOf(Script() << OP_NOP), "nonstandard nonstandard");
    EXPECT_EQ(TypeOf(Script() << OP_RETURN << OP_NOP), "nonstandard nonstandard");

    TxoutType type = TxoutType::kNonstandard;
    EXPECT_TRUE(IsStandardOutput(P2PKH(), PolicyOptions{}, type));
    EXPECT_EQ(type, TxoutType::kPubKeyHash);
    EXPECT_TRUE(IsStandardOutput(P2PKH(), PolicyOptions{}));  // type_out is optional
}

TEST(Policy, MultisigUpToThreeKeys) {
    const std::vector<Bytes> keys = PubKeys(4);
    for (int n = 1; n <= 3; ++n) {
        const std::vector<Bytes> k(keys.begin(), keys.begin() + n);
        for (int m = 1; m <= n; ++m) {
            EXPECT_EQ(TypeOf(GetScriptForMultisig(m, k)), "standard multisig") << m << "-of-" << n;
            EXPECT_EQ(TypeOf(GetScriptForLockedMultisig(500, m, k)), "standard lockedmultisig") << m << n;
        }
    }
    EXPECT_EQ(TypeOf(GetScriptForMultisig(1, keys)), "nonstandard multisig");
    EXPECT_EQ(TypeOf(GetScriptForMultisig(4, keys)), "nonstandard multisig");
    EXPECT_EQ(TypeOf(GetScriptForLockedMultisig(500, 1, keys)), "nonstandard lockedmultisig");
    // A guardnode request is a 1-of-3 locked multisig: standard.
    RequestFields request;
    request.end_height = 1000;
    EXPECT_EQ(TypeOf(GetScriptForRequest(request, keys[0])), "standard lockedmultisig");
}

TEST(Policy, OpReturnSizeLimit) {
    const Script s83 = GetScriptForNullData(Bytes(80, 0xaa));
    const Script s84 = GetScriptForNullData(Bytes(81, 0xaa));
    ASSERT_EQ(s83.size(), 83u);
    ASSERT_EQ(s84.size(), 84u);
    EXPECT_TRUE(IsStandardOutput(s83, PolicyOptions{}));
    EXPECT_FALSE(IsStandardOutput(s84, PolicyOptions{}));
    PolicyOptions larger;
    larger.max_op_return_bytes = 84;
    EXPECT_TRUE(IsStandardOutput(s84, larger));
    PolicyOptions off;
    off.data_carrier = false;
    EXPECT_FALSE(IsStandardOutput(GetScriptForNullData(Bytes(1, 1)), off));
    // Several pushes count with the whole script.
    const std::vector<Bytes> pushes = {Bytes(40, 1), Bytes(40, 2)};
    EXPECT_EQ(GetScriptForNullData(pushes).size(), 83u);
    EXPECT_TRUE(IsStandardOutput(GetScriptForNullData(pushes), PolicyOptions{}));
}

TEST(Policy, RegisterAddressSizeLimit) {
    const Script s3203 = GetScriptForRegisterAddress(true, 0, Bytes(3199, 5));
    const Script s3204 = GetScriptForRegisterAddress(true, 0, Bytes(3200, 5));
    ASSERT_EQ(s3203.size(), 3203u);
    ASSERT_EQ(s3204.size(), 3204u);
    EXPECT_EQ(TypeOf(s3203), "standard registeraddress_v0");
    EXPECT_EQ(TypeOf(s3204), "nonstandard registeraddress_v0");
    const Script v1 = GetScriptForRegisterAddress(false, 1, Bytes(3198, 5));
    ASSERT_EQ(v1.size(), 3203u);
    EXPECT_TRUE(IsStandardOutput(v1, PolicyOptions{}));
    PolicyOptions small;
    small.register_address_size = 100;
    EXPECT_FALSE(IsStandardOutput(GetScriptForRegisterAddress(true, 1, Bytes(97, 5)), small));
    EXPECT_TRUE(IsStandardOutput(GetScriptForRegisterAddress(true, 1, Bytes(96, 5)), small));
    PolicyOptions off;
    off.register_address = false;
    EXPECT_FALSE(IsStandardOutput(GetScriptForRegisterAddress(true, 0, Bytes(20, 5)), off));
}

// --- Dust ------------------------------------------------------------------------------------------

TEST(Policy, DustThreshold) {
    // P2PKH at 1000/kB: 3 × (33 + 9 + 1 + 1 + 25 + 148) = 3 × 217 = 651 (consensus.md §11.1).
    EXPECT_EQ(GetDustOutputSize(Out(P2PKH(), 0)), 69u);
    EXPECT_EQ(GetDustThreshold(Out(P2PKH(), 0), 1000), 651);
    EXPECT_TRUE(IsDust(Out(P2PKH(), 650), 1000));
    EXPECT_FALSE(IsDust(Out(P2PKH(), 651), 1000));
    // P2SH: 3 × (67 + 148) = 645; P2WPKH (witness program: + 67): 3 × (66 + 67) = 399; P2WSH 3 × (78 + 67).
    EXPECT_EQ(GetDustThreshold(Out(P2SH(), 0), 1000), 645);
    EXPECT_EQ(GetDustThreshold(Out(GetScriptForDestination(WitnessV0KeyHash(Hash20(1))), 0), 1000), 399);
    EXPECT_EQ(GetDustThreshold(Out(GetScriptForDestination(WitnessV0ScriptHash(AssetId(1))), 0), 1000), 435);
    // Other rates: 3000/kB triples; 1/kB rounds 0.217 up to 1 (Core's CFeeRate); 0 disables.
    EXPECT_EQ(GetDustThreshold(Out(P2PKH(), 0), 3000), 1953);
    EXPECT_EQ(GetDustThreshold(Out(P2PKH(), 0), 1), 3);
    EXPECT_EQ(GetDustThreshold(Out(P2PKH(), 0), 0), 0);
    EXPECT_FALSE(IsDust(Out(P2PKH(), 0), 0));
    // The nonce counts as encoded: a 33-byte nonce adds 32 bytes.
    TxOut with_nonce = Out(P2PKH(), 0);
    Bytes nonce(33, 0x44);
    nonce[0] = 0x02;
    ASSERT_TRUE(with_nonce.nonce.SetBytes(nonce));
    EXPECT_EQ(GetDustThreshold(with_nonce, 1000), 3 * (101 + 148));
}

TEST(Policy, DustExemptions) {
    // Fee outputs, confidential values and unspendable outputs are never dust.
    EXPECT_FALSE(IsDust(FeeOut(1), 1000));
    EXPECT_FALSE(IsDust(BlindedValueOut(P2PKH()), 1000));
    EXPECT_FALSE(IsDust(Out(GetScriptForNullData(Bytes(4, 1)), 0), 1000));
    EXPECT_FALSE(IsDust(Out(GetScriptForRegisterAddress(true, 0, Bytes(20, 1)), 0), 1000));
    EXPECT_EQ(GetDustThreshold(Out(GetScriptForNullData(Bytes(4, 1)), 0), 1000), 0);
    // An explicit value with a blinded asset is still checked.
    EXPECT_TRUE(IsDust(BlindedAssetOut(P2PKH(), 1), 1000));
    // Permitted bare multisig outputs are dust-checked like any spendable output.
    const Script ms = GetScriptForMultisig(1, PubKeys(2));
    EXPECT_TRUE(IsDust(Out(ms, 1), 1000));
}

// --- IsStandardTx ----------------------------------------------------------------------------------

TEST(Policy, StandardTxVersion) {
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1000)}, {}, 1)), "ok");
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1000)}, {}, 2)), "ok");
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1000)}, {}, 0)), "version");
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1000)}, {}, 3)), "version");
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1000)}, {}, -1)), "version");
}

// A standard transaction of exactly `size` bytes (no witness, so weight = 4 × size): 62 inputs whose
// push-only scriptSigs (runs of OP_1, 253..1650 bytes each) share the bytes needed to reach the size.
Transaction TxOfSize(size_t size) {
    constexpr size_t kInputs = 62;
    const Transaction empty = MakeTx({Out(P2PKH(), 1000)}, std::vector<TxIn>(kInputs, In(0)));
    // Each scriptSig of 253+ bytes adds its length plus 2 more CompactSize bytes.
    const size_t total = size - empty.GetTotalSize() - 2 * kInputs;
    std::vector<TxIn> vin;
    for (size_t i = 0; i < kInputs; ++i) {
        const size_t len = total / kInputs + (i < total % kInputs ? 1 : 0);
        EXPECT_GE(len, 253u);
        EXPECT_LE(len, kMaxStandardScriptSigSize);
        vin.push_back(In(static_cast<uint8_t>(i), Bytes(len, OP_1)));
    }
    return MakeTx({Out(P2PKH(), 1000)}, vin);
}

TEST(Policy, StandardTxWeight) {
    const Transaction below = TxOfSize(99999);
    EXPECT_EQ(below.GetTotalSize(), 99999u);
    EXPECT_EQ(below.GetWeight(), 399996u);
    EXPECT_EQ(Reason(below), "ok");
    const Transaction at = TxOfSize(100000);
    EXPECT_EQ(at.GetTotalSize(), 100000u);
    EXPECT_EQ(at.GetWeight(), 400000u);
    EXPECT_EQ(Reason(at), "tx-size");
}

TEST(Policy, StandardTxScriptSig) {
    const Bytes sig1650 = (Script() << Bytes(1647, 1)).bytes();  // PUSHDATA2: 3 + 1647
    const Bytes sig1651 = (Script() << Bytes(1648, 1)).bytes();
    ASSERT_EQ(sig1650.size(), 1650u);
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1000)}, {In(0, sig1650)})), "ok");
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1000)}, {In(0, sig1651)})), "scriptsig-size");
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1000)}, {In(0), In(1, (Script() << OP_DUP).bytes())})),
              "scriptsig-not-pushonly");
    EXPECT_EQ(
        Reason(MakeTx({Out(P2PKH(), 1000)}, {In(0, (Script() << OP_1 << OP_16 << Bytes(5, 1)).bytes())})),
        "ok");
}

TEST(Policy, StandardTxOutputs) {
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1000), Out(Script() << OP_TRUE, 1000)})), "scriptpubkey");
    EXPECT_EQ(Reason(MakeTx({Out(GetScriptForNullData(Bytes(81, 1)), 0)})), "scriptpubkey");
    EXPECT_EQ(Reason(MakeTx({Out(GetScriptForMultisig(1, PubKeys(4)), 1000)})), "scriptpubkey");

    // Bare multisig (plain and CLTV-locked) is standard unless -permitbaremultisig=0.
    const Script ms = GetScriptForMultisig(1, PubKeys(3));
    const Script locked = GetScriptForLockedMultisig(700, 1, PubKeys(2));
    PolicyOptions no_bare;
    no_bare.permit_bare_multisig = false;
    EXPECT_EQ(Reason(MakeTx({Out(ms, 1000)})), "ok");
    EXPECT_EQ(Reason(MakeTx({Out(locked, 1000)})), "ok");
    EXPECT_EQ(Reason(MakeTx({Out(ms, 1000)}), no_bare), "bare-multisig");
    EXPECT_EQ(Reason(MakeTx({Out(locked, 1000)}), no_bare), "bare-multisig");
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1000)}), no_bare), "ok");

    // Dust at exactly the threshold.
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 651)})), "ok");
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 650)})), "dust");
    PolicyOptions no_dust;
    no_dust.dust_relay_fee = 0;
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1)}), no_dust), "ok");
    // Fee, zero-value OP_RETURN, register-address and confidential outputs are exempt.
    EXPECT_EQ(Reason(MakeTx({Out(P2PKH(), 1000), FeeOut(1), Out(GetScriptForNullData(Bytes(8, 1)), 0),
                             Out(GetScriptForRegisterAddress(true, 1, Bytes(50, 2)), 0),
                             BlindedValueOut(P2PKH(2))})),
              "ok");

    // At most one OP_RETURN output.
    EXPECT_EQ(Reason(MakeTx(
                  {Out(GetScriptForNullData(Bytes(8, 1)), 0), Out(GetScriptForNullData(Bytes(8, 2)), 0)})),
              "multi-op-return");
    // The OP_RETURN count is checked after every output.
    EXPECT_EQ(Reason(MakeTx({Out(GetScriptForNullData(Bytes(8, 1)), 0),
                             Out(GetScriptForNullData(Bytes(8, 2)), 0), Out(P2PKH(), 1)})),
              "dust");
}

// --- Inputs and witnesses -------------------------------------------------------------------------

Script CheckSigs(int n) {
    Script s;
    for (int i = 0; i < n; ++i) s << OP_CHECKSIG;
    return s;
}

TEST(Policy, AreInputsStandard) {
    const Coin p2pkh = CoinFor(P2PKH());
    EXPECT_TRUE(AreInputsStandard(MakeTx({Out(P2PKH(), 1000)}), std::vector<Coin>{p2pkh}));
    // OP_TRUE coins (genesis free coins) are solvable; unsolvable ones are not standard to spend.
    EXPECT_TRUE(
        AreInputsStandard(MakeTx({Out(P2PKH(), 1000)}), std::vector<Coin>{CoinFor(Script() << OP_TRUE)}));
    EXPECT_FALSE(
        AreInputsStandard(MakeTx({Out(P2PKH(), 1000)}), std::vector<Coin>{CoinFor(Script() << OP_NOP)}));
    EXPECT_FALSE(AreInputsStandard(MakeTx({Out(P2PKH(), 1000)}, {In(0), In(1)}),
                                   std::vector<Coin>{p2pkh, CoinFor(Script() << OP_NOP)}));

    // P2SH: at most 15 sigops in the redeem script (accurate count).
    const auto spend_p2sh = [&](const Script& redeem) {
        const Coin coin = CoinFor(GetScriptForDestination(ScriptHash::FromScript(redeem)));
        const Transaction tx =
            MakeTx({Out(P2PKH(), 1000)}, {In(0, (Script() << OP_0 << redeem.bytes()).bytes())});
        return AreInputsStandard(tx, std::vector<Coin>{coin});
    };
    EXPECT_TRUE(spend_p2sh(CheckSigs(15)));
    EXPECT_FALSE(spend_p2sh(CheckSigs(16)));
    EXPECT_TRUE(spend_p2sh(GetScriptForMultisig(1, PubKeys(15))));  // 513 bytes, 15 sigops
    EXPECT_TRUE(spend_p2sh(Script() << OP_15 << OP_CHECKMULTISIG));
    EXPECT_FALSE(spend_p2sh(Script() << OP_16 << OP_CHECKMULTISIG));
    EXPECT_FALSE(spend_p2sh(CheckSigs(14) << OP_CHECKMULTISIG));  // not accurate without OP_n: 14 + 20
    // An empty scriptSig leaves no redeem script; a failing one does not evaluate.
    const Coin p2sh = CoinFor(P2SH());
    EXPECT_FALSE(AreInputsStandard(MakeTx({Out(P2PKH(), 1000)}), std::vector<Coin>{p2sh}));
    EXPECT_FALSE(AreInputsStandard(MakeTx({Out(P2PKH(), 1000)}, {In(0, (Script() << OP_RETURN).bytes())}),
                                   std::vector<Coin>{p2sh}));
    // Coins must match the inputs.
    EXPECT_FALSE(AreInputsStandard(MakeTx({Out(P2PKH(), 1000)}), std::vector<Coin>{}));
    // A coinbase is always standard.
    TxIn cb;
    cb.script_sig = {0x01, 0x01};
    EXPECT_TRUE(AreInputsStandard(MakeTx({Out(P2PKH(), 1000)}, {cb}), std::vector<Coin>{}));
}

TEST(Policy, IsWitnessStandard) {
    const Script witness_script = Script() << Bytes(3597, 0x61) << OP_DROP;  // PUSHDATA2 3597 + DROP
    ASSERT_EQ(witness_script.size(), 3601u);
    const Script ws3600 = Script() << Bytes(3596, 0x61) << OP_DROP;
    ASSERT_EQ(ws3600.size(), 3600u);

    const auto check = [](const Script& spent_script, std::vector<Bytes> witness, Bytes script_sig = {}) {
        TxIn in = In(0, std::move(script_sig));
        in.witness.script_witness = std::move(witness);
        const Transaction tx = MakeTx({Out(P2PKH(), 1000)}, {in});
        return IsWitnessStandard(tx, std::vector<Coin>{CoinFor(spent_script)});
    };
    const auto p2wsh = [](const Script& ws) {
        return GetScriptForDestination(WitnessV0ScriptHash::FromScript(ws));
    };
    const auto stack = [](size_t items, size_t item_size, const Script& ws) {
        std::vector<Bytes> w(items, Bytes(item_size, 1));
        w.push_back(ws.bytes());
        return w;
    };

    EXPECT_TRUE(check(p2wsh(ws3600), stack(100, 80, ws3600)));
    EXPECT_FALSE(check(p2wsh(ws3600), stack(101, 80, ws3600)));
    EXPECT_FALSE(check(p2wsh(ws3600), stack(100, 81, ws3600)));
    EXPECT_FALSE(check(p2wsh(witness_script), stack(1, 1, witness_script)));
    // P2SH-wrapped P2WSH: the same limits, the program taken from the scriptSig.
    const Script program = p2wsh(ws3600);
    const Script wrapped = GetScriptForDestination(ScriptHash::FromScript(program));
    const Bytes push_program = (Script() << program.bytes()).bytes();
    EXPECT_TRUE(check(wrapped, stack(100, 80, ws3600), push_program));
    EXPECT_FALSE(check(wrapped, stack(100, 81, ws3600), push_program));
    EXPECT_FALSE(check(wrapped, stack(1, 1, ws3600)));  // no program in the scriptSig
    // P2WPKH has no extra limits; a witness on a non-witness spend is non-standard.
    const Script p2wpkh = GetScriptForDestination(WitnessV0KeyHash(Hash20(1)));
    EXPECT_TRUE(check(p2wpkh, {Bytes(200, 1), Bytes(33, 2)}));
    EXPECT_FALSE(check(P2PKH(), {Bytes(72, 1)}));
    const Script p2sh_non_witness = GetScriptForDestination(ScriptHash::FromScript(Script() << OP_TRUE));
    EXPECT_FALSE(check(p2sh_non_witness, {Bytes(1, 1)}, (Script() << (Script() << OP_TRUE).bytes()).bytes()));
    // Inputs without a script witness are not examined.
    EXPECT_TRUE(check(P2PKH(), {}));
    EXPECT_FALSE(IsWitnessStandard(MakeTx({Out(P2PKH(), 1000)}), std::vector<Coin>{}));
}

TEST(Policy, VirtualSize) {
    EXPECT_EQ(GetVirtualTransactionSize(0, 0), 0);
    EXPECT_EQ(GetVirtualTransactionSize(1, 0), 1);
    EXPECT_EQ(GetVirtualTransactionSize(400, 0), 100);
    EXPECT_EQ(GetVirtualTransactionSize(401, 0), 101);
    EXPECT_EQ(GetVirtualTransactionSize(403, 0), 101);
    EXPECT_EQ(GetVirtualTransactionSize(400, 20), 100);  // 20 × 20 = 400
    EXPECT_EQ(GetVirtualTransactionSize(400, 21), 105);  // 420 / 4
    EXPECT_EQ(GetVirtualTransactionSize(400, 30), 150);
    EXPECT_EQ(GetVirtualTransactionSize(400, 30, 10), 100);
    EXPECT_EQ(GetFeeForSize(1000, 217), 217);
    EXPECT_EQ(GetFeeForSize(1000, 0), 0);
    EXPECT_EQ(GetFeeForSize(10, 1), 1);
    EXPECT_EQ(GetFeeForSize(-10, 1), -1);
}

// --- Examined fee ------------------------------------------------------------------------------------

TEST(Policy, ExaminedFeeTakesLowestInternalAsset) {
    // a < b in internal byte order, but b < a in display order.
    Bytes raw_a(32, 0), raw_b(32, 0);
    raw_a[0] = 0x01;
    raw_a[31] = 0xff;
    raw_b[0] = 0x02;
    const uint256 a{ByteSpan(raw_a)}, b{ByteSpan(raw_b)};
    ASSERT_LT(a, b);
    ASSERT_GT(a.ToHex(), b.ToHex());

    const Transaction tx = MakeTx({Out(P2PKH(), 1000, b), FeeOut(300, b), FeeOut(20, a), FeeOut(22, a)});
    const Result<ExaminedFee> fee = GetExaminedFee(tx);
    ASSERT_TRUE(fee.ok());
    EXPECT_EQ(fee->asset, a);
    EXPECT_EQ(fee->amount, 42);

    const Result<ExaminedFee> one = GetExaminedFee(MakeTx({Out(P2PKH(), 1000, a), FeeOut(300, b)}));
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(one->asset, b);
    EXPECT_EQ(one->amount, 300);
}

TEST(Policy, ExaminedFeeWithoutFeeOutputs) {
    const Result<ExaminedFee> zero = GetExaminedFee(MakeTx({Out(P2PKH(), 1000, AssetId(9)), Out(P2SH(), 5)}));
    ASSERT_TRUE(zero.ok());
    EXPECT_EQ(zero->asset, AssetId(9));
    EXPECT_EQ(zero->amount, 0);

    // Ocean asserts here; we report an error.
    const Result<ExaminedFee> blinded =
        GetExaminedFee(MakeTx({BlindedAssetOut(P2PKH(), 1000), Out(P2SH(), 5)}));
    ASSERT_FALSE(blinded.ok());
    EXPECT_EQ(blinded.error().code, "bad-txns-fee-asset");
    // A fee output makes vout[0]'s asset irrelevant.
    const Result<ExaminedFee> with_fee = GetExaminedFee(MakeTx({BlindedAssetOut(P2PKH(), 1000), FeeOut(7)}));
    ASSERT_TRUE(with_fee.ok());
    EXPECT_EQ(with_fee->amount, 7);
    // An empty-script output with a blinded value is not a fee output.
    const Result<ExaminedFee> blinded_fee =
        GetExaminedFee(MakeTx({BlindedAssetOut(P2PKH(), 1000), BlindedValueOut(Script())}));
    EXPECT_FALSE(blinded_fee.ok());
    EXPECT_EQ(GetExaminedFee(MakeTx({})).error().code, "bad-txns-fee-asset");
}

// --- Classification and fixed fee ------------------------------------------------------------------

const std::string kScheduledAsset(64, '4');

ChainParams PolicyParams() {
    auto p = ChainParams::FromOptions({{"policycoins", "100"},
                                       {"freezelistcoinsdestination", "51"},
                                       {"whitelistcoinsdestination", "51"},
                                       {"issuancecoinsdestination", "51"},
                                       {"freezelistassetchange", kScheduledAsset + ":10"}},
                                      ContractTexts{});
    EXPECT_TRUE(p.ok()) << p.error().ToString();
    return std::move(p).value();
}

class PolicyFixedFee : public ::testing::Test {
  protected:
    void SetUp() override {
        params_ = PolicyParams();
        ASSERT_TRUE(params_.genesis_assets.freezelist && params_.genesis_assets.whitelist);
        freeze_ = *params_.genesis_assets.freezelist;
        white_ = *params_.genesis_assets.whitelist;
        options_.fixed_tx_fee = 100000;
    }
    std::optional<std::string> Check(const Transaction& tx, std::vector<Coin> spent = {}, int height = 5) {
        if (spent.empty()) spent.assign(tx.vin.size(), CoinFor(P2PKH(9)));
        return CheckFixedFee(tx, spent, params_, height, options_);
    }

    ChainParams params_;
    uint256 freeze_, white_;
    PolicyOptions options_;
};

TEST_F(PolicyFixedFee, Classification) {
    // IsAllBurn: only OP_RETURN data; a fee output breaks it.
    const Script burn = GetScriptForNullData(Bytes(4, 1));
    EXPECT_TRUE(IsAllBurn(MakeTx({Out(burn, 5), Out(Script() << OP_RETURN, 0)})));
    EXPECT_FALSE(IsAllBurn(MakeTx({Out(burn, 5), FeeOut(1)})));
    EXPECT_FALSE(
        IsAllBurn(MakeTx({Out(burn, 5), Out(GetScriptForRegisterAddress(true, 0, Bytes(3, 1)), 0)})));
    EXPECT_FALSE(IsAllBurn(MakeTx({Out(burn, 5), Out(Script() << OP_RETURN << OP_NOP, 0)})));

    // IsPolicyTx: any output in a policy asset in force at the height (schedules included).
    const uint256 scheduled = uint256::FromHex(kScheduledAsset);
    EXPECT_TRUE(IsPolicyTx(MakeTx({Out(P2PKH(), 1000), Out(P2PKH(), 0, white_)}), params_, 5));
    EXPECT_TRUE(IsPolicyTx(MakeTx({Out(P2PKH(), 1000, *params_.genesis_assets.issuance)}), params_, 5));
    EXPECT_TRUE(IsPolicyTx(MakeTx({Out(P2PKH(), 1000, freeze_)}), params_, 9));
    EXPECT_FALSE(IsPolicyTx(MakeTx({Out(P2PKH(), 1000, freeze_)}), params_, 10));
    EXPECT_FALSE(IsPolicyTx(MakeTx({Out(P2PKH(), 1000, scheduled)}), params_, 9));
    EXPECT_TRUE(IsPolicyTx(MakeTx({Out(P2PKH(), 1000, scheduled)}), params_, 10));
    EXPECT_FALSE(IsPolicyTx(MakeTx({Out(P2PKH(), 1000), FeeOut(5)}), params_, 5));
    EXPECT_FALSE(IsPolicyTx(MakeTx({BlindedAssetOut(P2PKH(), 1000)}), params_, 5));
    // The zero asset is never a policy asset, even for lists genesis did not issue.
    EXPECT_FALSE(IsPolicyTx(MakeTx({Out(burn, 0, uint256())}), params_, 5));
    EXPECT_EQ(PolicyAssetsAt(params_, 5).size(), 3u);
    EXPECT_TRUE(IsAllPolicyTx(MakeTx({Out(P2PKH(), 1, white_), Out(P2PKH(), 1, freeze_)}), params_, 5));
    EXPECT_FALSE(IsAllPolicyTx(MakeTx({Out(P2PKH(), 1, white_), FeeOut(1)}), params_, 5));

    // Input 0 issuance.
    TxIn issuing = In(0);
    issuing.issuance.amount.SetExplicit(1000);
    EXPECT_TRUE(Input0HasIssuance(MakeTx({Out(P2PKH(), 1000)}, {issuing, In(1)})));
    EXPECT_FALSE(Input0HasIssuance(MakeTx({Out(P2PKH(), 1000)}, {In(1), issuing})));

    // IsRedemption: a P2PKH to the zero hash, unless an unsolvable output comes first.
    const Script zero = P2PKH(0);
    EXPECT_TRUE(IsRedemption(MakeTx({Out(zero, 0), Out(P2PKH(), 1000)})));
    EXPECT_TRUE(IsRedemption(MakeTx({FeeOut(1), Out(P2SH(), 1000), Out(zero, 0)})));
    EXPECT_FALSE(IsRedemption(MakeTx({Out(Script() << OP_NOP, 0), Out(zero, 0)})));
    EXPECT_FALSE(IsRedemption(MakeTx({Out(P2SH(0), 0)})));
}

TEST_F(PolicyFixedFee, ExactFee) {
    options_.fixed_tx_fee = 0;
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000)})), std::nullopt);  // off
    options_.fixed_tx_fee = 100000;
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000), FeeOut(100000)})), std::nullopt);
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000), FeeOut(99999)})), "incorrect transaction fee");
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000), FeeOut(100001)})), "incorrect transaction fee");
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000), FeeOut(50000), FeeOut(50000)})), std::nullopt);
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000)})), "incorrect transaction fee");
    // Only the first fee asset counts, whatever it is.
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000), FeeOut(100000, AssetId(0x01)), FeeOut(5, AssetId(0x02))})),
              std::nullopt);
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000), FeeOut(5, AssetId(0x01)), FeeOut(100000, AssetId(0x02))})),
              "incorrect transaction fee");
    // Unexaminable fee: blinded vout[0] asset and no fee output.
    EXPECT_EQ(Check(MakeTx({BlindedAssetOut(P2PKH(), 1000)})), "bad-txns-fee-asset");
    EXPECT_EQ(CheckExactFixedFee(MakeTx({Out(P2PKH(), 1000)}), std::vector<Coin>{CoinFor(P2PKH())}, params_,
                                 5, options_),
              "incorrect transaction fee");
}

TEST_F(PolicyFixedFee, Exemptions) {
    // vin[0] issuance (not another input's).
    TxIn issuing = In(0);
    issuing.issuance.amount.SetExplicit(1000);
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000)}, {issuing, In(1)})), std::nullopt);
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000)}, {In(1), issuing})), "incorrect transaction fee");
    // All-burn (no fee output at all).
    EXPECT_EQ(Check(MakeTx({Out(GetScriptForNullData(Bytes(4, 1)), 1000)})), std::nullopt);
    EXPECT_EQ(Check(MakeTx({Out(GetScriptForNullData(Bytes(4, 1)), 1000), FeeOut(1)})),
              "incorrect transaction fee");
    // Policy transactions.
    const Script policy_out = GetScriptForPolicyMultisig(PubKeyBytes(1), Hash20(7));
    // Exempt only when the transaction spends the policy asset it outputs (IsAuthorisedPolicyTx):
    // an output of a policy asset alone, e.g. a zero-value one anyone can create, exempts nothing.
    const std::vector<Coin> freeze_coin{Coin(Out(P2PKH(9), 100000, freeze_), 1, false)};
    EXPECT_EQ(Check(MakeTx({Out(policy_out, 1, freeze_), Out(P2PKH(), 1000)}), freeze_coin), std::nullopt);
    EXPECT_EQ(Check(MakeTx({Out(policy_out, 0, freeze_), Out(P2PKH(), 1000)})), "incorrect transaction fee");
    EXPECT_EQ(Check(MakeTx({Out(policy_out, 1, freeze_), Out(P2PKH(), 1000)}), freeze_coin, 10),
              "incorrect transaction fee");  // the freezelist asset was replaced at height 10
    // Redemptions.
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(0), 0), Out(P2PKH(), 1000)})), std::nullopt);
    // Coinbase spends.
    const Transaction plain = MakeTx({Out(P2PKH(), 1000)}, {In(0), In(1)});
    EXPECT_EQ(Check(plain, {CoinFor(P2PKH()), CoinFor(P2PKH(), true)}), std::nullopt);
    EXPECT_EQ(Check(plain, {CoinFor(P2PKH()), CoinFor(P2PKH())}), "incorrect transaction fee");
    EXPECT_TRUE(IsFeeExempt(plain, std::vector<Coin>{CoinFor(P2PKH(), true), CoinFor(P2PKH())}, params_, 5));
    // Exempt transactions are never examined, so a blinded vout[0] is fine for them.
    EXPECT_EQ(Check(MakeTx({BlindedAssetOut(P2PKH(), 1000)}, {issuing})), std::nullopt);
}

TEST_F(PolicyFixedFee, SplitOutputsSpam) {
    const Script data = GetScriptForNullData(Bytes(4, 1));
    const Script unsolvable = Script() << OP_NOP;
    const TxOut fee = FeeOut(100000);
    // More than two OP_RETURN or unsolvable outputs.
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000), Out(data, 0), Out(data, 0), fee})), std::nullopt);
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000), Out(data, 0), Out(data, 0), Out(data, 0), fee})),
              "split-outputs-spam");
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(), 1000), Out(data, 0), Out(unsolvable, 0), Out(unsolvable, 0), fee})),
              "split-outputs-spam");
    // Two P2PKH/P2SH outputs paying the same hash in the same asset.
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(1), 1000), Out(P2PKH(2), 1000), fee})), std::nullopt);
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(1), 1000), Out(P2PKH(1), 2000), fee})), "split-outputs-spam");
    EXPECT_EQ(Check(MakeTx({Out(P2SH(3), 1000), Out(P2SH(3), 2000), fee})), "split-outputs-spam");
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(1), 1000), Out(P2PKH(1), 2000, AssetId(5)), fee})), std::nullopt);
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(1), 1000), Out(P2SH(1), 2000), fee})),
              "split-outputs-spam");  // same hash
    // Other output types are not compared.
    const Script p2pk = GetScriptForRawPubKey(PubKeyBytes(3));
    EXPECT_EQ(Check(MakeTx({Out(p2pk, 1000), Out(p2pk, 1000), fee})), std::nullopt);
    // The spam rule comes before the fee rule and applies to fee-exempt transactions too.
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(1), 1000), Out(P2PKH(1), 2000)})), "split-outputs-spam");
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(0), 0), Out(P2PKH(1), 1000), Out(P2PKH(1), 2000)})),
              "split-outputs-spam");
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(1), 1000), Out(P2PKH(1), 2000), Out(P2PKH(2), 1, freeze_)})),
              "split-outputs-spam");
    // Exempt: all-burn and all-policy transactions.
    EXPECT_EQ(Check(MakeTx({Out(data, 1), Out(data, 2), Out(data, 3), Out(data, 4)})), std::nullopt);
    // (spending the policy asset, which also exempts it from the exact fee)
    EXPECT_EQ(Check(MakeTx({Out(P2PKH(1), 1, freeze_), Out(P2PKH(1), 2, freeze_)}),
                    {Coin(Out(P2PKH(9), 3, freeze_), 1, false)}),
              std::nullopt);
    // Off without a fixed fee.
    options_.fixed_tx_fee = 0;
    EXPECT_EQ(CheckSplitOutputsSpam(MakeTx({Out(P2PKH(1), 1000), Out(P2PKH(1), 2000)}), params_, 5, options_),
              std::nullopt);
}

}  // namespace
}  // namespace ocean
