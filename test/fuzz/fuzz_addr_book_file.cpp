// libFuzzer target: peers.dat parsing (AddrBook::Load, net/addr_book.h).
//
// The input becomes the file. The first byte picks how: 0 the rest as is; 1 the rest with its last 32
// bytes replaced by the right SHA256d checksum (so the fuzzer gets past the checksum); 2 a well-formed
// frame ("OCPB", version 1, entry count, checksum) around the rest cut to whole 67-byte entries, so the
// entry decoding and the table limits are reached at once. Loading must not crash; a file that does
// not load must have been moved aside to peers.dat.bad; a book that loads must save and load again to
// the same size and tried count, and saving that again must give the same bytes.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "ocean/crypto/sha256.h"
#include "ocean/net/addr_book.h"
#include "ocean/util/clock.h"
#include "ocean/util/fs.h"

namespace {

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_addr_book_file: check failed: %s\n", what);
        std::abort();
    }
}

constexpr size_t kEntrySize = 67;
constexpr size_t kChecksumSize = 32;

// A private directory (on tmpfs when there is one, the saves fsync), removed at exit. Never
// destroyed itself, so the exit handler can still use it.
const std::filesystem::path& Dir() {
    static const std::filesystem::path* dir = [] {
        std::error_code ec;
        std::filesystem::path base = "/dev/shm";
        if (!std::filesystem::is_directory(base, ec)) base = std::filesystem::temp_directory_path();
        std::string tmpl = (base / "ocean_fuzz_addrbook_XXXXXX").string();
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

void WriteFile(const std::filesystem::path& p, const ocean::Bytes& data) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    Check(static_cast<bool>(out), "write input file");
}

void AppendChecksum(ocean::Bytes& file) {
    const ocean::uint256 sum = ocean::Sha256dHash(ocean::ByteSpan(file.data(), file.size()));
    file.insert(file.end(), sum.data(), sum.data() + kChecksumSize);
}

ocean::Bytes MakeFile(const uint8_t* data, size_t size) {
    const uint8_t mode = data[0] % 3;
    ocean::Bytes rest(data + 1, data + size);
    if (mode == 1 && rest.size() >= kChecksumSize) {
        rest.resize(rest.size() - kChecksumSize);
        AppendChecksum(rest);
    } else if (mode == 2) {
        const size_t n = std::min<size_t>(rest.size() / kEntrySize, 0xffff);
        ocean::Bytes file = {'O', 'C', 'P', 'B', 1, 0, 0, 0};
        if (n < 0xfd) {
            file.push_back(static_cast<uint8_t>(n));
        } else {
            file.push_back(0xfd);
            file.push_back(static_cast<uint8_t>(n));
            file.push_back(static_cast<uint8_t>(n >> 8));
        }
        file.insert(file.end(), rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(n * kEntrySize));
        AppendChecksum(file);
        return file;
    }
    return rest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ocean;
    if (size < 1) return 0;
    const std::filesystem::path path = Dir() / "peers.dat";
    std::filesystem::path bad = path;
    bad += ".bad";
    std::error_code ec;
    std::filesystem::remove(bad, ec);
    WriteFile(path, MakeFile(data, size));

    MockClock clock(1'700'000'000);
    AddrBook book(path, clock, 1);
    if (!book.Load()) {
        Check(book.Size() == 0, "a failed load leaves the book empty");
        Check(!std::filesystem::exists(path) && std::filesystem::exists(bad), "bad file moved aside");
        std::filesystem::remove(bad, ec);
        return 0;
    }
    const size_t size1 = book.Size();
    const size_t tried1 = book.TriedCount();
    Check(tried1 <= AddrBook::kMaxTried && size1 - tried1 <= AddrBook::kMaxNew, "tables within bounds");
    Check(static_cast<bool>(book.Save(/*force=*/true)), "save");
    auto saved1 = ReadFileBytes(path);
    Check(static_cast<bool>(saved1), "read saved file");

    AddrBook again(path, clock, 2);
    Check(static_cast<bool>(again.Load()), "saved book loads");
    Check(again.Size() == size1, "size round trip");
    Check(again.TriedCount() == tried1, "tried count round trip");
    Check(static_cast<bool>(again.Save(/*force=*/true)), "save again");
    auto saved2 = ReadFileBytes(path);
    Check(static_cast<bool>(saved2) && *saved2 == *saved1, "save is stable");
    std::filesystem::remove(path, ec);
    return 0;
}
