#include "core/util/display_text.h"

#include <cstdio>

namespace nndf {

std::string display_text(std::string_view s, size_t max_bytes) {
    size_t keep = s.size();
    if (keep > max_bytes) {
        keep = max_bytes;
        // Never cut a UTF-8 sequence: back up to the start of a character.
        while (keep > 0 && (static_cast<unsigned char>(s[keep]) & 0xC0) == 0x80) --keep;
    }
    std::string out;
    out.reserve(keep + 16);
    for (size_t i = 0; i < keep; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
        char b[8];
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F) {
            std::snprintf(b, sizeof b, "\\u%04x", c);
            out += b;
        } else if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
            // U+0080..U+009F: C1 controls (U+009B starts an escape sequence too).
            std::snprintf(b, sizeof b, "\\u%04x", next);
            out += b;
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    if (keep < s.size()) out += "...[" + std::to_string(s.size()) + " bytes]";
    return out;
}

}  // namespace nndf
