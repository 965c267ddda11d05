#include "core/formats/py_json_writer.h"

namespace nndf {

void PyJsonWriter::newline(size_t level) {
    if (indent_ < 0) return;
    out_ += '\n';
    out_.append(static_cast<size_t>(indent_) * level, ' ');
}

void PyJsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (counts_.empty()) return;
    if (counts_.back()++ > 0) out_ += indent_ < 0 ? ", " : ",";
    newline(counts_.size());
}

void PyJsonWriter::key(std::string_view k) {
    before_value();
    append_py_string(out_, k);
    out_ += ": ";
    after_key_ = true;
}

void PyJsonWriter::value(std::string_view s) {
    before_value();
    append_py_string(out_, s);
}

void PyJsonWriter::null_value() {
    before_value();
    out_ += "null";
}

void PyJsonWriter::open(char bracket) {
    before_value();
    out_ += bracket;
    counts_.push_back(0);
}

void PyJsonWriter::close(char bracket) {
    const int count = counts_.back();
    counts_.pop_back();
    // json.dump writes an empty list or dict as [] or {}.
    if (count > 0) newline(counts_.size());
    out_ += bracket;
}

OJson* OJsonBuilder::put(OJson v) {
    if (stack_.empty()) {
        root_ = std::move(v);
        return &root_;
    }
    OJson& parent = *stack_.back();
    if (parent.is_array()) {
        parent.push_back(std::move(v));
        return &parent.back();
    }
    OJson& slot = parent[key_];
    slot = std::move(v);
    return &slot;
}

}  // namespace nndf
