// Writing the YAML codebook with yaml-cpp's emitter, which knows when a text needs quotes.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>

#include "codebook/checks.hpp"
#include "codebook/codebook_io.hpp"

namespace inzicht::codebook {
namespace {

// A literal block (`|`) reads best for several lines, but yaml-cpp writes it without a
// chomping indicator, so it is only used where reading it back gives the same text; the
// reader drops the final newline a block adds.
bool fits_literal_block(const std::string& text) {
  if (text.find('\n') == std::string::npos) return false;
  if (text.front() == ' ' || text.front() == '\n' || text.back() == '\n') return false;
  if (text.find('\r') != std::string::npos || text.find('\t') != std::string::npos) return false;
  if (text.find(" \n") != std::string::npos) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x20 || c == '\n'; });
}

void emit_text(YAML::Emitter& out, const std::string& text) {
  if (fits_literal_block(text)) out << YAML::Literal;
  out << text;
}

void emit_texts(YAML::Emitter& out, const char* key, const std::vector<std::string>& texts) {
  if (texts.empty()) return;
  out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (const std::string& text : texts) emit_text(out, text);
  out << YAML::EndSeq;
}

void emit_terms(YAML::Emitter& out, const char* key, const std::vector<std::string>& terms) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const std::string& term : terms) out << term;
  out << YAML::EndSeq;
}

void emit_rule(YAML::Emitter& out, const model::Rule& rule) {
  out << YAML::BeginMap;
  if (!rule.keywords.empty()) emit_terms(out, "keywords", rule.keywords);
  if (!rule.all.empty()) emit_terms(out, "all", rule.all);
  if (!rule.any.empty()) emit_terms(out, "any", rule.any);
  if (rule.near) {
    out << YAML::Key << "near" << YAML::Value << YAML::Flow << YAML::BeginMap;
    emit_terms(out, "terms", rule.near->terms);
    out << YAML::Key << "within" << YAML::Value << rule.near->within << YAML::EndMap;
  }
  if (rule.regex) {
    out << YAML::Key << "regex" << YAML::Value << *rule.regex;
    if (rule.regex_case_sensitive) out << YAML::Key << "case_sensitive" << YAML::Value << true;
  }
  if (!rule.not_terms.empty()) emit_terms(out, "not", rule.not_terms);
  if (rule.scope != model::Unit::sentence) {
    out << YAML::Key << "scope" << YAML::Value << model::to_string(rule.scope);
  }
  if (rule.speaker != model::SpeakerFilter::respondent) {
    out << YAML::Key << "speaker" << YAML::Value << model::to_string(rule.speaker);
  }
  if (!rule.stem) out << YAML::Key << "stem" << YAML::Value << false;
  if (!rule.where.empty()) {
    out << YAML::Key << "where" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& [name, value] : rule.where) out << name + "=" + value;
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

class Writer {
 public:
  explicit Writer(const model::Codebook& codebook)
      : codebook_(codebook), children_(children_by_parent(codebook)) {}

  std::string write() {
    out_ << YAML::Comment("inzicht codebook; the format is described in docs/codebook-format.md");
    out_ << YAML::BeginMap;
    if (!codebook_.name.empty()) out_ << YAML::Key << "codebook" << YAML::Value << codebook_.name;
    out_ << YAML::Key << "codes" << YAML::Value;
    emit_codes("");
    out_ << YAML::EndMap;
    return std::string(out_.c_str()) + "\n";
  }

 private:
  void emit_codes(const std::string& parent_path) {
    out_ << YAML::BeginSeq;
    const auto it = children_.find(parent_path);
    if (it != children_.end()) {
      for (std::size_t index : it->second) emit_code(codebook_.codes[index]);
    }
    out_ << YAML::EndSeq;
  }

  void emit_code(const model::Code& code) {
    out_ << YAML::BeginMap;
    out_ << YAML::Key << "name" << YAML::Value << code.name;
    if (!code.guid.empty()) out_ << YAML::Key << "id" << YAML::Value << code.guid;
    if (!code.description.empty()) {
      out_ << YAML::Key << "description" << YAML::Value;
      emit_text(out_, code.description);
    }
    if (!code.codable) out_ << YAML::Key << "codable" << YAML::Value << false;
    if (code.color) out_ << YAML::Key << "color" << YAML::Value << *code.color;
    emit_texts(out_, "include", code.include);
    emit_texts(out_, "exclude", code.exclude);
    emit_texts(out_, "examples", code.examples);
    if (!code.fields.empty()) {
      out_ << YAML::Key << "fields" << YAML::Value << YAML::BeginMap;
      for (const auto& [name, value] : code.fields) {
        out_ << YAML::Key << name << YAML::Value;
        emit_text(out_, value);
      }
      out_ << YAML::EndMap;
    }
    if (!code.rules.empty()) {
      out_ << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
      for (const model::Rule& rule : code.rules) emit_rule(out_, rule);
      out_ << YAML::EndSeq;
    }
    if (children_.count(code.path) != 0) {
      out_ << YAML::Key << "children" << YAML::Value;
      emit_codes(code.path);
    }
    out_ << YAML::EndMap;
  }

  const model::Codebook& codebook_;
  std::map<std::string, std::vector<std::size_t>> children_;  // parent path → code indexes
  YAML::Emitter out_;
};

}  // namespace

std::string write_yaml(const model::Codebook& codebook) { return Writer(codebook).write(); }

}  // namespace inzicht::codebook
