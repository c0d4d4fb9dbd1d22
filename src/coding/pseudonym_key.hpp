#pragma once
// The pseudonym key: which original names (every spelling) become which pseudonym, with a
// category, and, once applied to a project, what is needed to restore it exactly. The key
// is a file of its own, kept apart from the project: plain JSON a team can read and edit,
// or that JSON encrypted with a passphrase (libsodium: Argon2id to derive the key,
// XChaCha20-Poly1305 to seal it). The project only records the key's fingerprint.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.hpp"

namespace inzicht::coding {

enum class PseudonymCategory { person, organisation, place, date, other };

const char* to_string(PseudonymCategory category);
// Throws InputError naming the categories for an unknown one.
PseudonymCategory parse_category(std::string_view name);

// One entity: every spelling of it in the transcripts becomes `pseudonym`.
struct PseudonymEntry {
  std::string pseudonym;
  PseudonymCategory category = PseudonymCategory::other;
  std::vector<std::string> originals;  // NFC, case-sensitive, each in one entry only
};

// One replacement in a document: the text [at, at + length) of the pseudonymised text
// replaced `original`.
struct Replacement {
  Offset at = 0;
  Offset length = 0;
  std::string original;
};

// What pseudonymising one document changed, to restore it byte for byte.
struct DocumentRecord {
  std::int64_t id = 0;
  std::string before_sha256;  // of the original text
  std::string after_sha256;   // of the pseudonymised text
  std::vector<Replacement> replacements;  // by position
  // Spans that mapping back through the replacements would not give back exactly (an
  // end inside a replaced word): the original, and for codings what apply made of it.
  std::map<std::int64_t, std::pair<Span, Span>> codings;  // id → (original, pseudonymised)
  std::map<std::size_t, Span> turns, paragraphs, sentences;
  // Original values of the fields that changed.
  std::map<std::size_t, std::string> speakers;
  std::map<std::int64_t, std::string> coding_memos;
  std::optional<std::string> name, source_path;
};

// What one `pseudonyms apply` changed in a project.
struct AppliedRecord {
  std::string id;  // random; the project records it too
  std::string applied_at;
  std::vector<DocumentRecord> documents;
  std::map<std::int64_t, std::string> case_names;                       // case id → original
  std::map<std::pair<std::int64_t, std::string>, std::string> attributes;  // (case, name)
  std::map<std::int64_t, std::string> memos;                            // memo id → original
  // Codes' descriptions and details (JSON text), which may quote transcripts.
  std::map<std::int64_t, std::string> code_descriptions, code_details;
};

// How an encrypted key is locked: the Argon2id salt and costs and the derived secret.
struct KeyLock {
  std::string salt;
  std::uint64_t opslimit = 0;
  std::uint64_t memlimit = 0;
  std::string secret;  // 32 bytes
};

struct PseudonymKey {
  std::string id;  // random, 32 hex digits; shown as the fingerprint
  std::optional<std::string> project_id;  // bound on the first apply
  std::string project_name;
  std::vector<PseudonymEntry> entries;
  std::optional<AppliedRecord> applied;
  std::optional<KeyLock> lock;  // encrypted when set

  // The key's fingerprint as a project records it: "pk-" and the first 16 hex digits of
  // the id.
  std::string fingerprint() const;
  // The entry with this pseudonym or original, or nullptr.
  const PseudonymEntry* find(std::string_view pseudonym_or_original) const;
  PseudonymEntry* find(std::string_view pseudonym_or_original);
};

// A new, empty key with a fresh id.
PseudonymKey new_key();

// A lock for `passphrase` with a fresh salt. `opslimit` and `memlimit` 0 mean libsodium's
// interactive costs (Argon2id, 64 MiB). Throws InputError for an empty passphrase.
KeyLock lock_with(const std::string& passphrase, std::uint64_t opslimit = 0,
                  std::uint64_t memlimit = 0);

// Whether the file at `path` is an encrypted key (reads its first bytes).
bool is_encrypted_key(const std::string& path);

// Reads the key at `path`. `passphrase` is called only when the file is encrypted.
// Throws NotFoundError when there is no file, InputError naming the file for one that is
// not a key, a wrong passphrase or a damaged file.
PseudonymKey load_key(const std::string& path, const std::function<std::string()>& passphrase);

// Writes `key` to `path` (beside it, then renamed; readable by the owner only), encrypted
// when `key.lock` is set. Throws InputError when it cannot be written.
void save_key(const std::string& path, const PseudonymKey& key);

// The key's own checks: every original and pseudonym non-empty, one entry per original and
// per pseudonym, no original inside a pseudonym, no quote, backslash or control character
// in a pseudonym (it goes into JSON text as it is). Throws InputError saying which.
void check_key(const PseudonymKey& key);

// Adds `originals` as spellings of one entity. When an entry with `pseudonym` exists they
// join it; otherwise a new entry is made, with `pseudonym` or else the next free
// "[Persoon N]", "[Organisatie N]", "[School N]", "[Plaats N]", "[Datum N]", "[Anders N]".
// Returns the entry. Throws InputError when an original is in another entry already.
const PseudonymEntry& add_pseudonym(PseudonymKey& key, const std::vector<std::string>& originals,
                                    std::optional<PseudonymCategory> category,
                                    const std::optional<std::string>& pseudonym);

// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace inzicht::coding
