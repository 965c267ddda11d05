// Networks as JSON data (format documented in nns/README.md).
#pragma once

#include <string>

#include "core/formats/py_json.h"
#include "core/model/network.h"

namespace nndf {

/// The most layers a network may have, counted after LSTM cells expand. The
/// search's cost grows linearly with the layers, but the result lists every
/// layer's schedule (about 5 kB of JSON per layer, several times that while
/// it is built): 20,000 layers make a document of about 100 MB, which the page
/// (a 32-bit WebAssembly memory, then a JavaScript string) still holds.
constexpr size_t kMaxNetworkLayers = 20000;

/// Builds a network from its JSON document. Throws InputError whose path
/// names the layer and field, e.g. `layers[4] "conv2_a".nofm`.
Network network_from_json(const OJson& doc);

/// Parses the text of a network file; `what` names it in errors.
Network network_from_json_text(const std::string& text, const std::string& what);

/// Per-layer facts as a JSON list: shape, prevs (null = input), ops at batch 1
/// and filter size, plus the nn_layer_stats figures at `batch` and `word_bits`.
OJson network_layers_json(const Network& net, i64 batch, i64 word_bits);

}  // namespace nndf
