// Integer and float helpers with the reference's exact semantics (util.py):
// Python floor division, ceiling division with infinity, factorization order.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace nndf {

using i64 = long long;

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Python `a // b` for integers.
inline i64 floordiv(i64 a, i64 b) {
    i64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

/// Python `a % b` for integers.
inline i64 pymod(i64 a, i64 b) {
    return a - floordiv(a, b) * b;
}

/// Smallest integer no less than a / b (util.idivc).
inline i64 idivc(i64 a, i64 b) {
    return floordiv(a + b - 1, b);
}

/// util.idivc with an infinite divisor, which the reference allows: 0.
inline i64 idivc_inf(i64 a, double b) {
    if (std::isinf(b)) return 0;
    return idivc(a, static_cast<i64>(b));
}

/// Python's `round()` on floats: halves go to the even neighbour.
inline double round_half_even(double x) {
    return std::nearbyint(x);
}

/// util.isclose, i.e. math.isclose.
inline bool isclose(double a, double b, double rel_tol = 1e-9, double abs_tol = 0.0) {
    double m = std::max(std::fabs(a), std::fabs(b));
    return std::fabs(a - b) <= std::max(rel_tol * m, abs_tol);
}

/// util.approx_dividable: whether `total` splits into `num` parts with little padding.
inline bool approx_dividable(i64 total, i64 num, double rel_overhead = 0.1,
                             double abs_overhead = 1) {
    return total >= num && isclose(static_cast<double>(idivc(total, num) * num),
                                   static_cast<double>(total), rel_overhead, abs_overhead);
}

/// util.get_ith_range: the idx-th of num floor-split parts of [beg, end).
inline std::pair<i64, i64> get_ith_range(i64 beg, i64 end, i64 idx, i64 num) {
    i64 len = end - beg;
    return {beg + floordiv(idx * len, num), beg + floordiv((idx + 1) * len, num)};
}

i64 gcd(i64 a, i64 b);
i64 lcm(i64 a, i64 b);

/// util.factorize: every N-tuple of factors whose product is `value`, in
/// lexicographically ascending order; the first N-1 entries are bounded by
/// `limits` (the last is unbounded).
template <int N>
std::vector<std::array<i64, N>> factorize(i64 value, const std::array<double, N - 1>& limits);

/// factorize() without limits; memoized, as the search asks for the same
/// values over and over.
template <int N>
const std::vector<std::array<i64, N>>& factorize(i64 value);

/// util.closest_factor: the largest factor of `value` no larger than `factor`
/// (absent if factor < 1) and the smallest no smaller (absent if factor > value).
struct ClosestFactors {
    std::optional<i64> below;
    std::optional<i64> above;
};
ClosestFactors closest_factor(i64 value, double factor);

/// The divisors of `value` in ascending order (memoized).
const std::vector<i64>& divisors(i64 value);

}  // namespace nndf
