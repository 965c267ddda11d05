#include "core/python_compat/cpython_set_order.h"

#include <algorithm>

#include "core/util/error.h"

namespace nndf {

namespace {

constexpr uint64_t kPrime1 = 11400714785074694791ULL;
constexpr uint64_t kPrime2 = 14029467366897019727ULL;
constexpr uint64_t kPrime5 = 2870177450012600261ULL;
constexpr size_t kMinSize = 8;
constexpr int kPerturbShift = 5;
constexpr size_t kLinearProbes = 9;

uint64_t rotl31(uint64_t x) {
    return (x << 31) | (x >> 33);
}

struct Slot {
    bool used = false;
    int64_t hash = 0;
    std::array<long long, 3> key{};
};

constexpr size_t kMaxTable = 32;

/// Inserting into a table with no dummies and no equal key (set_insert_clean).
void insert_clean(Slot* table, size_t size, int64_t hash, const std::array<long long, 3>& key) {
    const size_t mask = size - 1;
    size_t perturb = static_cast<size_t>(hash);
    size_t i = static_cast<size_t>(hash) & mask;
    while (true) {
        if (!table[i].used) break;
        bool found = false;
        if (i + kLinearProbes <= mask) {
            for (size_t j = 1; j <= kLinearProbes; ++j) {
                if (!table[i + j].used) {
                    i += j;
                    found = true;
                    break;
                }
            }
        }
        if (found) break;
        perturb >>= kPerturbShift;
        i = (i * 5 + 1 + perturb) & mask;
    }
    table[i] = {true, hash, key};
}

}  // namespace

int64_t cpython_tuple_hash(const std::array<long long, 3>& t) {
    uint64_t acc = kPrime5;
    for (long long item : t) {
        // hash(int) of a small non-negative int is the int itself.
        const uint64_t lane = static_cast<uint64_t>(item);
        acc += lane * kPrime2;
        acc = rotl31(acc);
        acc *= kPrime1;
    }
    acc += static_cast<uint64_t>(t.size()) ^ (kPrime5 ^ 3527539ULL);
    if (acc == static_cast<uint64_t>(-1)) return 1546275796;
    return static_cast<int64_t>(acc);
}

int cpython_set_order(const std::array<long long, 3>* items, int n, std::array<long long, 3>* out) {
    Slot table[kMaxTable];
    size_t size = kMinSize;
    size_t fill = 0, used = 0;
    for (int k = 0; k < n; ++k) {
        const auto& key = items[k];
        const int64_t hash = cpython_tuple_hash(key);
        // set_add_entry: probe for the key or an empty slot.
        const size_t mask = size - 1;
        size_t perturb = static_cast<size_t>(hash);
        size_t i = static_cast<size_t>(hash) & mask;
        bool present = false;
        while (true) {
            const size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
            size_t j = i;
            bool stop = false;
            for (size_t p = 0; p <= probes; ++p, ++j) {
                if (!table[j].used) {
                    i = j;
                    stop = true;
                    break;
                }
                if (table[j].hash == hash && table[j].key == key) {
                    present = true;
                    stop = true;
                    break;
                }
            }
            if (stop) break;
            perturb >>= kPerturbShift;
            i = (i * 5 + 1 + perturb) & mask;
        }
        if (present) continue;
        table[i] = {true, hash, key};
        ++fill;
        ++used;
        if (fill * 5 >= mask * 3) {
            // set_table_resize(so, used > 50000 ? used * 2 : used * 4)
            const size_t minused = used > 50000 ? used * 2 : used * 4;
            size_t newsize = kMinSize;
            while (newsize <= minused) newsize <<= 1;
            if (newsize > kMaxTable) throw InternalError("cpython_set_order: too many items");
            Slot old[kMaxTable];
            std::copy(table, table + size, old);
            const size_t old_size = size;
            size = newsize;
            std::fill(table, table + size, Slot{});
            for (size_t q = 0; q < old_size; ++q)
                if (old[q].used) insert_clean(table, size, old[q].hash, old[q].key);
            fill = used;
        }
    }
    int m = 0;
    for (size_t q = 0; q < size; ++q)
        if (table[q].used) out[m++] = table[q].key;
    return m;
}

std::vector<std::array<long long, 3>> cpython_set_order(
    const std::vector<std::array<long long, 3>>& items) {
    std::vector<std::array<long long, 3>> out(items.size());
    const int m = cpython_set_order(items.data(), static_cast<int>(items.size()), out.data());
    out.resize(static_cast<size_t>(m));
    return out;
}

}  // namespace nndf
