#pragma once
// The words of the study report in the languages it is written in, Dutch and English, from
// one catalogue (strings.cpp): a translation is one more column there, not a hunt through
// the sections.

#include <string>
#include <string_view>
#include <vector>

namespace inzicht::report {

// The report's language for a project's: "nl" for Dutch, "en" for every other language.
std::string report_language(std::string_view project_language);

// The catalogue's text of `key` in `language` ("nl" or "en"), with "{1}", "{2}" … replaced
// by `args`. An unknown key is a bug: throws std::logic_error.
std::string text(std::string_view language, std::string_view key,
                 const std::vector<std::string>& args = {});

// Every key of the catalogue (for the test that each has both languages and its places).
std::vector<std::string_view> text_keys();

// `text` bound to one language, so that a section reads t("key", {arg}).
class Words {
 public:
  explicit Words(std::string language) : language_(std::move(language)) {}
  std::string operator()(std::string_view key, const std::vector<std::string>& args = {}) const {
    return text(language_, key, args);
  }
  const std::string& language() const { return language_; }

 private:
  std::string language_;
};

}  // namespace inzicht::report
