#include "ocean/script/address.h"

#include <gtest/gtest.h>

#include "ocean/crypto/base58.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

Bytes H(const std::string& hex) {
    return *ParseHex(hex);
}

const AddressPrefixes kCustom = PrefixesForChain("ocean_test");
const AddressPrefixes kMain = PrefixesForChain("ocean_main");
const AddressPrefixes kGold = PrefixesForChain("gold_main");

std::string Base58CheckOf(uint8_t version, const Bytes& body) {
    Bytes payload{version};
    payload.insert(payload.end(), body.begin(), body.end());
    return EncodeBase58Check(payload);
}

TEST(AddressPrefixes, PerChainValues) {
    EXPECT_EQ(kCustom.pubkey, 235);
    EXPECT_EQ(kCustom.script, 75);
    EXPECT_EQ(kCustom.blinded, 4);
    EXPECT_EQ(kCustom.extended, 5);
    EXPECT_EQ(kCustom.secret_key, 239);
    EXPECT_EQ(kCustom.ext_public_key, (std::array<uint8_t, 4>{0x04, 0x35, 0x87, 0xCF}));
    EXPECT_EQ(kCustom.ext_secret_key, (std::array<uint8_t, 4>{0x04, 0x35, 0x83, 0x94}));
    EXPECT_EQ(kCustom.parent_pubkey, 111);
    EXPECT_EQ(kCustom.parent_script, 196);

    EXPECT_EQ(kMain.pubkey, 28);
    EXPECT_EQ(kMain.script, 87);
    EXPECT_EQ(kMain.blinded, 11);
    EXPECT_EQ(kMain.extended, 12);
    EXPECT_EQ(kMain.secret_key, 128);
    EXPECT_EQ(kMain.ext_public_key, (std::array<uint8_t, 4>{0x04, 0x88, 0xB2, 0x1E}));
    EXPECT_EQ(kMain.ext_secret_key, (std::array<uint8_t, 4>{0x04, 0x88, 0xAD, 0xE4}));
    EXPECT_EQ(kMain.parent_pubkey, 0);
    EXPECT_EQ(kMain.parent_script, 5);

    EXPECT_EQ(kGold.pubkey, 38);
    EXPECT_EQ(kGold.script, 97);
    EXPECT_EQ(kGold.blinded, 13);
    EXPECT_EQ(kGold.extended, 14);
    EXPECT_EQ(kGold.secret_key, 180);
    EXPECT_EQ(kGold.ext_public_key, (std::array<uint8_t, 4>{0x04, 0x35, 0x87, 0xCF}));
    EXPECT_EQ(kGold.ext_secret_key, (std::array<uint8_t, 4>{0x04, 0x35, 0x83, 0x94}));
    EXPECT_EQ(kGold.parent_pubkey, 111);
    EXPECT_EQ(kGold.parent_script, 196);

    // Every other name is a custom chain (asset_main included, formats.md §8.1).
    for (const char* name :
         {"elementsregtest", "ocean_policy_dev", "conformance_a", "asset_main", "", "Ocean_Main"}) {
        EXPECT_EQ(PrefixesForChain(name), kCustom) << name;
    }
}

TEST(Address, FormatsSpecZeroHash) {
    const uint160 zero;
    EXPECT_EQ(EncodeDestination(PKHash(zero), kCustom), "2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ");
    EXPECT_EQ(EncodeDestination(ScriptHash(zero), kCustom), "XBMEr9McFXkiLWTVqTyuNQR1CqKkMPMn6L");
    auto d = DecodeDestination("2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ", kCustom);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(*d, Destination(PKHash(zero)));
    d = DecodeDestination("XBMEr9McFXkiLWTVqTyuNQR1CqKkMPMn6L", kCustom);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(*d, Destination(ScriptHash(zero)));
}

