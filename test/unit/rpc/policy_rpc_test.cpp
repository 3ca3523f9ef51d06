// The policy-list RPCs (policy.md §12, §13, §15) on a context with lists: addtowhitelist's
// contract-tweak check with the §18 vector (tweak(A) hashes to cc6d…4781), its error codes and texts,
// addmultitowhitelist with tweaked keys in the given order, -contractintx skipping the checks, the
// P2PKH-only freezelist/burnlist commands, and dumpwhitelist/readwhitelist round trips.
#include <gtest/gtest.h>

#include <fstream>

#include "ocean/consensus/genesis.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/mempool/accept.h"
#include "ocean/mempool/policy_lists.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/script/address.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"
#include "rpc_test_util.h"
#include "util/temp_dir.h"

namespace ocean {
namespace {

const std::string kA = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
const std::string kB = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";

class PolicyRpcTest : public test::RPCTableCaller, public ::testing::Test {
  protected:
    PolicyRpcTest() {
        options_.list_policy.SetContract(ContractHashOfText("These are the terms\n"));
        ctx_.policy_lists = &lists_;
        ctx_.accept_options = &options_;
        ctx_.json.prefixes = PrefixesForChain("ocean_test");
        ctx_.chain_dir = dir_.path();
        RegisterPolicyRPCs(table_, ctx_);
        table_.SetWarmupFinished();
    }
    std::string Address(const Destination& d) const { return EncodeDestination(d, ctx_.json.prefixes); }
    std::string TweakedA() const {
        return Address(
            PKHash(uint160(ByteSpan(ParseHex("cc6d6742b1a910ede4bb16c41b2ac6dd09e04781").value()))));
    }

    test::TempDir dir_;
    PolicyLists lists_;
    AcceptOptions options_;
    RPCContext ctx_;
};

TEST_F(PolicyRpcTest, AddToWhitelistChecksTheContractTweak) {
    const std::string tweaked = TweakedA();
    const std::string untweaked = Address(PKHash(PubKey(ParseHex(kA).value()).GetID()));
    EXPECT_EQ(Fail("addtowhitelist", {untweaked, kA}),
              std::make_pair(-8, std::string("Set: address does not derive from public key when tweaked with "
                                             "contract hash")));
    EXPECT_EQ(Fail("addtowhitelist", {tweaked, kB}).first, -8);
    EXPECT_EQ(Fail("addtowhitelist", {"xyz", kA}),
              std::make_pair(-8, std::string("add_derived: invalid Bitcoin address: xyz")));
    EXPECT_EQ(Fail("addtowhitelist", {tweaked, "02" + std::string(64, '0')}),
              std::make_pair(-8, std::string("Set: invalid public key")));
    EXPECT_EQ(Call("querywhitelist", {tweaked}), false);
    EXPECT_TRUE(Call("addtowhitelist", {tweaked, kA, "ignored-kyc-key"}).is_null());
    EXPECT_EQ(Call("querywhitelist", {tweaked}), true);
    EXPECT_EQ(Fail("querywhitelist", {"xyz"}), std::make_pair(-5, std::string("Invalid  address")));
    // -contractintx: no derivation check.
    options_.list_policy.contract_in_tx = true;
    EXPECT_TRUE(Call("addtowhitelist", {untweaked, kB}).is_null());
    EXPECT_EQ(Call("querywhitelist", {untweaked}), true);
    EXPECT_TRUE(Call("removefromwhitelist", {untweaked}).is_null());
    EXPECT_EQ(Call("querywhitelist", {untweaked}), false);
}

TEST_F(PolicyRpcTest, AddMultiToWhitelist) {
    const auto tweak = [&](const std::string& hex) {
        return PubKey(ParseHex(hex).value()).TweakAdd(options_.list_policy.contract_hash).value().ToBytes();
    };
    const std::vector<Bytes> tweaked{tweak(kA), tweak(kB)};
    const std::string p2sh = Address(ScriptHash::FromScript(GetScriptForMultisig(1, tweaked)));
    EXPECT_EQ(Fail("addmultitowhitelist", {p2sh, Json::array({kB, kA}), 1}).first, -8);  // order matters
    EXPECT_EQ(Fail("addmultitowhitelist", {p2sh, Json::array({kA, kB}), 3}).first, -8);  // m > n
    EXPECT_EQ(
        Fail("addmultitowhitelist", {p2sh, Json::array({kA, kB}), 1, kA}),
        std::make_pair(-1, std::string("kycaddress argument not implemented for unencrypted whitelist")));
    EXPECT_TRUE(Call("addmultitowhitelist", {p2sh, Json::array({kA, kB}), 1}).is_null());
    EXPECT_EQ(Call("querywhitelist", {p2sh}), true);
}

TEST_F(PolicyRpcTest, FreezeAndBurnListsTakeKeyIdsOnly) {
    const std::string tweaked = TweakedA();
    const std::string p2sh = Address(ScriptHash(uint160()));
    for (const std::string list : {"freezelist", "burnlist"}) {
        EXPECT_EQ(Fail("addto" + list, {p2sh}), std::make_pair(-5, std::string("Invalid key id")));
        EXPECT_EQ(Fail("query" + list, {"xyz"}), std::make_pair(-5, std::string("Invalid  address")));
        EXPECT_TRUE(Call("addto" + list, {tweaked}).is_null());
        EXPECT_EQ(Call("query" + list, {tweaked}), true);
        EXPECT_TRUE(Call("removefrom" + list, {tweaked}).is_null());
        EXPECT_EQ(Call("query" + list, {tweaked}), false);
        Call("addto" + list, {tweaked});
        EXPECT_TRUE(Call("clear" + list).is_null());
        EXPECT_EQ(Call("query" + list, {tweaked}), false);
    }
    EXPECT_EQ(lists_.Size(PolicyList::kWhitelist), 0u);
}

TEST_F(PolicyRpcTest, DumpAndReadWhitelist) {
    const std::string tweaked = TweakedA();
    Call("addtowhitelist", {tweaked, kA});
    Call("addtowhitelist", {TweakedA(), kA});
    EXPECT_TRUE(Call("dumpwhitelist", {"dump.txt"}).is_null());
    std::ifstream in(dir_.path() / "dump.txt");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text,
              "# Whitelisted address dump - format: [address] [kyckey]\n" + tweaked + "\n\n# End of dump\n");
    Call("clearwhitelist");
    EXPECT_EQ(Call("querywhitelist", {tweaked}), false);
    {
        std::ofstream out(dir_.path() / "keys.txt");
        out << "# comment\n\nonefield\n" << tweaked << " " << kA << "\n" << tweaked << " " << kB << "\n";
    }
    // The second entry fails the derivation check: the import stops there, the first stays.
    EXPECT_EQ(Fail("readwhitelist", {"keys.txt"}).first, -8);
    EXPECT_EQ(Call("querywhitelist", {tweaked}), true);
    EXPECT_EQ(Fail("readwhitelist", {"missing.txt"}),
              std::make_pair(-8, std::string("Cannot open key dump file")));
    EXPECT_EQ(Fail("readwhitelist", {"keys.txt", kB}).first, -8);
}

}  // namespace
}  // namespace ocean
