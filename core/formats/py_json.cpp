#include "core/formats/py_json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/util/error.h"
#include "core/util/math_util.h"

namespace nndf {

std::string py_float_repr(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
    // Shortest precision that round-trips, as Python's repr.
    char buf[64];
    int prec = 1;
    for (; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    // buf is [-]d[.ddd]e[+-]xx; split digits and exponent.
    std::string s(buf);
    bool neg = s[0] == '-';
    if (neg) s.erase(0, 1);
    size_t epos = s.find('e');
    int exp10 = std::atoi(s.c_str() + epos + 1);
    std::string digits;
    for (size_t i = 0; i < epos; ++i)
        if (s[i] != '.') digits += s[i];
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    std::string out;
    if (exp10 >= -4 && exp10 < 16) {
        int point = exp10 + 1;  // digits before the decimal point
        if (point <= 0) {
            out = "0." + std::string(static_cast<size_t>(-point), '0') + digits;
        } else if (static_cast<size_t>(point) >= digits.size()) {
            out = digits + std::string(static_cast<size_t>(point) - digits.size(), '0') + ".0";
        } else {
            out = digits.substr(0, static_cast<size_t>(point)) + "." +
                  digits.substr(static_cast<size_t>(point));
        }
    } else {
        out = digits.substr(0, 1);
        if (digits.size() > 1) out += "." + digits.substr(1);
        char ebuf[16];
        std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exp10 < 0 ? '-' : '+', std::abs(exp10));
        out += ebuf;
    }
    return neg ? "-" + out : out;
}

namespace {

void dump_string(const std::string& s, std::string& out) {
    // json.dump's default ensure_ascii=True escapes every non-ASCII character.
    out += '"';
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20) {
                    char b[8];
                    std::snprintf(b, sizeof b, "\\u%04x", c);
                    out += b;
                } else if (c < 0x80) {
                    out += static_cast<char>(c);
                } else {
                    // Decode one UTF-8 sequence and escape it (surrogate pairs above BMP).
                    unsigned cp = 0;
                    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
                    cp = c & (0x3F >> extra);
                    for (int k = 0; k < extra && i + 1 < s.size(); ++k)
                        cp = (cp << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F);
                    char b[16];
                    if (cp >= 0x10000) {
                        cp -= 0x10000;
                        std::snprintf(b, sizeof b, "\\u%04x\\u%04x", 0xD800 + (cp >> 10),
                                      0xDC00 + (cp & 0x3FF));
                    } else {
                        std::snprintf(b, sizeof b, "\\u%04x", cp);
                    }
                    out += b;
                }
        }
    }
    out += '"';
}

void dump(const OJson& j, int indent, int level, std::string& out) {
    auto newline = [&](int lvl) {
        if (indent < 0) return;
        out += '\n';
        out.append(static_cast<size_t>(indent * lvl), ' ');
    };
    const char* sep = indent < 0 ? ", " : ",";
    switch (j.type()) {
        case OJson::value_t::null:
            out += "null";
            break;
        case OJson::value_t::boolean:
            out += j.get<bool>() ? "true" : "false";
            break;
        case OJson::value_t::number_integer:
            out += std::to_string(j.get<long long>());
            break;
        case OJson::value_t::number_unsigned:
            out += std::to_string(j.get<unsigned long long>());
            break;
        case OJson::value_t::number_float:
            out += py_float_repr(j.get<double>());
            break;
        case OJson::value_t::string:
            dump_string(j.get_ref<const std::string&>(), out);
            break;
        case OJson::value_t::array: {
            if (j.empty()) {
                out += "[]";
                break;
            }
            out += '[';
            bool first = true;
            for (const auto& v : j) {
                if (!first) out += sep;
                first = false;
                newline(level + 1);
                dump(v, indent, level + 1, out);
            }
            newline(level);
            out += ']';
            break;
        }
        case OJson::value_t::object: {
            if (j.empty()) {
                out += "{}";
                break;
            }
            out += '{';
            bool first = true;
            for (auto it = j.begin(); it != j.end(); ++it) {
                if (!first) out += sep;
                first = false;
                newline(level + 1);
                dump_string(it.key(), out);
                out += ": ";
                dump(it.value(), indent, level + 1, out);
            }
            newline(level);
            out += '}';
            break;
        }
        default:
            out += "null";
    }
}

}  // namespace

std::string py_json_dump(const OJson& j, int indent) {
    std::string out;
    dump(j, indent, 0, out);
    return out;
}

std::string json_kind(const OJson& v) {
    switch (v.type()) {
        case OJson::value_t::null:
            return "null";
        case OJson::value_t::boolean:
            return "a boolean";
        case OJson::value_t::string:
            return "a string";
        case OJson::value_t::array:
            return "a list";
        case OJson::value_t::object:
            return "an object";
        case OJson::value_t::number_float:
            return "a fractional number";
        default:
            return "a number";
    }
}

OJson parse_json_text(const std::string& text, const std::string& what) {
    // Python writes Infinity/NaN as bare tokens; turn them into strings the
    // parser accepts (marked by an escaped U+0001: a raw control character is
    // not valid inside a JSON string), then back into doubles.
    std::string t;
    t.reserve(text.size());
    bool in_str = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_str) {
            t += c;
            if (c == '\\' && i + 1 < text.size()) {
                t += text[++i];
            } else if (c == '"') {
                in_str = false;
            }
            continue;
        }
        if (c == '"') {
            in_str = true;
            t += c;
            continue;
        }
        auto starts = [&](const char* tok) { return text.compare(i, std::strlen(tok), tok) == 0; };
        if (starts("-Infinity")) {
            t += "\"\\u0001-inf\"";
            i += 8;
        } else if (starts("Infinity")) {
            t += "\"\\u0001inf\"";
            i += 7;
        } else if (starts("NaN")) {
            t += "\"\\u0001nan\"";
            i += 2;
        } else {
            t += c;
        }
    }
    OJson j;
    try {
        j = OJson::parse(t);
    } catch (const nlohmann::json::parse_error& e) {
        // Locate the byte in the original text (the rewrite keeps lines).
        size_t pos = e.byte > 0 ? e.byte - 1 : 0;
        size_t line = 1, col = 1;
        for (size_t i = 0; i < pos && i < t.size(); ++i) {
            if (t[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        std::string msg = e.what();
        size_t k = msg.find("syntax error");
        if (k != std::string::npos) msg = msg.substr(k);
        throw InputError(what, "malformed JSON at line " + std::to_string(line) + ", column " +
                                   std::to_string(col) + ": " + msg);
    }
    auto fix = [](auto&& self, OJson& v) -> void {
        if (v.is_string()) {
            const auto& s = v.get_ref<const std::string&>();
            if (!s.empty() && s[0] == '\x01') {
                if (s == "\x01inf")
                    v = kInf;
                else if (s == "\x01-inf")
                    v = -kInf;
                else
                    v = std::nan("");
            }
        } else if (v.is_structured()) {
            for (auto& x : v) self(self, x);
        }
    };
    fix(fix, j);
    return j;
}

}  // namespace nndf
