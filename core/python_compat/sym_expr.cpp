#include "core/python_compat/sym_expr.h"

#include "core/util/error.h"

namespace nndf {

namespace {
Sym make(SymExpr&& e) {
    return std::make_shared<const SymExpr>(std::move(e));
}
}  // namespace

Sym SymExpr::integer(i64 v) {
    SymExpr e;
    e.kind_ = Kind::Int;
    e.value_ = v;
    return make(std::move(e));
}

Sym SymExpr::boolean(bool b) {
    SymExpr e;
    e.kind_ = Kind::Bool;
    e.value_ = b ? 1 : 0;
    return make(std::move(e));
}

Sym SymExpr::symbol(const std::string& name) {
    SymExpr e;
    e.kind_ = Kind::Symbol;
    e.name_ = name;
    return make(std::move(e));
}

Sym SymExpr::negate(const Sym& x) {
    if (x->kind_ == Kind::Bool) return boolean(x->value_ == 0);
    if (x->kind_ == Kind::Not) return x->a_;
    NNDF_CHECK(x->kind_ == Kind::Symbol, "negating a non-boolean expression");
    SymExpr e;
    e.kind_ = Kind::Not;
    e.a_ = x;
    return make(std::move(e));
}

Sym SymExpr::piecewise(const Sym& a0, const Sym& cond, const Sym& b) {
    // A constant condition picks its arm.
    if (cond->is_true()) return a0;
    if (cond->is_false()) return b;
    // A nested Piecewise in the first arm under the same condition is its first arm.
    Sym a = a0;
    if (a->kind_ == Kind::Piecewise && equal(a->cond_, cond)) a = a->a_;
    // Equal arms merge (the conditions OR to true).
    if (equal(a, b)) return a;
    SymExpr e;
    e.kind_ = Kind::Piecewise;
    e.a_ = a;
    e.cond_ = cond;
    e.b_ = b;
    return make(std::move(e));
}

bool SymExpr::equal(const Sym& x, const Sym& y) {
    if (x.get() == y.get()) return true;
    if (x->kind_ != y->kind_) return false;
    switch (x->kind_) {
        case Kind::Int:
        case Kind::Bool:
            return x->value_ == y->value_;
        case Kind::Symbol:
            return x->name_ == y->name_;
        case Kind::Not:
            return equal(x->a_, y->a_);
        case Kind::Piecewise:
            return equal(x->a_, y->a_) && equal(x->cond_, y->cond_) && equal(x->b_, y->b_);
    }
    return false;
}

void SymExpr::free_symbols(std::set<std::string>& out) const {
    switch (kind_) {
        case Kind::Symbol:
            out.insert(name_);
            break;
        case Kind::Not:
            a_->free_symbols(out);
            break;
        case Kind::Piecewise:
            a_->free_symbols(out);
            cond_->free_symbols(out);
            b_->free_symbols(out);
            break;
        default:
            break;
    }
}

Sym SymExpr::subs(const std::string& name, const Sym& value) const {
    switch (kind_) {
        case Kind::Symbol:
            if (name_ == name) return value;
            return symbol(name_);
        case Kind::Not:
            return negate(a_->subs(name, value));
        case Kind::Piecewise:
            return piecewise(a_->subs(name, value), cond_->subs(name, value),
                             b_->subs(name, value));
        case Kind::Int:
            return integer(value_);
        case Kind::Bool:
            return boolean(value_ != 0);
    }
    return integer(0);
}

bool sym_truthy(const Sym& e) {
    if (e->is_const()) return e->value() != 0;
    return true;
}

}  // namespace nndf
