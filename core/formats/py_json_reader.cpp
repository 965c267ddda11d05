// Reading JSON text as Python writes it: standard JSON plus the bare tokens
// NaN, Infinity and -Infinity. The text is checked first (size, nesting) so
// no input can exhaust memory or the stack; then nlohmann's parser (which
// does not recurse) builds the document through a SAX handler that turns the
// non-finite tokens back into doubles.
//
// The tokens are blanked before parsing into an empty string of the same
// length (`NaN` -> `"" `), and the scan records which string literals (by
// their order in the text) they were. The handler counts string literals in
// the same order, so a person's string, whatever it spells, stays a string,
// and every position in a parser's message is a position in the person's
// text.
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "core/formats/json_limits.h"
#include "core/formats/py_json.h"
#include "core/util/display_text.h"
#include "core/util/error.h"
#include "core/util/math_util.h"

namespace nndf {

namespace {

/// A non-finite token found by the scan: which string literal it became.
struct NonFinite {
    size_t literal = 0;
    size_t offset = 0;  ///< Where the token starts in the text.
    double value = 0;
};

/// Line and column (1-based, in bytes) of a byte offset.
std::string line_col(const std::string& text, size_t pos) {
    size_t line = 1, col = 1;
    for (size_t i = 0; i < pos && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

/// Replaces the non-finite tokens, checks the nesting, and lists the tokens.
std::vector<NonFinite> blank_non_finite(const std::string& text, std::string& out,
                                        const std::string& what) {
    std::vector<NonFinite> found;
    out = text;
    size_t literals = 0;
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        if (in_str) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_str = false;
            }
            continue;
        }
        if (c == '"') {
            in_str = true;
            ++literals;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) {
                throw InputError(what, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                                           " levels at " + line_col(text, i) +
                                           " (our formats need fewer than 10)");
            }
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == 'N' || c == 'I' || c == '-') {
            static const struct {
                const char* token;
                double value;
            } kTokens[] = {{"NaN", std::numeric_limits<double>::quiet_NaN()},
                           {"Infinity", kInf},
                           {"-Infinity", -kInf}};
            for (const auto& t : kTokens) {
                const size_t n = std::strlen(t.token);
                if (out.compare(i, n, t.token) != 0) continue;
                found.push_back({literals++, i, t.value});
                out.replace(i, n, std::string("\"\"") + std::string(n - 2, ' '));
                i += n - 1;
                break;
            }
        }
    }
    return found;
}

/// Builds the document (through nlohmann's own DOM builder), putting the
/// non-finite values back, and keeps the first error with its position.
class Handler {
  public:
    using Dom = nlohmann::detail::json_sax_dom_parser<OJson>;
    Handler(OJson& root, const std::vector<NonFinite>& non_finite)
        : dom_(root, false), non_finite_(non_finite) {}

    bool null() { return dom_.null(); }
    bool boolean(bool v) { return dom_.boolean(v); }
    bool number_integer(OJson::number_integer_t v) { return dom_.number_integer(v); }
    bool number_unsigned(OJson::number_unsigned_t v) { return dom_.number_unsigned(v); }
    bool number_float(OJson::number_float_t v, const std::string& s) {
        return dom_.number_float(v, s);
    }
    bool string(std::string& s) {
        if (next_ < non_finite_.size() && non_finite_[next_].literal == literals_++) {
            return dom_.number_float(non_finite_[next_++].value, s);
        }
        return dom_.string(s);
    }
    bool binary(OJson::binary_t& b) { return dom_.binary(b); }
    bool start_object(std::size_t n) { return dom_.start_object(n); }
    bool key(std::string& k) {
        // A blanked token where a key goes would read as the key "".
        if (next_ < non_finite_.size() && non_finite_[next_].literal == literals_) {
            failed_ = true;
            position_ = non_finite_[next_].offset + 1;
            message_ = "syntax error while parsing object key - a key must be a string";
            return false;
        }
        ++literals_;
        return dom_.key(k);
    }
    bool end_object() { return dom_.end_object(); }
    bool start_array(std::size_t n) { return dom_.start_array(n); }
    bool end_array() { return dom_.end_array(); }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& e) {
        failed_ = true;
        position_ = position;
        id_ = e.id;
        message_ = e.what();
        return false;
    }

    bool failed() const { return failed_; }
    size_t position() const { return position_; }
    int id() const { return id_; }
    const std::string& message() const { return message_; }

  private:
    Dom dom_;
    const std::vector<NonFinite>& non_finite_;
    size_t next_ = 0, literals_ = 0;
    bool failed_ = false;
    size_t position_ = 0;
    int id_ = 0;
    std::string message_;
};

/// The few bytes of the person's text before `end`, for a message.
std::string text_before(const std::string& text, size_t end) {
    end = std::min(end, text.size());
    size_t start = end > 24 ? end - 24 : 0;
    return display_text(text.substr(start, end - start), 32);
}

}  // namespace

OJson parse_json_text(const std::string& text, const std::string& what) {
    if (text.size() > kMaxJsonTextBytes) {
        throw InputError(what, "is " + std::to_string(text.size()) + " bytes, more than the " +
                                   std::to_string(kMaxJsonTextBytes >> 20) +
                                   " MiB a JSON document may have");
    }
    std::string blanked;
    const std::vector<NonFinite> non_finite = blank_non_finite(text, blanked, what);
    OJson root;
    Handler handler(root, non_finite);
    OJson::sax_parse(blanked, &handler);
    if (!handler.failed()) return root;
    // position counts the bytes read, the offending one included.
    const size_t pos = handler.position() > 0 ? handler.position() - 1 : 0;
    if (handler.id() == 406) {
        // Only a float literal overflows: 1e400 and the like.
        throw InputError(what, "number out of range at " + line_col(text, pos) + " (after '" +
                                   text_before(text, handler.position()) +
                                   "'): numbers must lie between -1.8e308 and 1.8e308");
    }
    // nlohmann's "syntax error while parsing value - invalid literal; last
    // read: '...'" quotes its own token; quote the person's text instead.
    std::string msg = handler.message();
    const size_t k = msg.find("syntax error");
    if (k != std::string::npos) msg = msg.substr(k);
    const size_t last = msg.find("; last read: '");
    if (last != std::string::npos) {
        const size_t close = msg.find("'", last + 14);
        msg = msg.substr(0, last) + "; last read: '" + text_before(text, handler.position()) + "'" +
              (close == std::string::npos ? "" : msg.substr(close + 1));
    }
    throw InputError(what, "malformed JSON at " + line_col(text, pos) + ": " + msg);
}

}  // namespace nndf
