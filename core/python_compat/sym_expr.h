// The tiny symbolic language of the reference's pipeline constraints
// (pipeline_segment.py uses sympy for it): integer and boolean constants,
// symbols, Not, and two-armed Piecewise. Construction canonicalizes exactly
// as sympy does for these forms, so substitution and occurrence counts match
// the reference without a computer algebra system.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "core/util/math_util.h"

namespace nndf {

class SymExpr;
using Sym = std::shared_ptr<const SymExpr>;

/// A symbol's value: an integer or a boolean.
struct SymValue {
    bool is_bool = false;
    i64 v = 0;
    friend bool operator==(const SymValue& a, const SymValue& b) {
        return a.is_bool == b.is_bool && a.v == b.v;
    }
    friend bool operator<(const SymValue& a, const SymValue& b) { return a.v < b.v; }
};

class SymExpr {
  public:
    enum class Kind { Int, Bool, Symbol, Not, Piecewise };

    static Sym integer(i64 v);
    static Sym boolean(bool b);
    static Sym symbol(const std::string& name);
    static Sym constant(const SymValue& v) { return v.is_bool ? boolean(v.v != 0) : integer(v.v); }
    /// Not(x): constants fold, double negation cancels.
    static Sym negate(const Sym& x);
    /// Piecewise((a, cond), (b, True)), canonicalized as sympy does.
    static Sym piecewise(const Sym& a, const Sym& cond, const Sym& b);

    Kind kind() const { return kind_; }
    bool is_true() const { return kind_ == Kind::Bool && value_ != 0; }
    bool is_false() const { return kind_ == Kind::Bool && value_ == 0; }
    bool is_const() const { return kind_ == Kind::Int || kind_ == Kind::Bool; }
    i64 value() const { return value_; }
    const std::string& name() const { return name_; }
    /// Operands: Not's operand and Piecewise's first arm; Piecewise's
    /// condition; Piecewise's default arm (null where the kind has none).
    const Sym& arg_a() const { return a_; }
    const Sym& arg_cond() const { return cond_; }
    const Sym& arg_b() const { return b_; }

    /// Names of the symbols in the expression.
    void free_symbols(std::set<std::string>& out) const;
    /// The expression with a symbol replaced by a constant, re-canonicalized.
    Sym subs(const std::string& name, const Sym& value) const;
    /// Structural equality.
    static bool equal(const Sym& a, const Sym& b);

  private:
    Kind kind_ = Kind::Int;
    i64 value_ = 0;
    std::string name_;
    Sym a_, cond_, b_;
};

/// A Python-style truthiness of a constant or expression (non-constant
/// expressions are truthy, as sympy objects are).
bool sym_truthy(const Sym& e);

}  // namespace nndf
