// The iteration order of a CPython 3.11 set, by replaying how its
// open-addressing table is filled (Objects/setobject.c).
//
// Where the reference iterates a set and the order can change a result (a
// tie broken by the first element), we keep the same items in a CPythonSet
// and iterate them in the same order. The order depends only on the item
// hashes (cpython_hash.h) and on the sequence of operations, so each
// operation the reference uses has its own method: add() for s.add(x),
// set(iterable), set literals and comprehensions; update() for s |= t and
// s.update(t) with a set t. Items are never removed (no dummy slots).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace nndf {

namespace cpython_set_detail {

constexpr size_t kMinSize = 8;       // PySet_MINSIZE
constexpr size_t kLinearProbes = 9;  // LINEAR_PROBES
constexpr int kPerturbShift = 5;     // PERTURB_SHIFT
// CPython's size_t is 64 bits here; the probe sequence uses the whole hash,
// so it is kept in 64 bits also where size_t is 32 (WebAssembly).

template <class Key>
struct Slot {
    bool used = false;
    int64_t hash = 0;
    Key key{};
};

/// The smallest table size above `minused` (set_table_resize).
inline size_t table_size_for(size_t minused) {
    size_t size = kMinSize;
    while (size <= minused) size <<= 1;
    return size;
}

/// The grown size after an insertion that filled the table to 60%.
inline size_t grown_size(size_t used) {
    return table_size_for(used > 50000 ? used * 2 : used * 4);
}

/// set_insert_clean: places a key known to be absent into a table without
/// dummy slots.
template <class Key>
void insert_clean(Slot<Key>* table, size_t mask, int64_t hash, const Key& key) {
    uint64_t perturb = static_cast<uint64_t>(hash);
    size_t i = static_cast<size_t>(perturb & mask);
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
        i = static_cast<size_t>((i * 5 + 1 + perturb) & mask);
    }
    table[i].used = true;
    table[i].hash = hash;
    table[i].key = key;
}

/// set_add_entry's probe: the slot holding `key` (`present` set), or the
/// empty slot where it goes.
template <class Key>
size_t probe_for_add(const Slot<Key>* table, size_t mask, int64_t hash, const Key& key,
                     bool& present) {
    uint64_t perturb = static_cast<uint64_t>(hash);
    size_t i = static_cast<size_t>(perturb & mask);
    present = false;
    while (true) {
        const size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
        for (size_t j = i; j <= i + probes; ++j) {
            if (!table[j].used) return j;
            if (table[j].hash == hash && table[j].key == key) {
                present = true;
                return j;
            }
        }
        perturb >>= kPerturbShift;
        i = static_cast<size_t>((i * 5 + 1 + perturb) & mask);
    }
}

/// Rebuilds `old[0..old_size)` into `table[0..new_size)` (set_table_resize
/// with no dummies: reinsert in slot order).
template <class Key>
void rehash(const Slot<Key>* old, size_t old_size, Slot<Key>* table, size_t new_size) {
    std::fill(table, table + new_size, Slot<Key>{});
    for (size_t q = 0; q < old_size; ++q)
        if (old[q].used) insert_clean(table, new_size - 1, old[q].hash, old[q].key);
}

}  // namespace cpython_set_detail

/// A set of `Key`s that iterates in CPython 3.11's order. `PyHash` gives
/// CPython's hash() of a key; `Key` needs ==.
template <class Key, class PyHash>
class CPythonSet {
  public:
    CPythonSet() : table_(cpython_set_detail::kMinSize) {}

    /// s.add(key).
    void add(const Key& key) { add_with_hash(key, PyHash{}(key)); }

    /// s |= other (set_merge).
    void update(const CPythonSet& other) {
        using namespace cpython_set_detail;
        if (&other == this || other.used_ == 0) return;
        // One resize up front, expecting few common items.
        if ((fill_ + other.used_) * 5 >= mask() * 3)
            resize(table_size_for((used_ + other.used_) * 2));
        if (fill_ == 0 && table_.size() == other.table_.size()) {
            table_ = other.table_;  // an empty table of the same size: a plain copy
            fill_ = other.fill_;
            used_ = other.used_;
            return;
        }
        if (fill_ == 0) {
            for (const auto& s : other.table_)
                if (s.used) insert_clean(table_.data(), mask(), s.hash, s.key);
            fill_ = used_ = other.used_;
            return;
        }
        for (const auto& s : other.table_)
            if (s.used) add_with_hash(s.key, s.hash);
    }

    /// The items in iteration order.
    std::vector<Key> items() const {
        std::vector<Key> out;
        out.reserve(used_);
        for (const auto& s : table_)
            if (s.used) out.push_back(s.key);
        return out;
    }

    size_t size() const { return used_; }

  private:
    size_t mask() const { return table_.size() - 1; }

    void add_with_hash(const Key& key, int64_t hash) {
        using namespace cpython_set_detail;
        bool present = false;
        const size_t i = probe_for_add(table_.data(), mask(), hash, key, present);
        if (present) return;
        table_[i] = {true, hash, key};
        ++fill_;
        ++used_;
        if (fill_ * 5 >= mask() * 3) resize(grown_size(used_));
    }

    void resize(size_t new_size) {
        const std::vector<cpython_set_detail::Slot<Key>> old = std::move(table_);
        table_.resize(new_size);
        cpython_set_detail::rehash(old.data(), old.size(), table_.data(), new_size);
        fill_ = used_;
    }

    std::vector<cpython_set_detail::Slot<Key>> table_;
    size_t fill_ = 0, used_ = 0;
};

}  // namespace nndf
