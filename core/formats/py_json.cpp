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

}  // namespace nndf
