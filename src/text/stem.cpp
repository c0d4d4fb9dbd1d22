// The Dutch Snowball stemmer (libstemmer).

#include <libstemmer.h>

#include <climits>
#include <new>
#include <string>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::text {

struct Stemmer::Impl {
  sb_stemmer* stemmer = nullptr;
};

Stemmer::Stemmer() : impl_(std::make_unique<Impl>()) {
  impl_->stemmer = sb_stemmer_new("dutch", "UTF_8");
  if (!impl_->stemmer) throw Error("cannot create the Dutch Snowball stemmer");
}

Stemmer::~Stemmer() { sb_stemmer_delete(impl_->stemmer); }

std::string Stemmer::stem(std::string_view word) {
  if (word.size() > static_cast<std::size_t>(INT_MAX)) return std::string(word);
  const sb_symbol* stemmed =
      sb_stemmer_stem(impl_->stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                      static_cast<int>(word.size()));
  if (!stemmed) throw std::bad_alloc();  // libstemmer's only failure
  return std::string(reinterpret_cast<const char*>(stemmed),
                     static_cast<std::size_t>(sb_stemmer_length(impl_->stemmer)));
}

}  // namespace inzicht::text
