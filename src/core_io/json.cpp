#include "ocean/core_io/json.h"

#include <cstdio>

namespace ocean {
namespace {

constexpr std::uint64_t kAmountSubtype = 0xa0;

void Write(std::string& out, const Json& j, int indent, int level) {
    auto newline = [&](int lvl) {
        if (indent < 0) return;
        out += '\n';
        out.append(static_cast<size_t>(indent * lvl), ' ');
    };
    switch (j.type()) {
        case Json::value_t::object: {
            if (j.empty()) {
                out += "{}";
                return;
            }
            out += '{';
            bool first = true;
            for (auto it = j.begin(); it != j.end(); ++it) {
                if (!first) out += ',';
                first = false;
                newline(level + 1);
                out += Json(it.key()).dump();
                out += indent < 0 ? ":" : ": ";
                Write(out, it.value(), indent, level + 1);
            }
            newline(level);
            out += '}';
            return;
        }
        case Json::value_t::array: {
            if (j.empty()) {
                out += "[]";
                return;
            }
            out += '[';
            bool first = true;
            for (const Json& v : j) {
                if (!first) out += ',';
                first = false;
                newline(level + 1);
                Write(out, v, indent, level + 1);
            }
            newline(level);
            out += ']';
            return;
        }
        case Json::value_t::binary: {
            if (auto a = JsonAmount(j)) {
                out += FormatMoney(*a);
                return;
            }
            out += "null";
            return;
        }
        case Json::value_t::number_float: {
            // UniValue prints doubles with 16 significant digits in the shortest of fixed or
            // scientific notation, so 1.0 is "1" (not "1.0").
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.16g", j.get<double>());
            out += buf;
            return;
        }
        default:
            out += j.dump(-1, ' ', false, Json::error_handler_t::replace);
            return;
    }
}

}  // namespace

Json AmountToJson(Amount v) {
    std::vector<std::uint8_t> bytes(8);
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(static_cast<uint64_t>(v) >> (8 * i));
    return Json::binary(std::move(bytes), kAmountSubtype);
}

std::optional<Amount> JsonAmount(const Json& j) {
    if (!j.is_binary()) return std::nullopt;
    const auto& b = j.get_binary();
    if (!b.has_subtype() || b.subtype() != kAmountSubtype || b.size() != 8) return std::nullopt;
    uint64_t u = 0;
    for (int i = 7; i >= 0; --i) u = (u << 8) | b[i];
    return static_cast<Amount>(u);
}

std::string WriteJson(const Json& j, int indent) {
    std::string out;
    Write(out, j, indent, 0);
    return out;
}

}  // namespace ocean
