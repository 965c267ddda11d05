#include "core/python_compat/cpython_set_order.h"

#include "core/python_compat/cpython_set.h"
#include "core/util/error.h"

namespace nndf {

namespace {

using Tuple = std::array<long long, 3>;
using TupleSlot = cpython_set_detail::Slot<Tuple>;
constexpr size_t kMaxTable = 32;

}  // namespace

int cpython_set_order(const Tuple* items, int n, Tuple* out) {
    using namespace cpython_set_detail;
    TupleSlot table[kMaxTable];
    size_t size = kMinSize;
    size_t fill = 0;
    for (int k = 0; k < n; ++k) {
        const Tuple& key = items[k];
        const int64_t hash = cpython_tuple_hash(key);
        bool present = false;
        const size_t i = probe_for_add(table, size - 1, hash, key, present);
        if (present) continue;
        table[i] = {true, hash, key};
        ++fill;
        if (fill * 5 >= (size - 1) * 3) {
            const size_t new_size = grown_size(fill);  // no removals: used == fill
            NNDF_CHECK(new_size <= kMaxTable, "cpython_set_order: too many items");
            TupleSlot old[kMaxTable];
            std::copy(table, table + size, old);
            rehash(old, size, table, new_size);
            size = new_size;
        }
    }
    int m = 0;
    for (size_t q = 0; q < size; ++q)
        if (table[q].used) out[m++] = table[q].key;
    return m;
}

std::vector<Tuple> cpython_set_order(const std::vector<Tuple>& items) {
    std::vector<Tuple> out(items.size());
    const int m = cpython_set_order(items.data(), static_cast<int>(items.size()), out.data());
    out.resize(static_cast<size_t>(m));
    return out;
}

}  // namespace nndf
