// libFuzzer target for the parsers of the crypto layer that read untrusted bytes: lax and strict DER,
// base58/base58check, BIP32 extended keys and paths, WIF. Besides "no crash, no sanitizer report" it
// checks a few round-trip invariants and traps when one is broken.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ocean/crypto/base58.h"
#include "ocean/crypto/bip32.h"
#include "ocean/crypto/der.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/crypto/wif.h"

namespace {

void Check(bool cond) {
    if (!cond) __builtin_trap();
}

void FuzzDer(ocean::ByteSpan in) {
    using namespace ocean;
    const auto lax = ParseDerLax(in);
    if (lax) {
        // Whatever the lax parser produced survives a canonical re-encoding unchanged.
        const Bytes der = SerializeDer(*lax);
        const auto again = ParseDerLax(der);
        Check(again.has_value() && *again == *lax);
        Bytes with_hashtype = der;
        with_hashtype.push_back(0x01);
        Check(IsValidSignatureEncoding(with_hashtype));
        EcdsaSignature norm = *lax;
        NormalizeToLowS(norm);
        Check(HasLowS(norm));
    }
    if (IsValidSignatureEncoding(in)) {
        // Strictly valid signatures are always accepted by the lax parser.
        Check(ParseDerLax(in.first(in.size() - 1)).has_value());
    }
    (void)IsLowDERSignature(in);

    // Signature-shaped bytes against a fixed key: must simply return.
    static const uint8_t kG[33] = {0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0,
                                   0x62, 0x95, 0xce, 0x87, 0x0b, 0x07, 0x02, 0x9b, 0xfc, 0xdb, 0x2d,
                                   0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17, 0x98};
    (void)PubKey(ByteSpan(kG, sizeof(kG))).Verify(uint256(), in);
    const PubKey any(in);
    if (any.IsValid()) (void)any.IsFullyValid();
}

void FuzzText(ocean::ByteSpan in) {
    using namespace ocean;
    const std::string_view text(reinterpret_cast<const char*>(in.data()), in.size());

    if (const auto raw = DecodeBase58(text, 128)) {
        const auto back = DecodeBase58(EncodeBase58(*raw), 128);
        Check(back.has_value() && *back == *raw);
    }
    if (const auto payload = DecodeBase58Check(text, 128)) {
        const auto back = DecodeBase58Check(EncodeBase58Check(*payload), 128);
        Check(back.has_value() && *back == *payload);
    }

    if (auto k = ExtKey::FromBase58(text, kBip32XprvVersion); k.ok()) {
        const auto again = ExtKey::FromBase58(k->ToBase58(kBip32XprvVersion), kBip32XprvVersion);
        Check(again.ok() && *again == *k);
    }
    if (auto p = ExtPubKey::FromBase58(text, kBip32XpubVersion); p.ok()) {
        const auto again = ExtPubKey::FromBase58(p->ToBase58(kBip32XpubVersion), kBip32XpubVersion);
        Check(again.ok() && *again == *p);
    }
    if (auto path = ParseBip32Path(text); path.ok()) {
        const auto again = ParseBip32Path(FormatBip32Path(*path));
        Check(again.ok() && *again == *path);
    }
    for (uint8_t prefix : {uint8_t{128}, uint8_t{239}, uint8_t{180}}) {
        if (auto key = DecodeWif(text, prefix); key.ok()) {
            const auto again = DecodeWif(EncodeWif(*key, prefix), prefix);
            Check(again.ok() && *again == *key);
        }
    }
}

void FuzzExtKeyBytes(ocean::ByteSpan in) {
    using namespace ocean;
    if (in.size() != kBip32ExtKeySize) return;
    Bip32Version version;
    for (size_t i = 0; i < 4; ++i) version[i] = in[i];
    if (auto k = ExtKey::Decode(in, version); k.ok()) {
        const Bip32Encoded enc = k->Encode(version);
        Check(ByteSpan(enc).size() == in.size() && std::equal(enc.begin(), enc.end(), in.begin()));
        (void)k->Derive(0);
        (void)k->Derive(kBip32HardenedBit);
    }
    if (auto p = ExtPubKey::Decode(in, version); p.ok()) {
        const Bip32Encoded enc = p->Encode(version);
        Check(std::equal(enc.begin(), enc.end(), in.begin()));
        (void)p->Derive(0);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const ocean::ByteSpan in(data, size);
    FuzzDer(in);
    FuzzText(in);
    FuzzExtKeyBytes(in);
    return 0;
}
