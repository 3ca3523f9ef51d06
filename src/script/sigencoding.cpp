#include "ocean/script/sigencoding.h"

#include "ocean/crypto/pubkey.h"

namespace ocean {

bool IsDefinedHashtypeSignature(ByteSpan sig) {
    if (sig.empty()) return false;
    const uint8_t base = sig.back() & static_cast<uint8_t>(~kSighashAnyoneCanPay);
    return base >= kSighashAll && base <= kSighashSingle;
}

std::string_view SighashTypeName(uint8_t hashtype) {
    switch (hashtype) {
        case kSighashAll:
            return "ALL";
        case kSighashAll | kSighashAnyoneCanPay:
            return "ALL|ANYONECANPAY";
        case kSighashNone:
            return "NONE";
        case kSighashNone | kSighashAnyoneCanPay:
            return "NONE|ANYONECANPAY";
        case kSighashSingle:
            return "SINGLE";
        case kSighashSingle | kSighashAnyoneCanPay:
            return "SINGLE|ANYONECANPAY";
        default:
            return {};
    }
}

bool IsValidSizePubKey(ByteSpan key) {
    return !key.empty() && PubKey::SizeForHeader(key[0]) == key.size();
}

bool IsCompressedOrUncompressedPubKey(ByteSpan key) {
    if (key.size() == 33) return key[0] == 0x02 || key[0] == 0x03;
    if (key.size() == 65) return key[0] == 0x04;
    return false;
}

bool IsCompressedPubKey(ByteSpan key) {
    return key.size() == 33 && (key[0] == 0x02 || key[0] == 0x03);
}

}  // namespace ocean
