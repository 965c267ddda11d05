// core/sym_expr.h, the small symbolic language of the pipeline constraints,
// against sympy 1.11 as the reference runs it (with the refshim, where
// Eq(x, True) is x and Eq(x, False) is Not(x)). The hand-written cases below
// were checked in python3 with sympy; tests/data/sym_expr/cases.txt holds 300
// random constructions recorded by tests/data/sym_expr/generate.py.
#include <doctest/doctest.h>

#include <cctype>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/python_compat/sym_expr.h"
#include "core/util/error.h"
#include "support.h"

using namespace nndf;

namespace {

Sym I(i64 v) {
    return SymExpr::integer(v);
}
Sym B(bool b) {
    return SymExpr::boolean(b);
}
Sym S(const std::string& n) {
    return SymExpr::symbol(n);
}
Sym Not(const Sym& x) {
    return SymExpr::negate(x);
}
/// Eq(x, True) and Eq(x, False) as the engine writes them.
Sym EqTrue(const Sym& x) {
    return x;
}
Sym EqFalse(const Sym& x) {
    return SymExpr::negate(x);
}
Sym Pw(const Sym& a, const Sym& c, const Sym& b) {
    return SymExpr::piecewise(a, c, b);
}

/// The expression as an s-expression, without canonicalizing anything.
std::string show(const Sym& e) {
    switch (e->kind()) {
        case SymExpr::Kind::Int:
            return std::to_string(e->value());
        case SymExpr::Kind::Bool:
            return e->value() ? "true" : "false";
        case SymExpr::Kind::Symbol:
            return e->name();
        case SymExpr::Kind::Not:
            return "(not " + show(e->arg_a()) + ")";
        case SymExpr::Kind::Piecewise:
            return "(pw " + show(e->arg_a()) + " " + show(e->arg_cond()) + " " + show(e->arg_b()) +
                   ")";
    }
    return "?";
}

std::string free_of(const Sym& e) {
    std::set<std::string> fs;
    e->free_symbols(fs);
    if (fs.empty()) return "-";
    std::string out;
    for (const auto& s : fs) out += (out.empty() ? "" : " ") + s;
    return out;
}

/// Builds an expression of tests/data/sym_expr/cases.txt through the
/// canonicalizing constructors, innermost first, as sympy evaluates it.
class Builder {
  public:
    explicit Builder(const std::string& text) : s_(text) {}
    Sym parse() {
        Sym e = expr();
        skip_ws();
        REQUIRE_MESSAGE(pos_ == s_.size(), "trailing text in " << s_);
        return e;
    }

  private:
    void skip_ws() {
        while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
    }
    std::string token() {
        skip_ws();
        const size_t start = pos_;
        while (pos_ < s_.size() && s_[pos_] != ' ' && s_[pos_] != '(' && s_[pos_] != ')') ++pos_;
        return s_.substr(start, pos_ - start);
    }
    Sym expr() {
        skip_ws();
        REQUIRE(pos_ < s_.size());
        if (s_[pos_] == '(') {
            ++pos_;
            const std::string op = token();
            Sym out;
            if (op == "pw") {
                Sym a = expr(), c = expr(), b = expr();
                out = Pw(a, c, b);
            } else if (op == "not") {
                out = Not(expr());
            } else if (op == "eqf") {
                out = EqFalse(expr());
            } else if (op == "eqt") {
                out = EqTrue(expr());
            } else {
                FAIL("unknown operator " << op);
            }
            skip_ws();
            REQUIRE(pos_ < s_.size());
            REQUIRE(s_[pos_] == ')');
            ++pos_;
            return out;
        }
        const std::string t = token();
        REQUIRE(!t.empty());
        if (t == "true") return B(true);
        if (t == "false") return B(false);
        if (std::isdigit(static_cast<unsigned char>(t[0])) || t[0] == '-') return I(std::stoll(t));
        return S(t);
    }

    std::string s_;
    size_t pos_ = 0;
};

Sym value_of(const std::string& v) {
    if (v == "true") return B(true);
    if (v == "false") return B(false);
    return I(std::stoll(v));
}

}  // namespace

