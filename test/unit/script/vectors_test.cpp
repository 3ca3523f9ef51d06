// Checks the script layer against every script the reference Ocean node printed in the shared vectors:
// asm (scriptPubKey and scriptSig), type, addresses and reqSigs, plus validateaddress answers, the
// block "bits" (challenge asm) and the address/scriptPubKey pairs of chain A's control keys.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ocean/script/address.h"
#include "ocean/script/asm.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kVectors = fs::path(OCEAN_VECTORS_DIR) / "ocean";

json Load(const fs::path& p) {
    std::ifstream in(p);
    EXPECT_TRUE(in.good()) << p;
    return json::parse(in);
}

std::vector<fs::path> JsonFiles() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(kVectors)) {
        if (e.path().extension() == ".json") files.push_back(e.path());
    }
    files.push_back(kVectors / "chains" / "A" / "final_state.json");
    std::sort(files.begin(), files.end());
    return files;
}

Script ScriptOf(const json& hex_value) {
    auto s = Script::FromHex(hex_value.get<std::string>());
    EXPECT_TRUE(s.has_value()) << hex_value;
    return s.value_or(Script());
}

struct Counts {
    int script_pubkeys = 0;
    int script_sigs = 0;
    int with_addresses = 0;
    int validated_addresses = 0;
};

// Every vector chain is a custom chain (ocean_test, elementsregtest, ocean_policy_dev, conformance_a).
const AddressPrefixes kPrefixes = PrefixesForChain("ocean_test");

void CheckScriptPubKey(const json& spk, const std::string& where, Counts& counts) {
    const Script script = ScriptOf(spk.at("hex"));
    EXPECT_EQ(ScriptToAsm(script), spk.at("asm").get<std::string>()) << where;
    const ScriptDestinations dests = ExtractDestinations(script);
    EXPECT_EQ(GetTxoutTypeName(dests.type), spk.at("type").get<std::string>()) << where;
    if (spk.contains("addresses")) {
        ++counts.with_addresses;
        ASSERT_TRUE(dests.has_addresses()) << where;
        EXPECT_EQ(dests.required, spk.at("reqSigs").get<int>()) << where;
        std::vector<std::string> got;
        for (const auto& d : dests.addresses) got.push_back(EncodeDestination(d, kPrefixes));
        EXPECT_EQ(got, spk.at("addresses").get<std::vector<std::string>>()) << where;
        // Single-address scripts: the address decodes back to the same script.
        if (got.size() == 1 && dests.type != TxoutType::kPubKey) {
            auto dest = DecodeDestination(got[0], kPrefixes);
            ASSERT_TRUE(dest.ok()) << where;
            EXPECT_EQ(GetScriptForDestination(*dest), script) << where;
        }
    } else {
        EXPECT_FALSE(dests.has_addresses()) << where;
        EXPECT_FALSE(spk.contains("reqSigs")) << where;
    }
    ++counts.script_pubkeys;
}

void CheckValidateAddress(const json& v, const std::string& where, Counts& counts) {
    const std::string addr = v.at("address").get<std::string>();
    auto decoded = DecodeAddress(addr, kPrefixes);
    ASSERT_TRUE(decoded.ok()) << where << " " << addr;
    EXPECT_EQ(GetScriptForDestination(decoded->destination).ToHex(), v.at("scriptPubKey").get<std::string>())
        << where;
    if (v.contains("unconfidential")) {
        EXPECT_EQ(EncodeDestination(decoded->destination, kPrefixes),
                  v.at("unconfidential").get<std::string>())
            << where;
    }
    if (v.contains("confidential_key")) {
        const std::string key = v.at("confidential_key").get<std::string>();
        EXPECT_EQ(decoded->is_blinded() ? HexStr(*decoded->blinding_pubkey) : std::string(), key) << where;
        if (decoded->is_blinded()) {
            EXPECT_EQ(EncodeBlindedAddress(decoded->destination, *decoded->blinding_pubkey, kPrefixes), addr);
        }
    }
    ++counts.validated_addresses;
}

void Walk(const json& node, const std::string& where, Counts& counts) {
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::string here = where + "/" + it.key();
            const json& v = it.value();
            if (it.key() == "scriptPubKey" && v.is_object()) {
                CheckScriptPubKey(v, here, counts);
            } else if (it.key() == "scriptSig" && v.is_object()) {
                EXPECT_EQ(ScriptToAsm(ScriptOf(v.at("hex")), true), v.at("asm").get<std::string>()) << here;
                ++counts.script_sigs;
            } else if (it.key() == "validateaddress" && v.is_object()) {
                CheckValidateAddress(v, here, counts);
            } else {
                Walk(v, here, counts);
            }
        }
    } else if (node.is_array()) {
        for (size_t i = 0; i < node.size(); ++i) Walk(node[i], where + "/" + std::to_string(i), counts);
    }
}

