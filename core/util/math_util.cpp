#include "core/util/math_util.h"

#include "core/util/error.h"

#include <unordered_map>

namespace nndf {

i64 gcd(i64 a, i64 b) {
    // util.gcd raises ValueError here; the engine only asks about sizes.
    NNDF_CHECK(a > 0 && b > 0, "gcd/lcm: arguments must be positive");
    while (b) {
        i64 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

i64 lcm(i64 a, i64 b) {
    return a * b / gcd(a, b);
}

namespace {
std::vector<i64> compute_divisors(i64 value) {
    std::vector<i64> low, high;
    for (i64 d = 1; d * d <= value; ++d) {
        if (value % d == 0) {
            low.push_back(d);
            if (d != value / d) high.push_back(value / d);
        }
    }
    low.insert(low.end(), high.rbegin(), high.rend());
    return low;
}
}  // namespace

const std::vector<i64>& divisors(i64 value) {
    thread_local std::unordered_map<i64, std::vector<i64>> memo;
    auto it = memo.find(value);
    if (it == memo.end()) it = memo.emplace(value, compute_divisors(value)).first;
    return it->second;
}

namespace {

template <int N>
void factorize_rec(i64 rest, int pos, const std::array<double, N - 1>& limits,
                   std::array<i64, N>& cur, std::vector<std::array<i64, N>>& out) {
    if (pos == N - 1) {
        cur[pos] = rest;
        out.push_back(cur);
        return;
    }
    for (i64 d : divisors(rest)) {
        if (static_cast<double>(d) > limits[pos]) break;
        cur[pos] = d;
        factorize_rec<N>(rest / d, pos + 1, limits, cur, out);
    }
}

}  // namespace

template <int N>
std::vector<std::array<i64, N>> factorize(i64 value, const std::array<double, N - 1>& limits) {
    std::vector<std::array<i64, N>> out;
    if (value < 1) return out;
    std::array<i64, N> cur{};
    factorize_rec<N>(value, 0, limits, cur, out);
    return out;
}

template <int N>
const std::vector<std::array<i64, N>>& factorize(i64 value) {
    thread_local std::unordered_map<i64, std::vector<std::array<i64, N>>> memo;
    auto it = memo.find(value);
    if (it == memo.end()) {
        std::array<double, N - 1> limits;
        limits.fill(kInf);
        it = memo.emplace(value, factorize<N>(value, limits)).first;
    }
    return it->second;
}

template const std::vector<std::array<i64, 2>>& factorize<2>(i64);
template const std::vector<std::array<i64, 3>>& factorize<3>(i64);
template const std::vector<std::array<i64, 4>>& factorize<4>(i64);
template std::vector<std::array<i64, 2>> factorize<2>(i64, const std::array<double, 1>&);
template std::vector<std::array<i64, 3>> factorize<3>(i64, const std::array<double, 2>&);
template std::vector<std::array<i64, 4>> factorize<4>(i64, const std::array<double, 3>&);

ClosestFactors closest_factor(i64 value, double factor) {
    NNDF_CHECK(value >= 0 && factor >= 0, "closest_factor: arguments must not be negative");
    ClosestFactors res;
    if (factor >= 1) {
        i64 f = static_cast<i64>(factor) + 1;
        while (static_cast<double>(f) > factor) --f;
        while (!(f != 0 && value % f == 0)) --f;
        res.below = f;
    }
    if (factor <= static_cast<double>(value < 0 ? -value : value)) {
        i64 f = static_cast<i64>(factor) - 1;
        while (static_cast<double>(f) < factor) ++f;
        while (!(f != 0 && value % f == 0)) ++f;
        res.above = f;
    }
    return res;
}

}  // namespace nndf