TEST(Address, RoundTripsOnAllChains) {
    const uint160 h(H("0102030405060708090a0b0c0d0e0f1011121314"));
    for (const char* chain : {"ocean_test", "ocean_main", "gold_main"}) {
        const AddressPrefixes p = PrefixesForChain(chain);
        for (const Destination& dest : {Destination(PKHash(h)), Destination(ScriptHash(h))}) {
            const std::string addr = EncodeDestination(dest, p);
            ASSERT_FALSE(addr.empty()) << chain;
            auto back = DecodeAddress(addr, p);
            ASSERT_TRUE(back.ok()) << chain << " " << addr;
            EXPECT_EQ(back->destination, dest) << chain;
            EXPECT_FALSE(back->is_blinded());
            EXPECT_TRUE(IsValidAddress(addr, p));
            // Another chain's prefixes reject it.
            for (const char* other : {"ocean_test", "ocean_main", "gold_main"}) {
                if (std::string(other) != chain) {
                    EXPECT_FALSE(IsValidAddress(addr, PrefixesForChain(other))) << chain << " on " << other;
                }
            }
            // Blinded form round trip.
            const Bytes key = H("02829aca9e5878ceddc8e3c3112714544c3864a1588a67bbdd7c699768a7af2431");
            const std::string conf = EncodeBlindedAddress(dest, key, p);
            ASSERT_FALSE(conf.empty());
            auto cback = DecodeAddress(conf, p);
            ASSERT_TRUE(cback.ok()) << conf;
            EXPECT_TRUE(cback->is_blinded());
            EXPECT_EQ(*cback->blinding_pubkey, key);
            EXPECT_EQ(cback->destination, dest);
            EXPECT_EQ(*DecodeDestination(conf, p), dest);
        }
    }
    // Known mainchain-style leading characters.
    EXPECT_EQ(EncodeDestination(PKHash(h), kCustom).substr(0, 2), "2d");
}

TEST(Address, ConfidentialAddressOfVector) {
    // tx_send_confidential.json: validateaddress of the confidential destination.
    const std::string conf =
        "CTEoDoe6qdWExbBN8aZRvrYUjz7rvYHPH41k797g6eGz25Lu2J7eCswJHA82CSUe8yqt9scUwjVPKhy8";
    auto d = DecodeAddress(conf, kCustom);
    ASSERT_TRUE(d.ok()) << d.error().ToString();
    ASSERT_TRUE(d->is_blinded());
    EXPECT_EQ(HexStr(*d->blinding_pubkey),
              "02829aca9e5878ceddc8e3c3112714544c3864a1588a67bbdd7c699768a7af2431");
    EXPECT_EQ(EncodeDestination(d->destination, kCustom), "2dsz7GEXzMMjJ4jXaNv4J69g1FktLev9UuH");
    EXPECT_EQ(GetScriptForDestination(d->destination).ToHex(),
              "76a914cb90fffd455c794b84c40a25234da897d9471bc388ac");
    EXPECT_EQ(EncodeBlindedAddress(d->destination, *d->blinding_pubkey, kCustom), conf);
}

TEST(Address, FortyByteAndExtendedPayloads) {
    Bytes forty(40);
    for (size_t i = 0; i < 40; ++i) forty[i] = static_cast<uint8_t>(i + 1);
    const uint160 first20(ByteSpan(forty).first(20));
    auto d = DecodeDestination(Base58CheckOf(kCustom.pubkey, forty), kCustom);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(*d, Destination(PKHash(first20)));
    d = DecodeDestination(Base58CheckOf(kCustom.script, forty), kCustom);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(*d, Destination(ScriptHash(first20)));
    // EXTENDED is read as a key hash.
    d = DecodeDestination(Base58CheckOf(kCustom.extended, Bytes(forty.begin(), forty.begin() + 20)), kCustom);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(*d, Destination(PKHash(first20)));
    EXPECT_TRUE(IsValidAddress(Base58CheckOf(kMain.extended, forty), kMain));
    // Other lengths fail.
    for (size_t n : {0, 19, 21, 39, 41}) {
        EXPECT_FALSE(IsValidAddress(Base58CheckOf(kCustom.pubkey, Bytes(n, 7)), kCustom)) << n;
        EXPECT_FALSE(IsValidAddress(Base58CheckOf(kCustom.script, Bytes(n, 7)), kCustom)) << n;
    }
    // Unknown versions fail (secret key prefix, parent prefixes, blinded with a short body).
    EXPECT_FALSE(IsValidAddress(Base58CheckOf(kCustom.secret_key, Bytes(20, 7)), kCustom));
    EXPECT_FALSE(IsValidAddress(Base58CheckOf(kCustom.parent_pubkey, Bytes(20, 7)), kCustom));
    EXPECT_FALSE(IsValidAddress(Base58CheckOf(kCustom.blinded, Bytes(20, 7)), kCustom));
    EXPECT_FALSE(IsValidAddress(Base58CheckOf(kCustom.blinded, Bytes(34, 7)), kCustom));
}

