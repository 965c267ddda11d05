// The shortest decimal digits that read back as a given double, and of
// those the closest to it (ties to an even digit): the digits of Python's
// repr() (David Gay's dtoa, mode 0). py_json prints every float of the
// result document with them.
#pragma once

namespace nndf {

/// A positive finite double as d.ddd x 10^exp10 (digits without a point).
struct FloatDigits {
    char digits[20];  ///< `count` digits, the first nonzero, no trailing zeros.
    int count = 0;
    int exp10 = 0;
};

/// The shortest round-trip digits of `v` (finite, > 0): std::to_chars where
/// the standard library has it for doubles (libstdc++), else
/// float_digits_exact (Emscripten's libc++ 13 has no floating-point
/// to_chars, and its printf and strtod compute in software long double).
FloatDigits shortest_float_digits(double v);

/// The same digits by exact integer arithmetic (Burger and Dybvig's
/// free-format algorithm), with no library conversion at all.
FloatDigits float_digits_exact(double v);

}  // namespace nndf
