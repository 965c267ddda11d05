// core/python_compat (cpython_hash.h, cpython_set.h, cpython_set_order.h)
// against CPython 3.11 itself, recorded by
// tests/data/cpython_set_order/generate.py with /usr/bin/python3: the
// iteration order of sets of int 3-tuples (cases.tsv), of int tuples of any
// length built by add and |= (ops.tsv), and str hashes and sets of str-tuple
// tuples under PYTHONHASHSEED=0 (strings.tsv).
#include <doctest/doctest.h>

#include <array>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/formats/py_json.h"
#include "core/python_compat/cpython_set.h"
#include "core/python_compat/cpython_set_order.h"
#include "support.h"

using namespace nndf;

namespace {

using Tuple = std::array<long long, 3>;

struct SetCase {
    int line = 0;
    std::vector<Tuple> items, order;
    std::vector<int64_t> hashes;
};

std::vector<std::string> split_on(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

std::vector<Tuple> parse_tuples(const std::string& field) {
    std::vector<Tuple> out;
    for (const auto& word : test::split_words(field)) {
        const auto parts = split_on(word, ',');
        REQUIRE(parts.size() == 3);
        out.push_back({std::stoll(parts[0]), std::stoll(parts[1]), std::stoll(parts[2])});
    }
    return out;
}

const std::vector<SetCase>& set_cases() {
    static const std::vector<SetCase> cases = [] {
        std::vector<SetCase> v;
        std::istringstream in(
            test::read_text(test::source_path("tests/data/cpython_set_order/cases.tsv")));
        int lineno = 0;
        for (std::string line; std::getline(in, line);) {
            ++lineno;
            if (line.empty() || line[0] == '#') continue;
            const auto fields = split_on(line, '\t');
            REQUIRE(fields.size() == 3);
            SetCase c;
            c.line = lineno;
            c.items = parse_tuples(fields[0]);
            c.order = parse_tuples(fields[1]);
            for (const auto& h : test::split_words(fields[2])) c.hashes.push_back(std::stoll(h));
            v.push_back(std::move(c));
        }
        return v;
    }();
    return cases;
}

using IntTuple = std::vector<int>;
struct IntTuplePyHash {
    int64_t operator()(const IntTuple& t) const { return cpython_int_tuple_hash(t); }
};
using IntTupleSet = CPythonSet<IntTuple, IntTuplePyHash>;

IntTuple parse_int_tuple(const std::string& word) {
    IntTuple t;
    for (const auto& part : split_on(word, ',')) t.push_back(std::stoi(part));
    return t;
}

/// ops.tsv, each line replayed: the set built by its steps, and the order
/// CPython iterated it in.
struct OpsCase {
    int line = 0;
    IntTupleSet set;
    std::vector<IntTuple> order;
    int updates = 0;
};

std::vector<OpsCase> ops_cases() {
    std::vector<OpsCase> v;
    std::istringstream in(
        test::read_text(test::source_path("tests/data/cpython_set_order/ops.tsv")));
    int lineno = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineno;
        if (line.empty() || line[0] == '#') continue;
        const auto fields = split_on(line, '\t');
        REQUIRE(fields.size() == 2);
        OpsCase c;
        c.line = lineno;
        for (const auto& step : test::split_words(fields[0])) {
            if (step[0] == '+') {
                c.set.add(parse_int_tuple(step.substr(1)));
                continue;
            }
            REQUIRE(step[0] == '|');
            IntTupleSet other;
            if (step.size() > 1)
                for (const auto& t : split_on(step.substr(1), ';')) other.add(parse_int_tuple(t));
            c.set.update(other);
            ++c.updates;
        }
        for (const auto& w : test::split_words(fields[1])) c.order.push_back(parse_int_tuple(w));
        v.push_back(std::move(c));
    }
    return v;
}

using Segment = std::vector<std::vector<std::string>>;
struct SegmentPyHash {
    int64_t operator()(const Segment& s) const { return cpython_str_tuple_tuple_hash_seed0(s); }
};

Segment segment_of(const OJson& j) {
    Segment s;
    for (const auto& inner : j) {
        s.emplace_back();
        for (const auto& name : inner) s.back().push_back(name.get<std::string>());
    }
    return s;
}

}  // namespace