TEST(Address, BlindedLayoutChecks) {
    const Bytes key = H("03829aca9e5878ceddc8e3c3112714544c3864a1588a67bbdd7c699768a7af2431");
    auto blinded = [&](uint8_t inner, const Bytes& k, size_t hash_len) {
        Bytes body{inner};
        body.insert(body.end(), k.begin(), k.end());
        body.insert(body.end(), hash_len, 0x55);
        return Base58CheckOf(kCustom.blinded, body);
    };
    EXPECT_TRUE(IsValidAddress(blinded(kCustom.pubkey, key, 20), kCustom));
    EXPECT_TRUE(IsValidAddress(blinded(kCustom.script, key, 20), kCustom));
    EXPECT_TRUE(IsValidAddress(blinded(kCustom.pubkey, key, 40), kCustom));
    EXPECT_FALSE(IsValidAddress(blinded(kCustom.extended, key, 20), kCustom));
    EXPECT_FALSE(IsValidAddress(blinded(kCustom.blinded, key, 20), kCustom));
    EXPECT_FALSE(IsValidAddress(blinded(kCustom.pubkey, key, 19), kCustom));
    EXPECT_FALSE(IsValidAddress(blinded(kCustom.pubkey, key, 21), kCustom));
    Bytes bad_key = key;
    bad_key[0] = 0x04;
    EXPECT_FALSE(IsValidAddress(blinded(kCustom.pubkey, bad_key, 20), kCustom));
    // Encoding refuses bad keys and address-less destinations.
    EXPECT_EQ(EncodeBlindedAddress(PKHash(), bad_key, kCustom), "");
    EXPECT_EQ(EncodeBlindedAddress(PKHash(), Bytes(32, 2), kCustom), "");
    EXPECT_EQ(EncodeBlindedAddress(NoDestination{}, key, kCustom), "");
}

TEST(Address, NoAddressForOtherDestinations) {
    EXPECT_EQ(EncodeDestination(NoDestination{}, kCustom), "");
    EXPECT_EQ(EncodeDestination(WitnessV0KeyHash(), kCustom), "");
    EXPECT_EQ(EncodeDestination(WitnessV0ScriptHash(), kCustom), "");
}

TEST(Address, GarbageIsRejected) {
    for (const char* s :
         {"", "1", "2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXz", "2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrX", "0OIl",
          "2dZRkPX3hrPtuBrm MkbGtxTxsuYYgAaFrXZ"}) {
        auto d = DecodeDestination(s, kCustom);
        EXPECT_FALSE(d.ok()) << s;
        if (!d.ok()) {
            EXPECT_EQ(d.error().code, "invalid-address");
        }
    }
}

TEST(Address, FrozenAddressOfPolicyVector) {
    // tx_policy_freezelist.json: the fake key carries the key id of the frozen address.
    auto d = DecodeDestination("2dvVRNA4bgw9zaJpggRUgTou4tWMCeMD26P", kCustom);
    ASSERT_TRUE(d.ok());
    const auto* pk = std::get_if<PKHash>(&*d);
    ASSERT_NE(pk, nullptr);
    EXPECT_EQ(HexStr(MakePolicyFakeKey(*pk)),
              "02000000000000000000000000e70c6ce0d44c563aa37b8209e934fc9ec4f0c8dc");
}

}  // namespace
}  // namespace ocean
