// Input signing (sign.h): every supported template is signed and then verified by the interpreter
// with the mempool's flags; sighash types keep their meaning (what a signature does not commit to may
// change afterwards); partial multisig signatures from separate passes combine.
#include "ocean/script/sign.h"

#include <gtest/gtest.h>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/sha256.h"
#include "ocean/script/standard.h"

namespace ocean {
namespace {

Key KeyFromByte(uint8_t b, bool compressed = true) {
    Bytes secret(32, 0);
    secret[31] = b;
    secret[0] = 0x11;
    return *Key::FromBytes(secret, compressed);
}

TxOut Out(Amount value, const Script& spk) {
    TxOut o;
    o.asset = ConfidentialAsset(uint256::FromHex(std::string(63, '0') + "1"));
    o.value = ConfidentialValue(value);
    o.script_pubkey = spk.bytes();
    return o;
}

// A transaction with `inputs` inputs and two outputs.
MutableTransaction Spend(size_t inputs = 1) {
    MutableTransaction tx;
    for (size_t i = 0; i < inputs; ++i) {
        TxIn in;
        in.prevout = OutPoint(uint256::FromHex(std::string(62, '0') + "a" + std::to_string(i)), 1);
        tx.vin.push_back(in);
    }
    tx.vout.push_back(Out(40'000, GetScriptForDestination(PKHash(KeyFromByte(90).GetPubKey().GetID()))));
    tx.vout.push_back(Out(50'000, GetScriptForDestination(PKHash(KeyFromByte(91).GetPubKey().GetID()))));
    return tx;
}

const ConfidentialValue kAmount(100'000);

// Signs input 0 with `provider` and checks complete + interpreter success under standard flags.
void ExpectSignsAndVerifies(const Script& spk, const SigningProvider& provider,
                            int32_t hash_type = SIGHASH_ALL) {
    MutableTransaction tx = Spend();
    EXPECT_TRUE(SignInput(tx, 0, spk, kAmount, provider, hash_type));
    EXPECT_EQ(VerifyInput(tx, 0, spk, kAmount, kStandardScriptVerifyFlags), std::nullopt);
    // Wrong amount: only witness signatures commit to it.
    const auto wrong = VerifyInput(tx, 0, spk, ConfidentialValue(100'001), kStandardScriptVerifyFlags);
    const bool witness = !tx.vin[0].witness.script_witness.empty();
    EXPECT_EQ(wrong.has_value(), witness);
}

TEST(Sign, ParseSigHashType) {
    EXPECT_EQ(ParseSigHashType("ALL"), SIGHASH_ALL);
    EXPECT_EQ(ParseSigHashType("NONE|ANYONECANPAY"), SIGHASH_NONE | SIGHASH_ANYONECANPAY);
    EXPECT_EQ(ParseSigHashType("SINGLE|ANYONECANPAY"), 0x83);
    EXPECT_EQ(ParseSigHashType("all"), std::nullopt);
    EXPECT_EQ(ParseSigHashType("ANYONECANPAY"), std::nullopt);
    EXPECT_EQ(ParseSigHashType(""), std::nullopt);
}

TEST(Sign, PushAllIsMinimal) {
    const Script s = PushAll({Bytes(), Bytes{5}, Bytes{0x81}, Bytes{17}, Bytes{0, 1}});
    EXPECT_EQ(s.ToHex(), "00554f0111020001");
}

TEST(Sign, PayToPubKeyHashCompressedAndUncompressed) {
    for (bool compressed : {true, false}) {
        const Key key = KeyFromByte(1, compressed);
        SigningProvider p;
        p.AddKey(key);
        ExpectSignsAndVerifies(GetScriptForDestination(PKHash(key.GetPubKey().GetID())), p);
    }
}

TEST(Sign, PayToPubKey) {
    const Key key = KeyFromByte(2);
    SigningProvider p;
    p.AddKey(key);
    ExpectSignsAndVerifies(GetScriptForRawPubKey(key.GetPubKey().span()), p);
    // The uncompressed form of the same secret is a different key: nothing to sign with.
    const Key other = KeyFromByte(2, false);
    MutableTransaction tx = Spend();
    EXPECT_FALSE(SignInput(tx, 0, GetScriptForRawPubKey(other.GetPubKey().span()), kAmount, p, SIGHASH_ALL));
}

TEST(Sign, OpTrueNeedsNothing) {
    MutableTransaction tx = Spend();
    const Script spk(Bytes{OP_TRUE});
    EXPECT_TRUE(SignInput(tx, 0, spk, kAmount, SigningProvider(), SIGHASH_ALL));
    EXPECT_TRUE(tx.vin[0].script_sig.empty());
    EXPECT_EQ(VerifyInput(tx, 0, spk, kAmount, kStandardScriptVerifyFlags), std::nullopt);
}

std::vector<Bytes> ThreeKeys() {
    return {KeyFromByte(3).GetPubKey().ToBytes(), KeyFromByte(4).GetPubKey().ToBytes(),
            KeyFromByte(5).GetPubKey().ToBytes()};
}

TEST(Sign, BareMultisigAndPolicyOneOfTwo) {
    SigningProvider p;
    p.AddKey(KeyFromByte(3));
    p.AddKey(KeyFromByte(5));
    ExpectSignsAndVerifies(GetScriptForMultisig(2, ThreeKeys()), p);
    // Ocean's policy output: the admin key signs alone; the second "key" carries an address.
    SigningProvider admin;
    admin.AddKey(KeyFromByte(6));
    ExpectSignsAndVerifies(
        GetScriptForPolicyMultisig(KeyFromByte(6).GetPubKey().span(), KeyFromByte(7).GetPubKey().GetID()),
        admin);
}

TEST(Sign, PayToScriptHash) {
    const Key key = KeyFromByte(8);
    const Script multisig = GetScriptForMultisig(2, ThreeKeys());
    const Script p2pkh = GetScriptForDestination(PKHash(key.GetPubKey().GetID()));
    SigningProvider p;
    p.AddKey(KeyFromByte(3));
    p.AddKey(KeyFromByte(4));
    p.AddKey(key);
    p.AddScript(multisig);
    p.AddScript(p2pkh);
    ExpectSignsAndVerifies(GetScriptForDestination(ScriptHash::FromScript(multisig)), p);
    ExpectSignsAndVerifies(GetScriptForDestination(ScriptHash::FromScript(p2pkh)), p);
    // Without the redeem script there is nothing to do.
    MutableTransaction tx = Spend();
    SigningProvider keys_only;
    keys_only.AddKey(key);
    EXPECT_FALSE(SignInput(tx, 0, GetScriptForDestination(ScriptHash::FromScript(p2pkh)), kAmount, keys_only,
                           SIGHASH_ALL));
}

TEST(Sign, WitnessTemplates) {
    const Key key = KeyFromByte(9);
    const Script p2wpkh = GetScriptForDestination(WitnessV0KeyHash(key.GetPubKey().GetID()));
    const Script multisig = GetScriptForMultisig(2, ThreeKeys());
    const Script p2wsh = GetScriptForDestination(WitnessV0ScriptHash::FromScript(multisig));
    SigningProvider p;
    p.AddKey(key);
    p.AddKey(KeyFromByte(4));
    p.AddKey(KeyFromByte(5));
    p.AddScript(multisig);
    p.AddScript(p2wpkh);
    p.AddScript(p2wsh);
    ExpectSignsAndVerifies(p2wpkh, p);
    ExpectSignsAndVerifies(p2wsh, p);
    ExpectSignsAndVerifies(GetScriptForDestination(ScriptHash::FromScript(p2wpkh)), p);
    ExpectSignsAndVerifies(GetScriptForDestination(ScriptHash::FromScript(p2wsh)), p);

    // P2SH-P2WPKH: the scriptSig is only the push of the program, the signature is in the witness.
    MutableTransaction tx = Spend();
    const Script wrapped = GetScriptForDestination(ScriptHash::FromScript(p2wpkh));
    ASSERT_TRUE(SignInput(tx, 0, wrapped, kAmount, p, SIGHASH_ALL));
    EXPECT_EQ(tx.vin[0].script_sig, PushAll({p2wpkh.bytes()}).bytes());
    EXPECT_EQ(tx.vin[0].witness.script_witness.size(), 2u);
}

TEST(Sign, WitnessSignatureCommitsToTheConfidentialValue) {
    const Key key = KeyFromByte(10);
    const Script p2wpkh = GetScriptForDestination(WitnessV0KeyHash(key.GetPubKey().GetID()));
    SigningProvider p;
    p.AddKey(key);
    ConfidentialValue commitment;
    Bytes c(33, 0x5a);
    c[0] = 0x08;
    ASSERT_TRUE(commitment.SetBytes(c));
    MutableTransaction tx = Spend();
    ASSERT_TRUE(SignInput(tx, 0, p2wpkh, commitment, p, SIGHASH_ALL));
    EXPECT_EQ(VerifyInput(tx, 0, p2wpkh, commitment, kStandardScriptVerifyFlags), std::nullopt);
    c[5] ^= 1;
    ConfidentialValue other;
    ASSERT_TRUE(other.SetBytes(c));
    EXPECT_EQ(VerifyInput(tx, 0, p2wpkh, other, kStandardScriptVerifyFlags), ScriptError::kSigNullFail);
}

// What each hash type leaves free: signing input 0 of a two-input transaction, then changing parts.
TEST(Sign, SigHashTypes) {
    const Key key = KeyFromByte(11);
    for (bool witness : {false, true}) {
        const Script spk = witness ? GetScriptForDestination(WitnessV0KeyHash(key.GetPubKey().GetID()))
                                   : GetScriptForDestination(PKHash(key.GetPubKey().GetID()));
        SigningProvider p;
        p.AddKey(key);
        for (int32_t base : {SIGHASH_ALL, SIGHASH_NONE, SIGHASH_SINGLE}) {
            for (int32_t acp : {0, static_cast<int32_t>(SIGHASH_ANYONECANPAY)}) {
                const int32_t type = base | acp;
                SCOPED_TRACE(testing::Message() << "type " << type << " witness " << witness);
                MutableTransaction tx = Spend(2);
                ASSERT_TRUE(SignInput(tx, 0, spk, kAmount, p, type));
                const Bytes sig =
                    witness ? tx.vin[0].witness.script_witness[0] : Script(tx.vin[0].script_sig).bytes();
                ASSERT_FALSE(sig.empty());
                EXPECT_EQ(VerifyInput(tx, 0, spk, kAmount, kStandardScriptVerifyFlags), std::nullopt);

                MutableTransaction other_output = tx;  // output 1 changed
                other_output.vout[1].value = ConfidentialValue(1);
                EXPECT_EQ(!VerifyInput(other_output, 0, spk, kAmount, kStandardScriptVerifyFlags).has_value(),
                          base != SIGHASH_ALL);
                MutableTransaction own_output = tx;  // output 0 changed
                own_output.vout[0].value = ConfidentialValue(1);
                EXPECT_EQ(!VerifyInput(own_output, 0, spk, kAmount, kStandardScriptVerifyFlags).has_value(),
                          base == SIGHASH_NONE);
                MutableTransaction other_sequence = tx;  // the other input's sequence changed
                other_sequence.vin[1].sequence = 7;
                EXPECT_EQ(
                    !VerifyInput(other_sequence, 0, spk, kAmount, kStandardScriptVerifyFlags).has_value(),
                    base != SIGHASH_ALL || acp != 0);
                MutableTransaction more_inputs = tx;  // one more input
                more_inputs.vin.push_back(tx.vin[1]);
                more_inputs.vin.back().prevout.n = 9;
                EXPECT_EQ(!VerifyInput(more_inputs, 0, spk, kAmount, kStandardScriptVerifyFlags).has_value(),
                          acp != 0);
            }
        }
    }
}

TEST(Sign, SingleWithoutMatchingOutputIsNotSigned) {
    const Key key = KeyFromByte(12);
    const Script spk = GetScriptForDestination(PKHash(key.GetPubKey().GetID()));
    SigningProvider p;
    p.AddKey(key);
    MutableTransaction tx = Spend(3);
    EXPECT_FALSE(SignInput(tx, 2, spk, kAmount, p, SIGHASH_SINGLE));
    EXPECT_TRUE(tx.vin[2].script_sig.empty());
    EXPECT_TRUE(SignInput(tx, 1, spk, kAmount, p, SIGHASH_SINGLE));
}

TEST(Sign, PartialMultisigCombinesAcrossPasses) {
    for (bool witness : {false, true}) {
        SCOPED_TRACE(witness);
        const Script multisig = GetScriptForMultisig(2, ThreeKeys());
        const Script spk = witness ? GetScriptForDestination(WitnessV0ScriptHash::FromScript(multisig))
                                   : GetScriptForDestination(ScriptHash::FromScript(multisig));
        MutableTransaction tx = Spend();

        SigningProvider first;  // the third key
        first.AddKey(KeyFromByte(5));
        first.AddScript(multisig);
        EXPECT_FALSE(SignInput(tx, 0, spk, kAmount, first, SIGHASH_ALL));
        EXPECT_TRUE(VerifyInput(tx, 0, spk, kAmount, kStandardScriptVerifyFlags).has_value());

        // The second signer has the first key and finds the redeem script in the input.
        SigningProvider second;
        second.AddKey(KeyFromByte(3));
        EXPECT_TRUE(SignInput(tx, 0, spk, kAmount, second, SIGHASH_ALL));
        EXPECT_EQ(VerifyInput(tx, 0, spk, kAmount, kStandardScriptVerifyFlags), std::nullopt);

        // Signing again with no keys keeps the complete set.
        EXPECT_TRUE(SignInput(tx, 0, spk, kAmount, SigningProvider(), SIGHASH_ALL));
        EXPECT_EQ(VerifyInput(tx, 0, spk, kAmount, kStandardScriptVerifyFlags), std::nullopt);
    }
}

TEST(Sign, InvalidExistingSignaturesAreDropped) {
    const Script multisig = GetScriptForMultisig(2, ThreeKeys());
    const Script spk = GetScriptForDestination(ScriptHash::FromScript(multisig));
    MutableTransaction tx = Spend();
    SigningProvider first;
    first.AddKey(KeyFromByte(4));
    first.AddScript(multisig);
    EXPECT_FALSE(SignInput(tx, 0, spk, kAmount, first, SIGHASH_ALL));
    // Change what the signature committed to: the old signature no longer verifies.
    tx.vout[0].value = ConfidentialValue(39'999);
    SigningProvider second;
    second.AddKey(KeyFromByte(5));
    EXPECT_FALSE(SignInput(tx, 0, spk, kAmount, second, SIGHASH_ALL));
    second.AddKey(KeyFromByte(4));
    EXPECT_TRUE(SignInput(tx, 0, spk, kAmount, second, SIGHASH_ALL));
    EXPECT_EQ(VerifyInput(tx, 0, spk, kAmount, kStandardScriptVerifyFlags), std::nullopt);
}

TEST(Sign, UnknownTemplateIsLeftAlone) {
    MutableTransaction tx = Spend();
    tx.vin[0].script_sig = Bytes{0x51};
    const Script spk(Bytes{OP_2, OP_EQUAL});
    EXPECT_FALSE(SignInput(tx, 0, spk, kAmount, SigningProvider(), SIGHASH_ALL));
    EXPECT_EQ(tx.vin[0].script_sig, Bytes{0x51});
    EXPECT_EQ(VerifyInput(tx, 0, spk, kAmount, kStandardScriptVerifyFlags), ScriptError::kEvalFalse);
}

}  // namespace
}  // namespace ocean
