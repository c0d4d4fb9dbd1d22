#include "codebook/yaml_load.hpp"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <sstream>

#include "base/utf8.hpp"

namespace inzicht::codebook {

namespace {

// Values in the whole file, a bound on the memory yaml-cpp's tree takes.
constexpr std::size_t kMaxNodes = 5'000'000;

class ShapeCheck : public YAML::EventHandler {
 public:
  struct Stop {
    int line;
    std::string problem;
  };

  // Every value takes at least a byte of the file ("-" of a null item, ":" of a null
  // value), so more values than bytes mean the parser is looping.
  ShapeCheck(std::size_t bytes, int max_nesting, const std::string& nesting_hint)
      : max_nodes_(std::min(kMaxNodes, bytes + 64)),
        max_nesting_(max_nesting),
        nesting_hint_(nesting_hint) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    throw Stop{mark.line + 1,
               "a YAML alias (*name): this file cannot reuse a part of itself by alias; write "
               "each part out in full"};
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void node(const YAML::Mark& mark) {
    if (++nodes_ > max_nodes_) {
      throw Stop{mark.line + 1,
                 max_nodes_ == kMaxNodes
                     ? "more than " + std::to_string(kMaxNodes) + " YAML values"
                     : "more YAML values than the file has bytes; the YAML reader is confused "
                       "here (check the indentation around this line)"};
    }
  }
  void open(const YAML::Mark& mark) {
    node(mark);
    if (++depth_ > max_nesting_) {
      throw Stop{mark.line + 1, "nested more than " + std::to_string(max_nesting_) +
                                    " levels deep" +
                                    (nesting_hint_.empty() ? "" : "; " + nesting_hint_)};
    }
  }

  std::size_t max_nodes_;
  int max_nesting_;
  const std::string& nesting_hint_;
  int depth_ = 0;
  std::size_t nodes_ = 0;
};

int line_of_byte(const std::string& text, std::size_t byte) {
  return 1 + static_cast<int>(
                 std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte), '\n'));
}

}  // namespace

std::vector<YAML::Node> load_yaml(const std::string& text, Problems& problems, int max_nesting,
                                  const std::string& nesting_hint) {
  if (auto bad = inzicht::first_invalid_utf8(text)) {
    problems.add(line_of_byte(text, *bad),
                 "not valid UTF-8 (byte " + std::to_string(*bad) + "); save the file as UTF-8");
    problems.throw_if_any();
  }
  std::vector<YAML::Node> documents;
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    ShapeCheck shape(text.size(), max_nesting, nesting_hint);
    while (parser.HandleNextDocument(shape)) {
    }
    documents = YAML::LoadAll(text);
  } catch (const ShapeCheck::Stop& stop) {
    problems.add(stop.line, stop.problem);
    problems.throw_if_any();
  } catch (const YAML::Exception& error) {
    problems.add(error.mark.is_null() ? 0 : error.mark.line + 1, "YAML syntax error: " + error.msg);
    problems.throw_if_any();
  }
  return documents;
}

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

const char* kind_of(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Null:
      return "empty";
    default:
      return "text";
  }
}

}  // namespace inzicht::codebook
