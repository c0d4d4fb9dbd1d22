#pragma once
// The one way codebook/ reads a YAML file (codebooks, study files, persona names): checked
// as UTF-8, then its events looked at before yaml-cpp builds a tree, since the tree is
// where hostile files hurt. Used by codebook/*.cpp only; it hands out yaml-cpp's nodes, as
// package/xml_part.hpp hands out pugixml's, so that its readers walk them themselves.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "codebook/checks.hpp"

namespace inzicht::codebook {

// The documents of `text`. Refuses, through `problems` (added, then thrown), bytes that are
// not UTF-8, a YAML syntax error, any alias (nine levels of aliases make a few kilobytes
// into billions of values), nesting deeper than `max_nesting` (`nesting_hint` says what is
// allowed) and more values than a bound: the file's bytes (more means yaml-cpp is looping,
// as it did on a mangled codebook the fuzzer made), at most five million. Each with the line.
std::vector<YAML::Node> load_yaml(const std::string& text, Problems& problems, int max_nesting,
                                  const std::string& nesting_hint = "");

// The 1-based line of `node`, 0 when unknown.
int line_of(const YAML::Node& node);
// "a list", "a mapping", "empty" or "text", for messages.
const char* kind_of(const YAML::Node& node);

}  // namespace inzicht::codebook
