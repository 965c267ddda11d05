// Writes JSON text value by value, laid out as Python's json.dump(obj,
// indent=N) lays it out (py_json.h spells the values), with no document
// built first: the result document is printed this way. OJsonBuilder has
// the same calls and builds an OJson instead, so that one description of a
// document (a function template over the two) gives both.
#pragma once

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/formats/py_json.h"

namespace nndf {

class PyJsonWriter {
  public:
    /// indent < 0: all on one line (", " between items).
    explicit PyJsonWriter(int indent = 2) : indent_(indent) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    /// The key of the next value, inside an object.
    void key(std::string_view k);
    /// A bool, an int (Python int) or a floating-point number (Python float).
    template <typename T>
    std::enable_if_t<std::is_arithmetic_v<T>> value(T v) {
        before_value();
        if constexpr (std::is_same_v<T, bool>) {
            out_ += v ? "true" : "false";
        } else if constexpr (std::is_floating_point_v<T>) {
            append_py_float(out_, static_cast<double>(v));
        } else {
            char buf[24];
            out_.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
        }
    }
    void value(std::string_view s);
    void value(const char* s) { value(std::string_view(s)); }
    void null_value();

    /// The text written so far.
    const std::string& text() const { return out_; }
    std::string take() { return std::move(out_); }

  private:
    void before_value();
    void open(char bracket);
    void close(char bracket);
    void newline(size_t level);

    std::string out_;
    int indent_;
    std::vector<int> counts_;  ///< Items so far in each open container.
    bool after_key_ = false;
};

/// Builds an OJson with PyJsonWriter's calls.
class OJsonBuilder {
  public:
    void begin_object() { open(OJson::object()); }
    void end_object() { stack_.pop_back(); }
    void begin_array() { open(OJson::array()); }
    void end_array() { stack_.pop_back(); }
    void key(std::string_view k) { key_ = k; }
    template <typename T>
    std::enable_if_t<std::is_arithmetic_v<T>> value(T v) {
        put(OJson(v));
    }
    void value(std::string_view s) { put(OJson(std::string(s))); }
    void value(const char* s) { put(OJson(s)); }
    void null_value() { put(OJson(nullptr)); }

    OJson take() { return std::move(root_); }

  private:
    OJson* put(OJson v);
    void open(OJson container) { stack_.push_back(put(std::move(container))); }

    OJson root_;
    /// The open containers, innermost last. Only the innermost grows, so
    /// pointers to the outer ones stay valid.
    std::vector<OJson*> stack_;
    std::string key_;
};

/// PyJsonWriter's calls passed on to two writers: every call to `whole`,
/// and to `part` the top-level object with only those of its members whose
/// keys `keep` names (their values whole). One pass writes a document and
/// keeps a few of its members, with the very values and number types the
/// text has: a sweep line reads a result's totals this way instead of
/// parsing the text back.
template <typename Whole, typename Part>
class KeepMembers {
  public:
    KeepMembers(Whole& whole, Part& part, const std::vector<std::string_view>& keep)
        : whole_(whole), part_(part), keep_(keep) {}

    void begin_object() {
        whole_.begin_object();
        if (passing()) part_.begin_object();
        ++depth_;
    }
    void end_object() {
        --depth_;
        whole_.end_object();
        if (passing()) part_.end_object();
    }
    void begin_array() {
        whole_.begin_array();
        if (passing()) part_.begin_array();
        ++depth_;
    }
    void end_array() {
        --depth_;
        whole_.end_array();
        if (passing()) part_.end_array();
    }
    void key(std::string_view k) {
        whole_.key(k);
        if (depth_ == 1) keeping_ = std::find(keep_.begin(), keep_.end(), k) != keep_.end();
        if (keeping_) part_.key(k);
    }
    template <typename T>
    void value(T v) {
        whole_.value(v);
        if (keeping_) part_.value(v);
    }
    void null_value() {
        whole_.null_value();
        if (keeping_) part_.null_value();
    }

  private:
    /// The top-level object itself, or inside a kept member.
    bool passing() const { return depth_ == 0 || keeping_; }

    Whole& whole_;
    Part& part_;
    const std::vector<std::string_view>& keep_;
    size_t depth_ = 0;  ///< Containers open.
    bool keeping_ = false;
};

/// The OJson that `write(builder)` describes.
template <typename Write>
OJson build_ojson(Write&& write) {
    OJsonBuilder b;
    write(b);
    return b.take();
}

}  // namespace nndf
