// Wallet dump files (see wallet_dump.h).
#include "ocean/wallet/wallet_dump.h"

#include <cstdio>
#include <ctime>

#include "ocean/crypto/wif.h"
#include "ocean/mempool/policy_list_rules.h"
#include "ocean/util/hex.h"
#include "ocean/util/strings.h"

namespace ocean {

namespace {

std::string HeaderText(std::string_view title, const DumpHeader& h) {
    std::string out;
    out += "# " + std::string(title) + " created by Bitcoin " + h.client_build + "\n";
    out += "# * Created on " + FormatDumpTime(h.created_time) + "\n";
    out += "# * Best block at time of backup was " + std::to_string(h.best_height) + " (" +
           h.best_hash.ToHex() + "),\n";
    out += "#   mined on " + FormatDumpTime(h.best_time) + "\n";
    out += "\n";
    return out;
}

// Lines split on '\n', a trailing '\r' dropped.
std::vector<std::string_view> Lines(std::string_view text) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

// Fields separated by single spaces (consecutive spaces give empty fields, as boost::split does).
std::vector<std::string_view> Fields(std::string_view line) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (true) {
        const size_t sp = line.find(' ', start);
        if (sp == std::string_view::npos) {
            out.push_back(line.substr(start));
            return out;
        }
        out.push_back(line.substr(start, sp - start));
        start = sp + 1;
    }
}

bool ParseFixedDigits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

}  // namespace

std::string FormatDumpTime(int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) return "1970-01-01T00:00:00Z";
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

Result<int64_t> ParseDumpTime(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SSZ
    int y, mo, d, h, mi, sec;
    if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
        s[19] != 'Z' || !ParseFixedDigits(s, 0, 4, y) || !ParseFixedDigits(s, 5, 2, mo) ||
        !ParseFixedDigits(s, 8, 2, d) || !ParseFixedDigits(s, 11, 2, h) || !ParseFixedDigits(s, 14, 2, mi) ||
        !ParseFixedDigits(s, 17, 2, sec) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        sec > 60)
        return Error("bad-time", "invalid time '" + std::string(s) + "' (expected YYYY-MM-DDTHH:MM:SSZ)");
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    return static_cast<int64_t>(timegm(&tm));
}

std::string EncodeDumpString(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 32 || c >= 128 || c == '%') {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

std::string DecodeDumpString(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = HexDigitValue(s[i + 1]);
            const int lo = HexDigitValue(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>((hi << 4) | lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

std::string WriteWalletDump(const DumpHeader& header, const std::optional<std::string>& master_xprv,
                            std::span<const WalletDumpKey> keys, const AddressPrefixes& prefixes) {
    std::string out = HeaderText("Wallet dump", header);
    if (master_xprv) out += "# extended private masterkey: " + *master_xprv + "\n\n";
    for (const WalletDumpKey& k : keys) {
        const PubKey pub = k.key.GetPubKey();
        out += EncodeWif(k.key, prefixes.secret_key) + " " + FormatDumpTime(k.time) + " ";
        switch (k.kind) {
            case WalletDumpKey::Kind::kLabel:
                out += "label=" + EncodeDumpString(k.label);
                break;
            case WalletDumpKey::Kind::kHdMaster:
                out += "hdmaster=1";
                break;
            case WalletDumpKey::Kind::kInactiveHdMaster:
                out += "inactivehdmaster=1";
                break;
            case WalletDumpKey::Kind::kReserve:
                out += "reserve=1";
                break;
            case WalletDumpKey::Kind::kChange:
                out += "change=1";
                break;
        }
        out += " # addr=" + EncodeDestination(PKHash(pub.GetID()), prefixes);
        if (!k.hd_path.empty()) out += " hdkeypath=" + k.hd_path;
        out += "\n";
    }
    out += "\n# End of dump\n";
    return out;
}

Result<std::vector<ImportedDumpKey>> ParseWalletDump(std::string_view text, uint8_t wif_prefix) {
    std::vector<ImportedDumpKey> out;
    size_t line_no = 0;
    for (std::string_view line : Lines(text)) {
        ++line_no;
        if (line.empty() || line[0] == '#') continue;
        auto malformed = [&](const std::string& why) {
            return Error("wallet-dump-malformed", "line " + std::to_string(line_no) + ": " + why);
        };
        const auto fields = Fields(line);
        if (fields.size() < 2) return malformed("expected '<key> <time> ...'");
        auto key = DecodeWif(fields[0], wif_prefix);
        if (!key) return malformed("invalid private key");
        auto time = ParseDumpTime(fields[1]);
        if (!time) return malformed(time.error().message);
        ImportedDumpKey entry{std::move(*key), *time, {}, true};
        for (size_t i = 2; i < fields.size(); ++i) {
            const std::string_view f = fields[i];
            if (StartsWith(f, "#")) break;
            if (f == "change=1" || f == "reserve=1") entry.has_label = false;
            if (StartsWith(f, "label=")) {
                entry.label = DecodeDumpString(f.substr(6));
                entry.has_label = true;
            }
        }
        out.push_back(std::move(entry));
    }
    return out;
}

std::string WriteDerivedKeysDump(const DumpHeader& header, std::span<const DerivedKeyPair> keys,
                                 const AddressPrefixes& prefixes) {
    std::string out = HeaderText("Derived key dump", header);
    for (const DerivedKeyPair& k : keys)
        out += EncodeDestination(PKHash(k.pubkey.GetID()), prefixes) + " " + HexStr(k.derived_pubkey.span()) +
               "\n";
    return out;
}

Status ValidateDerivedKeys(std::string_view text, const DerivedKeyCheckOptions& options) {
    const bool tweak = options.embed_contract && !options.contract_in_tx && !options.contract_hash.IsNull();
    ListPolicyOptions policy;
    if (tweak) policy.SetContract(options.contract_hash);
    for (std::string_view line : Lines(text)) {
        if (line.empty() || line[0] == '#') continue;
        const auto fields = Fields(line);
        if (fields.size() < 2) continue;
        auto dest = DecodeDestination(fields[0], options.prefixes);
        if (!dest) return Error("-5", "Invalid Bitcoin address");
        const auto bytes = ParseHex(fields[1]);
        const PubKey pubkey(bytes ? ByteSpan(*bytes) : ByteSpan());
        if (!bytes || !pubkey.IsFullyValid()) return Error("-5", "Invalid public key");
        const auto* key_id = std::get_if<PKHash>(&*dest);
        if (!key_id) return Error("-5", "Invalid key id");
        const auto derived = TweakedKeyId(pubkey.span(), policy);
        if (!derived || *derived != static_cast<const uint160&>(*key_id))
            return Error("-32", "Invalid key derivation when tweaking key with contract hash");
    }
    return Status::Ok();
}

}  // namespace ocean