TEST_SUITE("sym_expr") {
    TEST_CASE("constants and symbols") {
        CHECK(I(3)->kind() == SymExpr::Kind::Int);
        CHECK(I(3)->value() == 3);
        CHECK(I(3)->is_const());
        CHECK(B(true)->is_true());
        CHECK(B(false)->is_false());
        CHECK_FALSE(I(1)->is_true());  // only the boolean True is True
        CHECK(S("x")->kind() == SymExpr::Kind::Symbol);
        CHECK(S("x")->name() == "x");
        CHECK_FALSE(S("x")->is_const());
        CHECK(SymExpr::constant({true, 1})->is_true());
        CHECK(SymExpr::constant({false, 4})->kind() == SymExpr::Kind::Int);
        CHECK(SymExpr::equal(S("x"), S("x")));
        CHECK_FALSE(SymExpr::equal(S("x"), S("y")));
        CHECK_FALSE(SymExpr::equal(I(1), B(true)));  // sympy: Integer(1) != true
    }

    TEST_CASE("Eq(x, True) is x and Eq(x, False) is Not(x)") {
        // sympy with the shim: Eq(c, True) -> c, Eq(c, False) -> ~c,
        // Eq(Eq(c, False), False) -> c, Eq(True, False) -> False,
        // Eq(False, False) -> True, Eq(Eq(c, False), True) -> ~c.
        CHECK(show(EqTrue(S("c"))) == "c");
        CHECK(show(EqFalse(S("c"))) == "(not c)");
        CHECK(show(EqFalse(EqFalse(S("c")))) == "c");
        CHECK(show(EqFalse(B(true))) == "false");
        CHECK(show(EqFalse(B(false))) == "true");
        CHECK(show(EqTrue(EqFalse(S("c")))) == "(not c)");
        // Only booleans are negated.
        CHECK_THROWS_AS(Not(I(2)), InternalError);
    }

    TEST_CASE("Piecewise collapses on a constant condition") {
        // Piecewise((x, True), (y, True)) -> x; Piecewise((x, False), (y, True)) -> y.
        CHECK(show(Pw(S("x"), B(true), S("y"))) == "x");
        CHECK(show(Pw(S("x"), B(false), S("y"))) == "y");
        CHECK(show(Pw(S("x"), S("c"), S("y"))) == "(pw x c y)");
    }

    TEST_CASE("Piecewise collapses on equal arms") {
        // Piecewise((x, c), (x, True)) -> x; Piecewise((0, c), (0, True)) -> 0.
        CHECK(show(Pw(S("x"), S("c"), S("x"))) == "x");
        CHECK(show(Pw(I(0), S("c"), I(0))) == "0");
        CHECK(show(Pw(I(0), S("c"), I(1))) == "(pw 0 c 1)");
    }

    TEST_CASE("a nested first arm under the same condition is its first arm") {
        const Sym inner = Pw(S("x"), S("c"), S("y"));
        // Piecewise((Piecewise((x, c), (y, True)), c), (z, True)) -> Piecewise((x, c), (z, True)).
        CHECK(show(Pw(inner, S("c"), S("z"))) == "(pw x c z)");
        // ... then equal arms: -> x.
        CHECK(show(Pw(inner, S("c"), S("x"))) == "x");
        // Another condition (d, or ~c) keeps the nesting, as sympy does.
        CHECK(show(Pw(inner, S("d"), S("z"))) == "(pw (pw x c y) d z)");
        CHECK(show(Pw(inner, Not(S("c")), S("z"))) == "(pw (pw x c y) (not c) z)");
        // A Piecewise in the default arm stays nested, even under the same condition.
        CHECK(show(Pw(S("x"), S("c"), Pw(S("y"), S("c"), S("z")))) == "(pw x c (pw y c z))");
    }

    TEST_CASE("substitution re-canonicalizes") {
        const Sym p = Pw(S("x"), Not(S("c")), S("y"));
        // p.subs(c, True) -> y; p.subs(c, False) -> x; p.subs(y, x) -> x.
        CHECK(show(p->subs("c", B(true))) == "y");
        CHECK(show(p->subs("c", B(false))) == "x");
        CHECK(show(p->subs("y", S("x"))) == "x");
        CHECK(show(p->subs("x", I(3))) == "(pw 3 (not c) y)");
        CHECK(show(p->subs("q", I(3))) == show(p));  // an absent symbol
        // The original is unchanged.
        CHECK(show(p) == "(pw x (not c) y)");
        CHECK(show(Not(S("c"))->subs("c", B(false))) == "true");
    }

    TEST_CASE("free symbols") {
        // Piecewise((x, ~c), (Piecewise((y, d), (0, True)), True)).free_symbols.
        const Sym e = Pw(S("x"), Not(S("c")), Pw(S("y"), S("d"), I(0)));
        CHECK(free_of(e) == "c d x y");
        CHECK(free_of(e->subs("x", I(3))) == "c d y");
        CHECK(free_of(I(2)) == "-");
        CHECK(free_of(Not(S("c"))) == "c");
    }

    TEST_CASE("truthiness as Python's bool()") {
        CHECK_FALSE(sym_truthy(I(0)));
        CHECK(sym_truthy(I(2)));
        CHECK_FALSE(sym_truthy(B(false)));
        CHECK(sym_truthy(B(true)));
        CHECK(sym_truthy(S("c")));
    }

    TEST_CASE("sympy's canonical forms of random constructions") {
        std::istringstream in(test::read_text(test::source_path("tests/data/sym_expr/cases.txt")));
        int ncases = 0, nsubs = 0, lineno = 0, case_line = 0;
        Sym cur;
        for (std::string line; std::getline(in, line);) {
            ++lineno;
            if (line.empty() || line[0] == '#') continue;
            const size_t sp = line.find(' ');
            const std::string key = line.substr(0, sp);
            const std::string rest = sp == std::string::npos ? "" : line.substr(sp + 1);
            CAPTURE(lineno);
            CAPTURE(case_line);
            if (key == "build") {
                case_line = lineno;
                cur = Builder(rest).parse();
            } else if (key == "result") {
                REQUIRE(cur);
                CHECK(show(cur) == rest);
                // The printed form is canonical: building it again changes nothing.
                CHECK(show(Builder(rest).parse()) == rest);
            } else if (key == "free") {
                CHECK(free_of(cur) == rest);
            } else if (key == "subs") {
                const size_t arrow = rest.find(" -> ");
                REQUIRE(arrow != std::string::npos);
                const auto w = test::split_words(rest.substr(0, arrow));
                REQUIRE(w.size() == 2);
                cur = cur->subs(w[0], value_of(w[1]));
                CHECK(show(cur) == rest.substr(arrow + 4));
                ++nsubs;
            } else if (key == "end") {
                ++ncases;
                cur.reset();
            } else {
                FAIL("bad line " << line);
            }
        }
        CHECK(ncases == 300);
        CHECK(nsubs > 100);
    }

}  // TEST_SUITE
