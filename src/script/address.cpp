#include "ocean/script/address.h"

#include "ocean/crypto/base58.h"

namespace ocean {
namespace {

// Longest payload any valid address has: BLINDED ‖ inner ‖ 33-byte key ‖ 40 bytes.
constexpr size_t kMaxAddressPayload = 1 + 1 + 33 + 40;
constexpr size_t kBlindingKeySize = 33;

Error InvalidAddress(std::string message) {
    return Error("invalid-address", std::move(message));
}

// Version byte and hash of a destination that has an address.
std::optional<std::pair<uint8_t, const uint160*>> AddressParts(const Destination& dest,
                                                               const AddressPrefixes& p) {
    if (const auto* pk = std::get_if<PKHash>(&dest))
        return std::make_pair(p.pubkey, static_cast<const uint160*>(pk));
    if (const auto* sh = std::get_if<ScriptHash>(&dest)) {
        return std::make_pair(p.script, static_cast<const uint160*>(sh));
    }
    return std::nullopt;
}

// The destination for a version byte (PUBKEY, EXTENDED or SCRIPT) and 20 or 40 hash bytes.
std::optional<Destination> DestinationFor(uint8_t version, ByteSpan hash, const AddressPrefixes& p,
                                          bool allow_extended) {
    if (hash.size() != 20 && hash.size() != 40) return std::nullopt;
    const ByteSpan first20 = hash.first(20);
    if (version == p.pubkey || (allow_extended && version == p.extended)) return PKHash(first20);
    if (version == p.script) return ScriptHash(first20);
    return std::nullopt;
}

}  // namespace

AddressPrefixes PrefixesForChain(std::string_view chain) {
    AddressPrefixes p;
    if (chain == "ocean_main") {
        p.pubkey = 28;
        p.script = 87;
        p.blinded = 11;
        p.extended = 12;
        p.secret_key = 128;
        p.ext_public_key = {0x04, 0x88, 0xB2, 0x1E};
        p.ext_secret_key = {0x04, 0x88, 0xAD, 0xE4};
        p.parent_pubkey = 0;
        p.parent_script = 5;
    } else if (chain == "gold_main") {
        p.pubkey = 38;
        p.script = 97;
        p.blinded = 13;
        p.extended = 14;
        p.secret_key = 180;
        p.ext_public_key = {0x04, 0x35, 0x87, 0xCF};
        p.ext_secret_key = {0x04, 0x35, 0x83, 0x94};
        p.parent_pubkey = 111;
        p.parent_script = 196;
    } else {
        p.pubkey = 235;
        p.script = 75;
        p.blinded = 4;
        p.extended = 5;
        p.secret_key = 239;
        p.ext_public_key = {0x04, 0x35, 0x87, 0xCF};
        p.ext_secret_key = {0x04, 0x35, 0x83, 0x94};
        p.parent_pubkey = 111;
        p.parent_script = 196;
    }
    return p;
}

std::string EncodeDestination(const Destination& dest, const AddressPrefixes& prefixes) {
    const auto parts = AddressParts(dest, prefixes);
    if (!parts) return {};
    Bytes payload;
    payload.reserve(21);
    payload.push_back(parts->first);
    payload.insert(payload.end(), parts->second->begin(), parts->second->end());
    return EncodeBase58Check(payload);
}

std::string EncodeBlindedAddress(const Destination& dest, ByteSpan blinding_pubkey,
                                 const AddressPrefixes& prefixes) {
    const auto parts = AddressParts(dest, prefixes);
    if (!parts) return {};
    if (blinding_pubkey.size() != kBlindingKeySize ||
        (blinding_pubkey[0] != 0x02 && blinding_pubkey[0] != 0x03)) {
        return {};
    }
    Bytes payload;
    payload.reserve(2 + kBlindingKeySize + 20);
    payload.push_back(prefixes.blinded);
    payload.push_back(parts->first);
    payload.insert(payload.end(), blinding_pubkey.begin(), blinding_pubkey.end());
    payload.insert(payload.end(), parts->second->begin(), parts->second->end());
    return EncodeBase58Check(payload);
}

Result<DecodedAddress> DecodeAddress(std::string_view str, const AddressPrefixes& prefixes) {
    auto payload = DecodeBase58Check(str, kMaxAddressPayload);
    if (!payload) return InvalidAddress("not a base58check string of address length");
    if (payload->empty()) return InvalidAddress("empty payload");
    const uint8_t version = (*payload)[0];
    const ByteSpan body = ByteSpan(*payload).subspan(1);

    DecodedAddress out;
    if (version == prefixes.blinded && body.size() > 1 + kBlindingKeySize) {
        const ByteSpan key = body.subspan(1, kBlindingKeySize);
        if (key[0] != 0x02 && key[0] != 0x03) return InvalidAddress("bad blinding key");
        auto dest = DestinationFor(body[0], body.subspan(1 + kBlindingKeySize), prefixes, false);
        if (!dest) return InvalidAddress("bad inner version or length of blinded address");
        out.destination = std::move(*dest);
        out.blinding_pubkey = Bytes(key.begin(), key.end());
        return out;
    }
    auto dest = DestinationFor(version, body, prefixes, true);
    if (!dest) return InvalidAddress("unknown version or length");
    out.destination = std::move(*dest);
    return out;
}

Result<Destination> DecodeDestination(std::string_view str, const AddressPrefixes& prefixes) {
    auto decoded = DecodeAddress(str, prefixes);
    if (!decoded) return decoded.error();
    return std::move(decoded->destination);
}

bool IsValidAddress(std::string_view str, const AddressPrefixes& prefixes) {
    return DecodeAddress(str, prefixes).ok();
}

}  // namespace ocean
