#include "core/formats/py_json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "core/formats/float_digits.h"
#include "core/formats/py_json_writer.h"
#include "core/util/error.h"
#include "core/util/math_util.h"

namespace nndf {

void append_py_float(std::string& out, double v) {
    if (std::isnan(v)) {
        out += "NaN";
        return;
    }
    if (std::isinf(v)) {
        out += v > 0 ? "Infinity" : "-Infinity";
        return;
    }
    if (std::signbit(v)) out += '-';
    if (v == 0) {
        out += "0.0";
        return;
    }
    const FloatDigits d = shortest_float_digits(std::fabs(v));
    const std::string_view digits(d.digits, static_cast<size_t>(d.count));
    // repr() switches to an exponent below 1e-4 and from 1e16 on.
    if (d.exp10 >= -4 && d.exp10 < 16) {
        const int point = d.exp10 + 1;  // digits before the decimal point
        if (point <= 0) {
            out += "0.";
            out.append(static_cast<size_t>(-point), '0');
            out += digits;
        } else if (point >= d.count) {
            out += digits;
            out.append(static_cast<size_t>(point - d.count), '0');
            out += ".0";
        } else {
            out += digits.substr(0, static_cast<size_t>(point));
            out += '.';
            out += digits.substr(static_cast<size_t>(point));
        }
    } else {
        out += digits[0];
        if (d.count > 1) {
            out += '.';
            out += digits.substr(1);
        }
        char exp[16];
        std::snprintf(exp, sizeof exp, "e%c%02d", d.exp10 < 0 ? '-' : '+', std::abs(d.exp10));
        out += exp;
    }
}

std::string py_float_repr(double v) {
    std::string out;
    append_py_float(out, v);
    return out;
}

void append_py_string(std::string& out, std::string_view s) {
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

namespace {

void write(const OJson& j, PyJsonWriter& w) {
    switch (j.type()) {
        case OJson::value_t::boolean:
            w.value(j.get<bool>());
            break;
        case OJson::value_t::number_integer:
            w.value(j.get<long long>());
            break;
        case OJson::value_t::number_unsigned:
            w.value(j.get<unsigned long long>());
            break;
        case OJson::value_t::number_float:
            w.value(j.get<double>());
            break;
        case OJson::value_t::string:
            w.value(j.get_ref<const std::string&>());
            break;
        case OJson::value_t::array:
            w.begin_array();
            for (const auto& v : j) write(v, w);
            w.end_array();
            break;
        case OJson::value_t::object:
            w.begin_object();
            for (auto it = j.begin(); it != j.end(); ++it) {
                w.key(it.key());
                write(it.value(), w);
            }
            w.end_object();
            break;
        default:
            w.null_value();
    }
}

}  // namespace

std::string py_json_dump(const OJson& j, int indent) {
    PyJsonWriter w(indent);
    write(j, w);
    return w.take();
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
