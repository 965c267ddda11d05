#include "core/api/size_text.h"

#include <cctype>
#include <limits>

#include "core/util/display_text.h"
#include "core/util/error.h"

namespace nndf {

const char* const kSizeUnitsHelp =
    "a number of bytes, or with a unit: 128kB, 1.5 MiB (k/kB/KiB = 1024 B, M/MB/MiB = 1024 kB, "
    "G/GB/GiB = 1024 MB)";

namespace {

/// The bytes of a unit (lower case), or 0 if it is none of them.
unsigned long long unit_bytes(const std::string& unit) {
    if (unit.empty() || unit == "b") return 1;
    const char prefix = unit[0];
    const std::string rest = unit.substr(1);
    if (!(rest.empty() || rest == "b" || rest == "ib")) return 0;
    switch (prefix) {
        case 'k':
            return 1ULL << 10;
        case 'm':
            return 1ULL << 20;
        case 'g':
            return 1ULL << 30;
        default:
            return 0;
    }
}

}  // namespace

i64 parse_size_text(std::string_view text, const std::string& path) {
    const std::string shown = "\"" + display_text(text, 40) + "\"";
    auto refuse = [&](const std::string& why) -> InputError {
        return InputError(path, why + ", got " + shown);
    };
    size_t i = 0;
    auto skip_spaces = [&] {
        while (i < text.size() && text[i] == ' ') ++i;
    };
    skip_spaces();
    // Digits, at most 18 of them in all, so every step below fits 128 bits.
    unsigned long long whole = 0, frac = 0, frac_scale = 1;
    int digits = 0;
    const size_t start = i;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits)
        whole = whole * 10 + static_cast<unsigned>(text[i] - '0');
    const bool has_whole = i > start;
    bool has_frac = false;
    if (i < text.size() && text[i] == '.') {
        ++i;
        for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
             ++i, ++digits) {
            frac = frac * 10 + static_cast<unsigned>(text[i] - '0');
            frac_scale *= 10;
            has_frac = true;
        }
    }
    const std::string bad = std::string("must be ") + kSizeUnitsHelp;
    if (!has_whole && !has_frac) throw refuse(bad);
    if (digits > 18) throw refuse("is too large for a size");
    skip_spaces();
    std::string unit;
    for (; i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])); ++i)
        unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    skip_spaces();
    const unsigned long long mult = unit_bytes(unit);
    if (i != text.size() || mult == 0) throw refuse(bad);
    // bytes = (whole + frac / frac_scale) * mult, exactly.
    const unsigned __int128 scaled =
        (static_cast<unsigned __int128>(whole) * frac_scale + frac) * mult;
    if (scaled % frac_scale != 0) throw refuse("is not a whole number of bytes");
    const unsigned __int128 bytes = scaled / frac_scale;
    if (bytes > static_cast<unsigned __int128>(std::numeric_limits<i64>::max())) {
        throw refuse("is too large for a size");
    }
    return static_cast<i64>(bytes);
}

}  // namespace nndf
