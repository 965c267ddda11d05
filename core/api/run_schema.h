// The run schema: one table holds every field of a search run (its name,
// kind, range, default, unit, label and help) and everything else derives
// from it: the CLI's flags and --help (`--` + the name with dashes), the run
// document's keys (docs/run-config.md, whose table is generated from here),
// the page's form and link keys (the wasm module exports the table), and the
// checks of every value. One name per field everywhere; only the result
// document keeps the reference's own names, since it is the reference's
// format. Compare TensorFlow Playground's state.ts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/api/run_config.h"

namespace nndf {

/// What a field holds, and so how it is written in JSON and on the command line.
enum class FieldKind {
    Network,  ///< A built-in network name or a network document (the CLI's NET).
    Integer,  ///< A whole number.
    Number,   ///< A number, perhaps "inf".
    Pair,     ///< Two whole numbers [h, w] (`--nodes H W`).
    Numbers,  ///< A fixed list of numbers, one per part (`--hier-cost A B C D`).
    Choice,   ///< One of a few words.
    Letters,  ///< Any of a few letters (`--disable-bypass i o`).
    Switch,   ///< On or off (a flag without value).
};

/// Where a field belongs: the run itself (run documents, links, the form) or
/// only the way the CLI runs it.
enum class FieldScope { Run, Invocation };

/// The form tab and help section a field is shown in.
enum class FieldGroup { Network, Hardware, Cost, Options, Search };

/// The member of RunConfig a field reads and writes; its type matches the kind.
using FieldSlot =
    std::variant<NetworkChoice RunConfig::*, i64 RunConfig::*, std::optional<i64> RunConfig::*,
                 double RunConfig::*, PhyDim2 RunConfig::*, std::array<double, 4> RunConfig::*,
                 std::string RunConfig::*, bool RunConfig::*>;

struct RunField {
    std::string name;  ///< The document key and link key; `--` + dashed name is the flag.
    FieldKind kind = FieldKind::Switch;
    FieldScope scope = FieldScope::Run;
    FieldGroup group = FieldGroup::Options;
    FieldSlot slot;
    std::vector<std::string> aliases;  ///< Other flags accepted (`-g`, old spellings).
    std::string label;                 ///< A few words, for the form and the docs.
    std::string help;                  ///< One line, for --help, the docs and the form.
    std::string unit;                  ///< e.g. "bytes"; empty if none.
    std::string metavar;               ///< The value in --help, e.g. "H W".
    OJson default_value;               ///< In document form; null for a required field.
    double min = 0, max = 0;           ///< Range of each number (Integer, Number, Pair, Numbers).
    bool inf_allowed = false;          ///< Number: "inf" (unlimited) is also a value.
    /// Integer in an optional slot: the word that leaves it empty ("all"),
    /// and what that means.
    std::string auto_word, auto_means;
    /// Choice: [word, description]; Letters: [letter, description].
    std::vector<std::pair<std::string, std::string>> choices;
    std::vector<std::string> parts;  ///< Numbers, Pair: what each element is.

    bool required() const { return default_value.is_null(); }
    /// The CLI flag: `--` and the name with dashes (NET for the network).
    std::string flag() const;
};

/// Every field, in the order of --help, the docs and the form.
const std::vector<RunField>& run_fields();
/// The field of a name, or nullptr.
const RunField* find_run_field(std::string_view name);
/// The field a JSON path is about (`hier_cost[2]` -> hier_cost,
/// `network.layers[0]...` -> network), or nullptr.
const RunField* run_field_of_path(std::string_view path);
/// The CLI's name for a JSON path: `hier_cost[2]` -> `--hier-cost`,
/// `network...` -> NET; anything else unchanged.
std::string flag_of_path(std::string_view path);

/// A bound or a value as a person writes it: 65536, 0.5, 1e-06, inf.
std::string number_text(double v);

const char* field_kind_name(FieldKind k);
const char* field_group_name(FieldGroup g);

}  // namespace nndf
