// Helpers shared by the consensus tests: chain parameters from option strings, a small signed chain
// builder (blocks with a coinbase, witness commitment and a signed proof) and transaction builders.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "../vectors.h"
#include "ocean/consensus/block_check.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/crypto/key.h"
#include "ocean/crypto/sha256.h"
#include "ocean/primitives/merkle.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"
#include "ocean/util/strings.h"

namespace ocean::test {

using OptionList = std::vector<std::pair<std::string, std::string>>;

// "-name=value" strings as a config file or command line gives them.
inline OptionList OptionsFromArgs(const std::vector<std::string>& args) {
    OptionList out;
    for (const std::string& a : args) out.push_back(SplitOptionArg(a));
    return out;
}

// The "-..." lines of a config.txt vector.
inline std::vector<std::string> ReadConfigArgs(const std::string& rel) {
    std::vector<std::string> args;
    for (const std::string& line : Split(ReadText(rel), '\n')) {
        const std::string t = Trim(line);
        if (!t.empty() && t[0] == '-') args.push_back(t);
    }
    return args;
}

inline ChainParams ParamsFromArgs(const std::vector<std::string>& args, const ContractTexts& texts = {}) {
    auto r = ChainParams::FromOptions(OptionsFromArgs(args), texts);
    if (!r) {
        ADD_FAILURE() << r.error().ToString();
        return ChainParams();
    }
    return std::move(*r);
}

inline Key KeyFromByte(uint8_t b) {
    Bytes secret(32, 0);
    secret[31] = b;
    return *Key::FromBytes(secret);
}

inline Bytes P2PKH(const Key& k) {
    Script s;
    s << OP_DUP << OP_HASH160 << k.GetPubKey().GetID() << OP_EQUALVERIFY << OP_CHECKSIG;
    return s.bytes();
}

inline TxOut ExplicitOut(const uint256& asset, Amount v, Bytes spk) {
    TxOut o;
    o.asset.SetExplicit(asset);
    o.value.SetExplicit(v);
    o.script_pubkey = std::move(spk);
    return o;
}

// A 1-of-1 multisig signing key and the chain options of a small test chain that uses it.
struct TestChain {
    Key signer = KeyFromByte(7);
    Key coinbase_key = KeyFromByte(9);
    ChainParams params;
    Block tip;
    std::vector<uint32_t> times;  // nTime by height

    explicit TestChain(std::vector<std::string> extra = {}) {
        const Bytes challenge = Challenge();
        std::vector<std::string> args = {"-chain=consensus_unit", "-signblockscript=" + HexStr(challenge),
                                         "-initialfreecoins=2100000000000000"};
        for (auto& e : extra) args.push_back(std::move(e));
        params = ParamsFromArgs(args);
        tip = params.genesis;
        times.push_back(tip.time);
    }
    Bytes Challenge() const {
        std::vector<Bytes> keys{signer.GetPubKey().ToBytes()};
        return GetScriptForMultisig(1, keys).bytes();
    }
    int64_t PrevMtp(int height) const {
        std::vector<uint32_t> w;
        for (int h = std::max(0, height - kMedianTimeSpan + 1); h <= height; ++h) w.push_back(times[h]);
        std::sort(w.begin(), w.end());
        return w[w.size() / 2];
    }
    PrevBlockInfo Prev() const {
        return PrevBlockInfo{static_cast<int>(tip.height), PrevMtp(static_cast<int>(tip.height)),
                             tip.proof.challenge};
    }
    // A block on the tip: coinbase (height prefix, outputs `coinbase_outs` or one 0-value OP_RETURN),
    // the given txs, a witness commitment, correct merkle root, signed.
    Block Next(std::vector<MutableTransaction> txs = {}, std::vector<TxOut> coinbase_outs = {},
               bool commitment = true) const {
        Block b;
        b.version = 0x20000000;
        b.prev_block = tip.GetHash();
        b.height = tip.height + 1;
        b.time = tip.time + 60;
        b.proof.challenge = tip.proof.challenge;
        MutableTransaction cb;
        cb.version = 2;
        TxIn& in = cb.vin.emplace_back();
        in.script_sig = CoinbaseHeightPrefix(b.height).bytes();
        in.script_sig.push_back(0x00);  // extra byte so heights 1..16 still give >= 2 bytes
        if (coinbase_outs.empty()) coinbase_outs.push_back(ExplicitOut(params.pegged_asset, 0, {0x6a}));
        cb.vout = std::move(coinbase_outs);
        b.vtx.push_back(MakeTransactionRef(cb));
        for (auto& tx : txs) b.vtx.push_back(MakeTransactionRef(std::move(tx)));
        if (commitment) AddCommitment(b);
        b.merkle_root = BlockMerkleRoot(b);
        Sign(b);
        return b;
    }
    // Adds (or refreshes) the witness commitment output and the coinbase nonce.
    static void AddCommitment(Block& b) {
        MutableTransaction cb = b.vtx[0]->ToMutable();
        cb.vin[0].witness.script_witness = {Bytes(32, 0)};
        int idx = GetWitnessCommitmentIndex(b);
        if (idx < 0) {
            TxOut o;
            o.asset.SetExplicit(uint256());
            o.value.SetExplicit(0);
            o.script_pubkey = {0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed};
            o.script_pubkey.resize(38);
            cb.vout.push_back(o);
            idx = static_cast<int>(cb.vout.size()) - 1;
        }
        b.vtx[0] = MakeTransactionRef(cb);
        const uint256 root = BlockWitnessMerkleRoot(b);
        const uint256 c = Sha256dHash(root.span(), Bytes(32, 0));
        std::copy(c.begin(), c.end(), cb.vout[idx].script_pubkey.begin() + 6);
        b.vtx[0] = MakeTransactionRef(cb);
    }
    void Sign(Block& b) const {
        auto sig = signer.Sign(b.GetHash());
        Script sol;
        sol << OP_0 << *sig;
        b.proof.solution = sol.bytes();
    }
    // Re-computes merkle root and signature after editing a block.
    void Refresh(Block& b) const {
        b.merkle_root = BlockMerkleRoot(b);
        Sign(b);
    }
    void Accept(const Block& b) {
        tip = b;
        times.push_back(b.time);
    }
};

}  // namespace ocean::test