TEST_SUITE("cpython_set_order") {
    TEST_CASE("the recorded cases are there") {
        const auto& cases = set_cases();
        REQUIRE(cases.size() == 200);
        size_t with_dups = 0, eight = 0;
        for (const auto& c : cases) {
            CHECK(c.order.size() == c.hashes.size());
            std::set<Tuple> distinct(c.items.begin(), c.items.end());
            CHECK(distinct.size() == c.order.size());
            with_dups += distinct.size() < c.items.size();
            eight += c.items.size() == 8;
        }
        // Duplicates and the table growth past 8 slots are both exercised.
        CHECK(with_dups > 20);
        CHECK(eight > 20);
    }

    TEST_CASE("tuple hashes equal CPython's hash()") {
        for (const auto& c : set_cases()) {
            CAPTURE(c.line);
            for (size_t k = 0; k < c.order.size(); ++k)
                CHECK(cpython_tuple_hash(c.order[k]) == c.hashes[k]);
        }
    }

    TEST_CASE("a few hashes by hand") {
        // hash((1, 2, 3)) and hash((0, 0, 0)) in CPython 3.11.
        CHECK(cpython_tuple_hash({1, 2, 3}) == 529344067295497451LL);
        CHECK(cpython_tuple_hash({0, 0, 0}) == 3010437511937009226LL);
    }

    TEST_CASE("iteration order equals CPython's") {
        for (const auto& c : set_cases()) {
            CAPTURE(c.line);
            CHECK(cpython_set_order(c.items) == c.order);
        }
    }

    TEST_CASE("the array form agrees with the vector form") {
        for (const auto& c : set_cases()) {
            CAPTURE(c.line);
            std::array<Tuple, 8> out{};
            const int m =
                cpython_set_order(c.items.data(), static_cast<int>(c.items.size()), out.data());
            REQUIRE(m == static_cast<int>(c.order.size()));
            CHECK(std::vector<Tuple>(out.begin(), out.begin() + m) == c.order);
        }
    }

    TEST_CASE("empty and single sets") {
        CHECK(cpython_set_order(std::vector<Tuple>{}).empty());
        CHECK(cpython_set_order(std::vector<Tuple>{{4, 2, 1}}) == std::vector<Tuple>{{4, 2, 1}});
        CHECK(cpython_set_order(std::vector<Tuple>{{4, 2, 1}, {4, 2, 1}}) ==
              std::vector<Tuple>{{4, 2, 1}});
    }

    TEST_CASE("int hashes, negative and beyond the modulus") {
        CHECK(cpython_int_hash(0) == 0);
        CHECK(cpython_int_hash(5) == 5);
        CHECK(cpython_int_hash(-1) == -2);  // -1 is CPython's error value
        CHECK(cpython_int_hash(-5) == -5);
        CHECK(cpython_int_hash((1LL << 61) - 1) == 0);
        CHECK(cpython_int_hash(1LL << 61) == 1);
        CHECK(cpython_int_hash(-(1LL << 61)) == -2);  // reduces to -1, the error value
        // hash((1, -1)) and hash(()) in CPython 3.11.
        const int64_t lanes[2] = {cpython_int_hash(1), cpython_int_hash(-1)};
        CHECK(cpython_tuple_hash(lanes, 2) == -6779188579744246035LL);
        CHECK(cpython_tuple_hash(nullptr, 0) == 5740354900026072187LL);
    }

    TEST_CASE("sets of int tuples built by add and |= iterate as CPython's") {
        const auto cases = ops_cases();
        REQUIRE(cases.size() == 240);
        size_t big = 0, with_updates = 0;
        for (const auto& c : cases) {
            CAPTURE(c.line);
            CHECK(c.set.items() == c.order);
            CHECK(c.set.size() == c.order.size());
            big += c.order.size() > 40;  // tables of 128 slots and more
            with_updates += c.updates > 2;
        }
        CHECK(big > 5);
        CHECK(with_updates > 100);
    }

    TEST_CASE("|= differs from adding one by one, as in CPython") {
        // s = {(0,)}; s |= {(0, 1)}; s |= {(0, 2)}: the critical-path
        // candidates of min_fanout3, where the first longest is (0, 2).
        IntTupleSet s;
        s.add({0});
        for (int sp : {1, 2}) {
            IntTupleSet other;
            other.add({0, sp});
            s.update(other);
        }
        CHECK(s.items() == std::vector<IntTuple>{{0}, {0, 2}, {0, 1}});
        // One big resize up front: 5 items merged into a set of 3 take a
        // 16-slot table, not the 32 slots of five add() calls. In CPython:
        // a = {(0,), (1,), (2,)}; a |= {(3,), (4,), (5,), (6,), (27,)}.
        IntTupleSet a, b, other;
        for (int k : {0, 1, 2}) {
            a.add({k});
            b.add({k});
        }
        for (int k : {3, 4, 5, 6, 27}) {
            other.add({k});
            b.add({k});
        }
        a.update(other);
        CHECK(a.items() == std::vector<IntTuple>{{6}, {2}, {5}, {27}, {4}, {1}, {0}, {3}});
        CHECK(b.items() == std::vector<IntTuple>{{6}, {2}, {5}, {4}, {27}, {1}, {0}, {3}});
    }

    TEST_CASE("str hashes under PYTHONHASHSEED=0 and sets of segments") {
        std::istringstream in(
            test::read_text(test::source_path("tests/data/cpython_set_order/strings.tsv")));
        int lineno = 0, hashes = 0, sets = 0, wide = 0;
        for (std::string line; std::getline(in, line);) {
            ++lineno;
            if (line.empty() || line[0] == '#') continue;
            CAPTURE(lineno);
            const auto fields = split_on(line, '\t');
            REQUIRE(fields.size() == 3);
            if (fields[0] == "h") {
                const std::string str = parse_json_text(fields[1], "str").get<std::string>();
                CHECK(cpython_str_hash_seed0(str) == std::stoll(fields[2]));
                for (unsigned char ch : str) wide += ch >= 0xc4;  // beyond latin-1
                ++hashes;
                continue;
            }
            REQUIRE(fields[0] == "s");
            CPythonSet<Segment, SegmentPyHash> set;
            for (const auto& item : parse_json_text(fields[1], "items")) set.add(segment_of(item));
            std::vector<Segment> order;
            for (const auto& item : parse_json_text(fields[2], "order"))
                order.push_back(segment_of(item));
            CHECK(set.items() == order);
            ++sets;
        }
        CHECK(hashes == 207);
        CHECK(sets == 120);
        CHECK(wide > 50);
    }

}  // TEST_SUITE
