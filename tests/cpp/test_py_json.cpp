// json.dump's text (core/formats/py_json.h): the result document must read
// like the reference's byte for byte, and Python keeps ints and floats apart.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>

#include "core/formats/float_digits.h"
#include "core/formats/py_json.h"
#include "support.h"

using nndf::OJson;
using nndf::py_float_repr;
using nndf::py_json_dump;

TEST_SUITE("py_json") {
    TEST_CASE("an int prints without a point, a float with one") {
        CHECK(py_json_dump(OJson(0), -1) == "0");
        CHECK(py_json_dump(OJson(0.0), -1) == "0.0");
        CHECK(py_json_dump(OJson(-0.0), -1) == "-0.0");
        CHECK(py_json_dump(OJson(31104), -1) == "31104");
        CHECK(py_json_dump(OJson(31104.0), -1) == "31104.0");
        CHECK(py_json_dump(OJson::array({0, 0.0, 1, 1.0}), -1) == "[0, 0.0, 1, 1.0]");
    }

    TEST_CASE("floats print as Python's repr") {
        CHECK(py_float_repr(0.1) == "0.1");
        CHECK(py_float_repr(1e16) == "1e+16");
        CHECK(py_float_repr(1234567890123456.0) == "1234567890123456.0");
        CHECK(py_float_repr(0.0001) == "0.0001");
        CHECK(py_float_repr(1.5e-05) == "1.5e-05");
        CHECK(py_float_repr(2e-12) == "2e-12");
        CHECK(py_float_repr(606971904.0) == "606971904.0");
        CHECK(py_float_repr(1.0 / 3) == "0.3333333333333333");
        CHECK(py_float_repr(std::numeric_limits<double>::infinity()) == "Infinity");
        CHECK(py_float_repr(-std::numeric_limits<double>::infinity()) == "-Infinity");
        CHECK(py_float_repr(std::numeric_limits<double>::quiet_NaN()) == "NaN");
    }

    TEST_CASE("floats print as Python's repr: Python's own answers") {
        // tests/data/py_float_repr/generate.py: every power of two, random
        // bit patterns, and numbers of the kinds a result holds.
        std::istringstream lines(
            nndf::test::read_text(nndf::test::source_path("tests/data/py_float_repr/cases.tsv")));
        int count = 0;
        for (std::string line; std::getline(lines, line);) {
            const size_t tab = line.find('\t');
            const std::uint64_t bits = std::stoull(line.substr(0, tab), nullptr, 16);
            double v;
            std::memcpy(&v, &bits, sizeof v);
            const std::string repr = line.substr(tab + 1);
            INFO(line);
            CHECK(py_float_repr(v) == repr);
            CHECK(py_float_repr(-v) == "-" + repr);
            ++count;
        }
        CHECK(count > 3000);
    }

    TEST_CASE("the exact digits (for libraries without std::to_chars) are the shortest digits") {
        auto same = [](double v) {
            const nndf::FloatDigits a = nndf::shortest_float_digits(v);
            const nndf::FloatDigits b = nndf::float_digits_exact(v);
            return a.count == b.count && a.exp10 == b.exp10 &&
                   std::memcmp(a.digits, b.digits, static_cast<size_t>(a.count)) == 0;
        };
        auto digits = [](double v) {
            const nndf::FloatDigits d = nndf::float_digits_exact(v);
            return std::string(d.digits, static_cast<size_t>(d.count)) + "e" +
                   std::to_string(d.exp10);
        };
        // Below a power of two the neighbour is twice as close: the nearest
        // 17 digits of 2^-24 (...0625) are not needed, 16 digits above read back.
        CHECK(digits(std::ldexp(1.0, -24)) == "5960464477539063e-8");
        // Two shortest candidates equally close: the even digit.
        CHECK(digits(1125899906842624.25) == "11258999068426242e15");
        CHECK(digits(1125899906842624.75) == "11258999068426248e15");
        CHECK(digits(5e-324) == "5e-324");
        CHECK(digits(std::numeric_limits<double>::max()) == "17976931348623157e308");
        CHECK(digits(100.0) == "1e2");
        CHECK(digits(0.3) == "3e-1");
        for (int k = -1074; k < 1024; ++k) {
            INFO("2^" << k);
            CHECK(same(std::ldexp(1.0, k)));
        }
        std::istringstream lines(
            nndf::test::read_text(nndf::test::source_path("tests/data/py_float_repr/cases.tsv")));
        for (std::string line; std::getline(lines, line);) {
            const std::uint64_t bits = std::stoull(line.substr(0, line.find('\t')), nullptr, 16);
            double v;
            std::memcpy(&v, &bits, sizeof v);
            INFO(line);
            CHECK(same(v));
        }
        std::mt19937_64 rng(7);
        int differ = 0;
        for (int i = 0; i < 100000; ++i) {
            const std::uint64_t bits = rng() >> 1;  // positive
            double v;
            std::memcpy(&v, &bits, sizeof v);
            if (std::isfinite(v) && v != 0 && !same(v)) ++differ;
            const double ratio = static_cast<double>(rng() % 1000000000 + 1) /
                                 static_cast<double>(rng() % 1000000000 + 1);
            if (!same(ratio)) ++differ;
            if (!same(ratio * 1e-12)) ++differ;
        }
        CHECK(differ == 0);
    }

    TEST_CASE("indent 2 as json.dump(indent=2): one value a line, empty containers inline") {
        OJson j;
        j["a"] = OJson::array({0, 0.5});
        j["b"] = OJson::object();
        j["c"] = OJson::array();
        j["d"] = true;
        j["e"] = nullptr;
        CHECK(py_json_dump(j, 2) ==
              "{\n"
              "  \"a\": [\n"
              "    0,\n"
              "    0.5\n"
              "  ],\n"
              "  \"b\": {},\n"
              "  \"c\": [],\n"
              "  \"d\": true,\n"
              "  \"e\": null\n"
              "}");
        CHECK(py_json_dump(j, -1) ==
              "{\"a\": [0, 0.5], \"b\": {}, \"c\": [], \"d\": true, \"e\": null}");
    }
}
