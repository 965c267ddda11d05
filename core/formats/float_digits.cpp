#include "core/formats/float_digits.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace nndf {

namespace {

/// An unsigned integer of up to 1280 bits, enough for any double scaled by
/// a power of ten as the digit generation needs (about 1090 bits at most).
class BigUint {
  public:
    explicit BigUint(std::uint64_t v) {
        while (v != 0) {
            limbs_[size_++] = static_cast<std::uint32_t>(v);
            v >>= 32;
        }
    }

    void shift_left(int bits) {
        if (size_ == 0 || bits == 0) return;
        const int words = bits / 32, rest = bits % 32;
        if (rest != 0) {
            std::uint32_t carry = 0;
            for (int i = 0; i < size_; ++i) {
                const std::uint32_t limb = limbs_[i];
                limbs_[i] = (limb << rest) | carry;
                carry = limb >> (32 - rest);
            }
            if (carry != 0) limbs_[size_++] = carry;
        }
        if (words != 0) {
            std::memmove(limbs_ + words, limbs_, sizeof(std::uint32_t) * size_);
            std::memset(limbs_, 0, sizeof(std::uint32_t) * words);
            size_ += words;
        }
    }

    void multiply(std::uint32_t m) {
        std::uint64_t carry = 0;
        for (int i = 0; i < size_; ++i) {
            const std::uint64_t p = static_cast<std::uint64_t>(limbs_[i]) * m + carry;
            limbs_[i] = static_cast<std::uint32_t>(p);
            carry = p >> 32;
        }
        if (carry != 0) limbs_[size_++] = static_cast<std::uint32_t>(carry);
    }

    void multiply_pow10(int k) {
        for (; k >= 9; k -= 9) multiply(1000000000u);
        static constexpr std::uint32_t kPow10[] = {1,      10,      100,      1000,     10000,
                                                   100000, 1000000, 10000000, 100000000};
        if (k > 0) multiply(kPow10[k]);
    }

    void add(const BigUint& b) {
        std::uint64_t carry = 0;
        const int n = size_ > b.size_ ? size_ : b.size_;
        for (int i = 0; i < n; ++i) {
            const std::uint64_t s = static_cast<std::uint64_t>(i < size_ ? limbs_[i] : 0) +
                                    (i < b.size_ ? b.limbs_[i] : 0) + carry;
            limbs_[i] = static_cast<std::uint32_t>(s);
            carry = s >> 32;
        }
        size_ = n;
        if (carry != 0) limbs_[size_++] = static_cast<std::uint32_t>(carry);
    }

    /// *this -= b, where b <= *this.
    void subtract(const BigUint& b) {
        std::int64_t borrow = 0;
        for (int i = 0; i < size_; ++i) {
            std::int64_t d =
                static_cast<std::int64_t>(limbs_[i]) - (i < b.size_ ? b.limbs_[i] : 0) - borrow;
            borrow = d < 0;
            limbs_[i] = static_cast<std::uint32_t>(d + (borrow << 32));
        }
        while (size_ > 0 && limbs_[size_ - 1] == 0) --size_;
    }

    friend int compare(const BigUint& a, const BigUint& b) {
        if (a.size_ != b.size_) return a.size_ < b.size_ ? -1 : 1;
        for (int i = a.size_ - 1; i >= 0; --i)
            if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
        return 0;
    }

  private:
    std::uint32_t limbs_[40] = {};
    int size_ = 0;
};

/// a + b compared with c.
int compare_sum(const BigUint& a, const BigUint& b, const BigUint& c) {
    BigUint sum = a;
    sum.add(b);
    return compare(sum, c);
}

/// Integers below 2^53 read back only as themselves: their digits are the
/// shortest.
bool whole_number_digits(double v, FloatDigits& d) {
    if (!(v < 9007199254740992.0) || v != std::floor(v)) return false;
    char buf[20];
    auto n = static_cast<std::uint64_t>(v);
    int len = 0;
    for (; n != 0; n /= 10) buf[len++] = static_cast<char>('0' + n % 10);
    d.exp10 = len - 1;
    d.count = 0;
    for (int i = len - 1; i >= 0; --i) d.digits[d.count++] = buf[i];
    while (d.count > 1 && d.digits[d.count - 1] == '0') --d.count;
    return true;
}

}  // namespace

FloatDigits float_digits_exact(double v) {
    FloatDigits out;
    if (whole_number_digits(v, out)) return out;
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
    const int biased = static_cast<int>(bits >> 52);
    const std::uint64_t f = biased == 0 ? fraction : fraction | (std::uint64_t{1} << 52);
    const int e = (biased == 0 ? 1 : biased) - 1075;  // v = f * 2^e
    // Numbers within the halfway points to the neighbouring doubles read
    // back as v; the halfway points themselves too when f is even (strtod
    // rounds ties to even). Below a power of two the neighbour is twice as
    // close. In units of 1/s: v = r/s, the halfway points r -+ m_minus/m_plus.
    const bool inclusive = f % 2 == 0;
    const bool lopsided = fraction == 0 && biased > 1;
    const int scale = lopsided ? 2 : 1;
    const int e_up = e > 0 ? e : 0, e_down = e < 0 ? -e : 0;
    BigUint r(f), s(1), m_plus(1), m_minus(1);
    r.shift_left(e_up + scale);
    s.shift_left(scale + e_down);
    m_plus.shift_left(e_up + scale - 1);
    m_minus.shift_left(e_up);
    // v = 0.d1 d2 ... x 10^k: estimate k, scale r/s to v / 10^k, and correct
    // k when the upper halfway point reaches 10^k.
    int k = static_cast<int>(std::ceil(std::log10(v) - 1e-10));
    if (k >= 0) {
        s.multiply_pow10(k);
    } else {
        r.multiply_pow10(-k);
        m_plus.multiply_pow10(-k);
        m_minus.multiply_pow10(-k);
    }
    while (compare_sum(r, m_plus, s) >= (inclusive ? 0 : 1)) {
        s.multiply(10);
        ++k;
    }
    out.exp10 = k - 1;
    out.count = 0;
    for (;;) {
        r.multiply(10);
        m_plus.multiply(10);
        m_minus.multiply(10);
        int digit = 0;
        while (compare(r, s) >= 0) {
            r.subtract(s);
            ++digit;
        }
        const int low_cmp = compare(r, m_minus);
        const bool low = inclusive ? low_cmp <= 0 : low_cmp < 0;
        const bool high = compare_sum(r, m_plus, s) >= (inclusive ? 0 : 1);
        if (!low && !high) {
            out.digits[out.count++] = static_cast<char>('0' + digit);
            continue;
        }
        if (low && high) {
            // Both d and d + 1 read back: the closer, ties to even.
            BigUint twice = r;
            twice.shift_left(1);
            const int c = compare(twice, s);
            if (c > 0 || (c == 0 && digit % 2 == 1)) ++digit;
        } else if (high) {
            ++digit;
        }
        out.digits[out.count++] = static_cast<char>('0' + digit);
        break;
    }
    return out;
}

FloatDigits shortest_float_digits(double v) {
#if defined(__cpp_lib_to_chars)
    // "d[.ddd]e[+-]xx", the shortest (so no trailing zeros).
    char buf[40];
    const auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    FloatDigits d;
    const char* p = buf;
    for (; p != end.ptr && *p != 'e'; ++p)
        if (*p != '.') d.digits[d.count++] = *p;
    const char* exp = p + 1;
    if (*exp == '+') ++exp;
    std::from_chars(exp, end.ptr, d.exp10);
    return d;
#else
    return float_digits_exact(v);
#endif
}

}  // namespace nndf
