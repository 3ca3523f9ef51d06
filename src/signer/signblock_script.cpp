// BuildSignBlockScript and ParseSignBlockScript (see signblock_script.h).
#include "ocean/signer/signblock_script.h"

#include <string>
#include <vector>

#include "ocean/script/standard.h"
#include "ocean/util/hex.h"

namespace ocean {

Result<Script> BuildSignBlockScript(int required, std::span<const PubKey> keys) {
    const int n = static_cast<int>(keys.size());
    if (n < 1 || n > 16)
        return Error("signblockscript", "a federation has 1 to 16 keys, not " + std::to_string(n));
    if (required < 1 || required > n)
        return Error("signblockscript", "the number of required signatures must be 1 to " +
                                            std::to_string(n) + ", not " + std::to_string(required));
    std::vector<Bytes> pushes;
    for (size_t i = 0; i < keys.size(); ++i) {
        const PubKey& k = keys[i];
        if (!k.IsFullyValid() || (k.size() != PubKey::kCompressedSize && k.size() != PubKey::kSize) ||
            (k.size() == PubKey::kSize && k[0] != 0x04))
            return Error("signblockscript", "key " + std::to_string(i + 1) + " is not a valid public key");
        for (size_t j = 0; j < i; ++j)
            if (keys[j] == k)
                return Error("signblockscript", "key " + std::to_string(i + 1) + " repeats key " +
                                                    std::to_string(j + 1) + " (" + HexStr(k.span()) + ")");
        pushes.push_back(k.ToBytes());
    }
    return GetScriptForMultisig(required, pushes);
}

std::optional<SignBlockKeys> ParseSignBlockScript(const Script& challenge) {
    const SolvedScript solved = Solve(challenge);
    if (solved.type != TxoutType::kMultisig || solved.solutions.size() < 3) return std::nullopt;
    SignBlockKeys out;
    out.required = solved.solutions.front().empty() ? 0 : solved.solutions.front()[0];
    for (size_t i = 1; i + 1 < solved.solutions.size(); ++i) out.keys.emplace_back(solved.solutions[i]);
    return out;
}

}  // namespace ocean
