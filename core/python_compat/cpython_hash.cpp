#include "core/python_compat/cpython_hash.h"

namespace nndf {

namespace {

// Objects/tupleobject.c (xxHash-based since 3.8).
constexpr uint64_t kPrime1 = 11400714785074694791ULL;
constexpr uint64_t kPrime2 = 14029467366897019727ULL;
constexpr uint64_t kPrime5 = 2870177450012600261ULL;
// Python/pyhash.c: ints hash modulo this Mersenne prime.
constexpr uint64_t kIntModulus = (1ULL << 61) - 1;

uint64_t rotl(uint64_t x, int b) {
    return (x << b) | (x >> (64 - b));
}

/// SipHash-1-3 with the all-zero key of PYTHONHASHSEED=0.
uint64_t siphash13_zero_key(const std::vector<unsigned char>& data) {
    uint64_t v0 = 0x736f6d6570736575ULL, v1 = 0x646f72616e646f6dULL;
    uint64_t v2 = 0x6c7967656e657261ULL, v3 = 0x7465646279746573ULL;
    auto round = [&] {
        v0 += v1;
        v1 = rotl(v1, 13);
        v1 ^= v0;
        v0 = rotl(v0, 32);
        v2 += v3;
        v3 = rotl(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = rotl(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = rotl(v1, 17);
        v1 ^= v2;
        v2 = rotl(v2, 32);
    };
    const size_t n = data.size();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t m = 0;
        for (int k = 7; k >= 0; --k) m = (m << 8) | data[i + static_cast<size_t>(k)];
        v3 ^= m;
        round();
        v0 ^= m;
    }
    uint64_t b = static_cast<uint64_t>(n & 0xff) << 56;
    for (size_t k = 0; i + k < n; ++k) b |= static_cast<uint64_t>(data[i + k]) << (8 * k);
    v3 ^= b;
    round();
    v0 ^= b;
    v2 ^= 0xff;
    round();
    round();
    round();
    return v0 ^ v1 ^ v2 ^ v3;
}

/// Code points of UTF-8 text; a byte that starts no valid sequence stands
/// for itself (network files are valid UTF-8, so this is only a fallback).
std::vector<uint32_t> code_points(const std::string& s) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool ok = len > 0 && i + static_cast<size_t>(len) <= s.size();
        uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
        for (int k = 1; ok && k < len; ++k) {
            const auto d = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
            if ((d >> 6) != 2) ok = false;
            cp = (cp << 6) | (d & 0x3f);
        }
        if (!ok) {
            out.push_back(c);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += static_cast<size_t>(len);
    }
    return out;
}

int64_t finish(uint64_t h) {
    const auto v = static_cast<int64_t>(h);
    return v == -1 ? -2 : v;
}

}  // namespace

int64_t cpython_int_hash(long long n) {
    const bool neg = n < 0;
    const uint64_t mag = neg ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
    const auto r = static_cast<int64_t>(mag % kIntModulus);
    const int64_t h = neg ? -r : r;
    return h == -1 ? -2 : h;
}

int64_t cpython_tuple_hash(const int64_t* item_hashes, size_t n) {
    uint64_t acc = kPrime5;
    for (size_t i = 0; i < n; ++i) {
        acc += static_cast<uint64_t>(item_hashes[i]) * kPrime2;
        acc = rotl(acc, 31);
        acc *= kPrime1;
    }
    // The length, mangled so that hash(()) keeps its historical value.
    acc += static_cast<uint64_t>(n) ^ (kPrime5 ^ 3527539ULL);
    if (acc == static_cast<uint64_t>(-1)) return 1546275796;
    return static_cast<int64_t>(acc);
}

int64_t cpython_tuple_hash(const std::array<long long, 3>& t) {
    const std::array<int64_t, 3> h{cpython_int_hash(t[0]), cpython_int_hash(t[1]),
                                   cpython_int_hash(t[2])};
    return cpython_tuple_hash(h.data(), h.size());
}

int64_t cpython_int_tuple_hash(const std::vector<int>& t) {
    std::vector<int64_t> h;
    h.reserve(t.size());
    for (int v : t) h.push_back(cpython_int_hash(v));
    return cpython_tuple_hash(h.data(), h.size());
}

int64_t cpython_str_hash_seed0(const std::string& utf8) {
    if (utf8.empty()) return 0;  // hash('') is 0 whatever the seed
    const std::vector<uint32_t> cps = code_points(utf8);
    uint32_t max_cp = 0;
    for (uint32_t cp : cps) max_cp = cp > max_cp ? cp : max_cp;
    const int width = max_cp < 0x100 ? 1 : max_cp < 0x10000 ? 2 : 4;
    std::vector<unsigned char> data;
    data.reserve(cps.size() * static_cast<size_t>(width));
    for (uint32_t cp : cps)
        for (int k = 0; k < width; ++k) data.push_back(static_cast<unsigned char>(cp >> (8 * k)));
    return finish(siphash13_zero_key(data));
}

int64_t cpython_str_tuple_hash_seed0(const std::vector<std::string>& t) {
    std::vector<int64_t> h;
    h.reserve(t.size());
    for (const auto& s : t) h.push_back(cpython_str_hash_seed0(s));
    return cpython_tuple_hash(h.data(), h.size());
}

int64_t cpython_str_tuple_tuple_hash_seed0(const std::vector<std::vector<std::string>>& t) {
    std::vector<int64_t> h;
    h.reserve(t.size());
    for (const auto& inner : t) h.push_back(cpython_str_tuple_hash_seed0(inner));
    return cpython_tuple_hash(h.data(), h.size());
}

}  // namespace nndf