TEST(Vectors, EveryScriptInTheJsonVectors) {
    Counts counts;
    const auto files = JsonFiles();
    ASSERT_GE(files.size(), 18u);
    for (const auto& f : files) {
        SCOPED_TRACE(f.filename().string());
        Walk(Load(f), f.filename().string(), counts);
    }
    // The vectors hold 414 pubkeyhash, 400 true, 7 nulldata, 6 fee and 1 multisig scriptPubKeys and
    // 17 scriptSigs; make sure the walk really visited them.
    EXPECT_GE(counts.script_pubkeys, 828);
    EXPECT_GE(counts.script_sigs, 17);
    EXPECT_GE(counts.with_addresses, 415);
    EXPECT_GE(counts.validated_addresses, 1);
}

TEST(Vectors, FreezelistMultisigListsOneAddressPerKey) {
    const json j = Load(kVectors / "tx_policy_freezelist.json");
    const json& spk = j.at("decoderawtransaction").at("vout").at(0).at("scriptPubKey");
    const ScriptDestinations d = ExtractDestinations(ScriptOf(spk.at("hex")));
    EXPECT_EQ(d.type, TxoutType::kMultisig);
    EXPECT_EQ(d.required, 1);
    ASSERT_EQ(d.addresses.size(), 2u);
    EXPECT_EQ(EncodeDestination(d.addresses[0], kPrefixes), "2dmpqzifDf9r3enLtaMMhqu4Jgo5UrBX4qc");
    EXPECT_EQ(EncodeDestination(d.addresses[1], kPrefixes), "2dai7gTb4Vb8i1y9L9rxJbdT8zjHW4EhSVU");
    // The builder reproduces the output from the policy key and the frozen address.
    const json& rpc = j.at("rpc_result");
    auto frozen = DecodeDestination(rpc.at("frozen_address").get<std::string>(), kPrefixes);
    ASSERT_TRUE(frozen.ok());
    const Script built = GetScriptForPolicyMultisig(*ParseHex(rpc.at("policy_pubkey").get<std::string>()),
                                                    std::get<PKHash>(*frozen));
    EXPECT_EQ(built.ToHex(), spk.at("hex").get<std::string>());
}

TEST(Vectors, BlockBitsAreChallengeAsm) {
    int checked = 0;
    for (const auto& f : JsonFiles()) {
        if (f.filename().string().rfind("block_", 0) != 0 &&
            f.filename().string().rfind("genesis_", 0) != 0) {
            continue;
        }
        const json j = Load(f);
        const json& block = j.contains("getblock") ? j.at("getblock") : j;
        if (!block.contains("bits")) continue;
        EXPECT_EQ(block.at("bits").get<std::string>(), ScriptToAsm(*Script::FromHex("51"))) << f;
        ++checked;
    }
    EXPECT_GE(checked, 5);

    // Chain A signs with a 2-of-3 (config.txt -signblockscript).
    std::ifstream cfg(kVectors / "chains" / "A" / "config.txt");
    std::string line, challenge;
    while (std::getline(cfg, line)) {
        if (line.rfind("-signblockscript=", 0) == 0) challenge = line.substr(17);
    }
    ASSERT_FALSE(challenge.empty());
    const std::string asm_text = ScriptToAsm(*Script::FromHex(challenge));
    const json state = Load(kVectors / "chains" / "A" / "final_state.json");
    int blocks = 0;
    for (const auto& [height, blk] : state.at("getblock").items()) {
        EXPECT_EQ(blk.at("bits").get<std::string>(), asm_text) << height;
        ++blocks;
    }
    EXPECT_GE(blocks, 1);
    EXPECT_EQ(Solve(*Script::FromHex(challenge)).type, TxoutType::kMultisig);
}

TEST(Vectors, ChainAControlKeys) {
    const json keys = Load(kVectors / "chains" / "A" / "keys.json");
    int checked = 0;
    for (const auto& [name, k] : keys.at("control_keys").items()) {
        if (!k.contains("address") || !k.contains("scriptPubKey")) continue;
        const std::string addr = k.at("address").get<std::string>();
        auto dest = DecodeDestination(addr, PrefixesForChain(keys.at("chain").get<std::string>()));
        ASSERT_TRUE(dest.ok()) << name;
        EXPECT_EQ(GetScriptForDestination(*dest).ToHex(), k.at("scriptPubKey").get<std::string>()) << name;
        EXPECT_EQ(EncodeDestination(ExtractDestination(ScriptOf(k.at("scriptPubKey"))), kPrefixes), addr)
            << name;
        ++checked;
    }
    EXPECT_GE(checked, 3);
}

}  // namespace
}  // namespace ocean
