// libFuzzer target: banlist.json parsing (BanList::Load, net/ban_list.h).
//
// The input becomes the file. The first byte picks how: 0 the rest as is (any text, JSON or not);
// 1 a JSON array built from the rest, entry by entry (a length-prefixed address text, two 8-byte ban
// times that may be negative or huge, and a ban reason: each of the known texts, an unknown one, a
// non-string or none), so subnet parsing and the field checks are reached at once. Loading must not
// crash; a file that does not load must have been moved aside to banlist.json.bad; a list that loads
// must save and load again to the same size and the same entries, and saving that again must give the
// same text.
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "ocean/net/ban_list.h"
#include "ocean/util/clock.h"
#include "ocean/util/fs.h"

namespace {

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_ban_list_file: check failed: %s\n", what);
        std::abort();
    }
}

constexpr int64_t kNow = 1'700'000'000;

// A private directory (on tmpfs when there is one, the saves fsync), removed at exit. Never
// destroyed itself, so the exit handler can still use it.
const std::filesystem::path& Dir() {
    static const std::filesystem::path* dir = [] {
        std::error_code ec;
        std::filesystem::path base = "/dev/shm";
        if (!std::filesystem::is_directory(base, ec)) base = std::filesystem::temp_directory_path();
        std::string tmpl = (base / "ocean_fuzz_banlist_XXXXXX").string();
        Check(::mkdtemp(tmpl.data()) != nullptr, "mkdtemp");
        return new std::filesystem::path(tmpl);
    }();
    static const bool cleanup = [] {
        std::atexit([] {
            std::error_code e;
            std::filesystem::remove_all(*dir, e);
        });
        return true;
    }();
    (void)cleanup;
    return *dir;
}

void WriteFile(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    Check(static_cast<bool>(out), "write input file");
}

int64_t ReadI64(const uint8_t*& p, const uint8_t* end) {
    uint64_t v = 0;
    for (int i = 0; i < 8 && p < end; ++i) v |= static_cast<uint64_t>(*p++) << (8 * i);
    return static_cast<int64_t>(v);
}

// Mode 1: a JSON array of ban objects made from the bytes.
std::string BuildJson(const uint8_t* p, const uint8_t* end) {
    using Json = nlohmann::json;
    Json doc = Json::array();
    while (p < end) {
        const size_t want = *p++;
        const size_t len = std::min<size_t>(want, static_cast<size_t>(end - p));
        std::string address(reinterpret_cast<const char*>(p), len);
        p += len;
        // Ban times: mostly near now, sometimes raw (negative, huge).
        const uint8_t flags = p < end ? *p++ : 0;
        const int64_t a = ReadI64(p, end), b = ReadI64(p, end);
        const int64_t created = (flags & 1) ? a : kNow - (a & 0xffff);
        const int64_t until = (flags & 2) ? b : kNow - 0x8000 + (b & 0xffff);
        Json item = Json::object();
        if (!(flags & 4)) item["address"] = Json::string_t(address);
        item["ban_created"] = created;
        if (flags & 8) {
            item["banned_until"] = static_cast<uint64_t>(until);  // unsigned JSON number
        } else {
            item["banned_until"] = until;
        }
        switch ((flags >> 4) & 7) {
            case 0:
                item["ban_reason"] = "node misbehaving";
                break;
            case 1:
                item["ban_reason"] = "manually added";
                break;
            case 2:
                item["ban_reason"] = "unknown";
                break;
            case 3:
                item["ban_reason"] = "a reason from the future";
                break;
            case 4:
                item["ban_reason"] = 7;
                break;
            default:
                break;  // no reason
        }
        doc.push_back(std::move(item));
    }
    // The address may hold invalid UTF-8: nlohmann would throw; replace it instead.
    return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ocean;
    if (size < 1) return 0;
    const std::filesystem::path path = Dir() / "banlist.json";
    std::filesystem::path bad = path;
    bad += ".bad";
    std::error_code ec;
    std::filesystem::remove(bad, ec);
    const uint8_t mode = data[0] % 2;
    WriteFile(path, mode == 0 ? std::string(reinterpret_cast<const char*>(data + 1), size - 1)
                              : BuildJson(data + 1, data + size));

    MockClock clock(kNow);
    BanList bans(path, clock);
    if (!bans.Load()) {
        Check(bans.List().empty(), "a failed load leaves the list empty");
        Check(!std::filesystem::exists(path) && std::filesystem::exists(bad), "bad file moved aside");
        std::filesystem::remove(bad, ec);
        return 0;
    }
    const auto list1 = bans.List();  // drops expired entries
    for (const auto& [subnet, entry] : list1) {
        Check(subnet.IsValid(), "loaded subnets are valid");
        Check(bans.IsBanned(subnet) && bans.IsBanned(subnet.network()), "loaded bans are in force");
    }
    Check(static_cast<bool>(bans.Save(/*force=*/true)), "save");
    auto saved1 = ReadFileText(path);
    Check(static_cast<bool>(saved1), "read saved file");

    BanList again(path, clock);
    Check(static_cast<bool>(again.Load()), "saved list loads");
    const auto list2 = again.List();
    Check(list2.size() == list1.size(), "size round trip");
    Check(list2 == list1, "entries round trip");
    Check(static_cast<bool>(again.Save(/*force=*/true)), "save again");
    auto saved2 = ReadFileText(path);
    Check(static_cast<bool>(saved2) && *saved2 == *saved1, "save is stable");
    std::filesystem::remove(path, ec);
    return 0;
}
