#include "ocean/net/protocol.h"

#include <new>

#include "ocean/primitives/serialize.h"

namespace ocean {
namespace {

// Runs a decoder body that reads with SpanReader (which throws DecodeError) and turns failures into
// an Error; the whole payload must be consumed unless allow_trailing.
// A count over the message type's limit: the peer manager scores it as misbehaviour (p2p.md §4.4)
// instead of answering "error parsing message".
struct OversizedCount : DecodeError {
    OversizedCount() : DecodeError("too many entries") {}
};

template <typename T, typename F>
Result<T> Decode(ByteSpan payload, F&& body) {
    try {
        SpanReader r(payload);
        return body(r);
    } catch (const OversizedCount& e) {
        return Error("oversized", e.what());
    } catch (const DecodeError& e) {
        return Error("malformed", e.what());
    } catch (const std::bad_alloc&) {
        return Error("malformed", "allocation failed");
    }
}

template <typename S>
void WriteAddress(S& s, const NetAddress& a, bool with_time) {
    if (with_time) WriteLE32(s, a.time);
    WriteLE64(s, a.services);
    s.write(a.ip.data(), a.ip.size());
    const uint8_t port[2] = {static_cast<uint8_t>(a.port >> 8), static_cast<uint8_t>(a.port & 0xff)};
    s.write(port, 2);
}

NetAddress ReadAddress(SpanReader& r, bool with_time) {
    NetAddress a;
    if (with_time) a.time = ReadLE32(r);
    a.services = ReadLE64(r);
    r.read(a.ip.data(), a.ip.size());
    uint8_t port[2];
    r.read(port, 2);
    a.port = static_cast<uint16_t>(port[0] << 8 | port[1]);
    return a;
}

template <typename S>
void WriteString(S& s, const std::string& str) {
    WriteCompactSize(s, str.size());
    s.write(reinterpret_cast<const uint8_t*>(str.data()), str.size());
}

std::string ReadString(SpanReader& r, size_t max) {
    const uint64_t n = ReadCompactSize(r);
    if (n > max) throw DecodeError("string too long");
    ByteSpan b = r.take(static_cast<size_t>(n));
    return std::string(b.begin(), b.end());
}

// A count announced by the peer, bounded by `max` and by what the remaining bytes could hold.
size_t ReadCount(SpanReader& r, size_t max, size_t min_item_size) {
    const uint64_t n = ReadCompactSize(r);
    if (n > max) throw OversizedCount();
    if (min_item_size > 0 && n > r.remaining() / min_item_size) throw DecodeError("unexpected end of data");
    return static_cast<size_t>(n);
}

}  // namespace

Bytes EncodeVersion(const VersionMessage& m) {
    Bytes out;
    VectorWriter w(out);
    WriteLE32(w, static_cast<uint32_t>(m.version));
    WriteLE64(w, m.services);
    WriteLE64(w, static_cast<uint64_t>(m.timestamp));
    WriteAddress(w, m.addr_recv, false);
    WriteAddress(w, m.addr_from, false);
    WriteLE64(w, m.nonce);
    WriteString(w, m.user_agent);
    WriteLE32(w, static_cast<uint32_t>(m.start_height));
    const uint8_t relay = m.relay ? 1 : 0;
    w.write(&relay, 1);
    return out;
}

Result<VersionMessage> DecodeVersion(ByteSpan payload) {
    return Decode<VersionMessage>(payload, [](SpanReader& r) {
        VersionMessage m;
        m.version = static_cast<int32_t>(ReadLE32(r));
        if (m.version == 10300) m.version = 300;
        m.services = ReadLE64(r);
        m.timestamp = static_cast<int64_t>(ReadLE64(r));
        m.addr_recv = ReadAddress(r, false);
        if (!r.empty()) {
            m.addr_from = ReadAddress(r, false);
            m.nonce = ReadLE64(r);
        }
        if (!r.empty()) m.user_agent = ReadString(r, kMaxUserAgentLength);
        if (!r.empty()) m.start_height = static_cast<int32_t>(ReadLE32(r));
        if (!r.empty()) {
            uint8_t relay = 0;
            r.read(&relay, 1);
            m.relay = relay != 0;
        }
        return m;
    });
}

Bytes EncodeNonce(uint64_t nonce) {
    Bytes out;
    VectorWriter w(out);
    WriteLE64(w, nonce);
    return out;
}

Result<uint64_t> DecodeNonce(ByteSpan payload) {
    return Decode<uint64_t>(payload, [](SpanReader& r) { return ReadLE64(r); });
}

Bytes EncodeInv(const std::vector<Inv>& items) {
    Bytes out;
    VectorWriter w(out);
    WriteCompactSize(w, items.size());
    for (const Inv& i : items) {
        WriteLE32(w, i.type);
        WriteBlob(w, i.hash);
    }
    return out;
}

Result<std::vector<Inv>> DecodeInv(ByteSpan payload) {
    return Decode<std::vector<Inv>>(payload, [](SpanReader& r) {
        const size_t n = ReadCount(r, kMaxInvEntries, 36);
        std::vector<Inv> items(n);
        for (Inv& i : items) {
            i.type = ReadLE32(r);
            i.hash = ReadUint256(r);
        }
        return items;
    });
}

Bytes EncodeLocator(const LocatorMessage& m) {
    Bytes out;
    VectorWriter w(out);
    WriteLE32(w, static_cast<uint32_t>(m.version));
    WriteCompactSize(w, m.locator.size());
    for (const uint256& h : m.locator) WriteBlob(w, h);
    WriteBlob(w, m.stop);
    return out;
}

Result<LocatorMessage> DecodeLocator(ByteSpan payload) {
    return Decode<LocatorMessage>(payload, [](SpanReader& r) {
        LocatorMessage m;
        m.version = static_cast<int32_t>(ReadLE32(r));
        // Bitcoin Core limits locators only by the message size; 101 entries cover any chain.
        const size_t n = ReadCount(r, kMaxInvEntries, 32);
        m.locator.resize(n);
        for (uint256& h : m.locator) h = ReadUint256(r);
        m.stop = ReadUint256(r);
        return m;
    });
}

Bytes EncodeHeaders(const std::vector<BlockHeader>& headers) {
    Bytes out;
    VectorWriter w(out);
    WriteCompactSize(w, headers.size());
    for (const BlockHeader& h : headers) {
        SerializeBlockHeader(w, h);
        WriteCompactSize(w, 0);
    }
    return out;
}

Result<std::vector<BlockHeader>> DecodeHeaders(ByteSpan payload) {
    return Decode<std::vector<BlockHeader>>(payload, [](SpanReader& r) {
        // A header is at least 4+32*5+4+4 bytes plus two script lengths and the tx count.
        const size_t n = ReadCount(r, kMaxHeadersEntries, 175);
        std::vector<BlockHeader> headers(n);
        for (BlockHeader& h : headers) {
            UnserializeBlockHeader(r, h);
            (void)ReadCompactSize(r);  // transaction count, ignored
        }
        return headers;
    });
}

Bytes EncodeAddr(const std::vector<NetAddress>& addrs) {
    Bytes out;
    VectorWriter w(out);
    WriteCompactSize(w, addrs.size());
    for (const NetAddress& a : addrs) WriteAddress(w, a, true);
    return out;
}

Result<std::vector<NetAddress>> DecodeAddr(ByteSpan payload) {
    return Decode<std::vector<NetAddress>>(payload, [](SpanReader& r) {
        const size_t n = ReadCount(r, kMaxAddrEntries, 30);
        std::vector<NetAddress> addrs(n);
        for (NetAddress& a : addrs) a = ReadAddress(r, true);
        return addrs;
    });
}

Bytes EncodeReject(const RejectMessage& m) {
    Bytes out;
    VectorWriter w(out);
    WriteString(w, m.message);
    w.write(&m.code, 1);
    WriteString(w, m.reason);
    if (m.hash) WriteBlob(w, *m.hash);
    return out;
}

Result<RejectMessage> DecodeReject(ByteSpan payload) {
    return Decode<RejectMessage>(payload, [](SpanReader& r) {
        RejectMessage m;
        m.message = ReadString(r, 12);
        r.read(&m.code, 1);
        m.reason = ReadString(r, 111);
        if ((m.message == "block" || m.message == "tx") && r.remaining() >= 32) m.hash = ReadUint256(r);
        return m;
    });
}

}  // namespace ocean
