#include "coding/pseudonym_key.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "coding/pseudonymise.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "text/text.hpp"

namespace inzicht::coding {

namespace {

using Json = nlohmann::ordered_json;

// An encrypted key file: magic, salt, Argon2id costs (little-endian), nonce, then the
// JSON sealed with XChaCha20-Poly1305; everything before the ciphertext is authenticated
// as additional data, so a changed cost or salt fails like a wrong passphrase.
constexpr std::string_view kMagic = "INZICHT-KEY-1\n";
constexpr std::string_view kFormat = "inzicht-pseudonym-key";

void init_sodium() {
  if (sodium_init() < 0) throw Error("libsodium cannot be initialised");
}

std::string random_hex(std::size_t bytes) {
  init_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

void put_u64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

std::uint64_t get_u64(std::string_view in) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(in[static_cast<std::size_t>(i)]);
  }
  return value;
}

std::string derive(const std::string& passphrase, const std::string& salt, std::uint64_t ops,
                   std::uint64_t mem) {
  init_sodium();
  std::string secret(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, '\0');
  if (crypto_pwhash(reinterpret_cast<unsigned char*>(secret.data()), secret.size(),
                    passphrase.data(), passphrase.size(),
                    reinterpret_cast<const unsigned char*>(salt.data()), ops,
                    static_cast<std::size_t>(mem), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw Error("not enough memory to derive the key from the passphrase");
  }
  return secret;
}

Json span_json(const Span& span) { return Json::array({span.start, span.end}); }

Span span_from(const Json& json) { return {json.at(0).get<Offset>(), json.at(1).get<Offset>()}; }

template <typename K>
Json spans_json(const std::map<K, Span>& spans) {
  Json out = Json::array();
  for (const auto& [k, span] : spans) out.push_back({k, span.start, span.end});
  return out;
}

template <typename K>
std::map<K, Span> spans_from(const Json& json) {
  std::map<K, Span> out;
  for (const auto& row : json) {
    out[row.at(0).get<K>()] = {row.at(1).get<Offset>(), row.at(2).get<Offset>()};
  }
  return out;
}

template <typename K>
Json strings_json(const std::map<K, std::string>& values) {
  Json out = Json::array();
  for (const auto& [k, value] : values) out.push_back({k, value});
  return out;
}

template <typename K>
std::map<K, std::string> strings_from(const Json& json) {
  std::map<K, std::string> out;
  for (const auto& row : json) out[row.at(0).get<K>()] = row.at(1).get<std::string>();
  return out;
}

Json record_json(const AppliedRecord& record) {
  Json documents = Json::array();
  for (const DocumentRecord& d : record.documents) {
    Json replacements = Json::array();
    for (const Replacement& r : d.replacements) replacements.push_back({r.at, r.length, r.original});
    Json codings = Json::array();
    for (const auto& [id, spans] : d.codings) {
      codings.push_back({id, span_json(spans.first), span_json(spans.second)});
    }
    Json document = {{"id", d.id},
                     {"before_sha256", d.before_sha256},
                     {"after_sha256", d.after_sha256},
                     {"replacements", replacements},
                     {"codings", codings},
                     {"turns", spans_json(d.turns)},
                     {"paragraphs", spans_json(d.paragraphs)},
                     {"sentences", spans_json(d.sentences)},
                     {"speakers", strings_json(d.speakers)},
                     {"coding_memos", strings_json(d.coding_memos)}};
    if (d.name) document["name"] = *d.name;
    if (d.source_path) document["source_path"] = *d.source_path;
    documents.push_back(std::move(document));
  }
  Json attributes = Json::array();
  for (const auto& [where, value] : record.attributes) {
    attributes.push_back({where.first, where.second, value});
  }
  return {{"id", record.id},
          {"applied_at", record.applied_at},
          {"documents", documents},
          {"case_names", strings_json(record.case_names)},
          {"attributes", attributes},
          {"memos", strings_json(record.memos)},
          {"code_descriptions", strings_json(record.code_descriptions)},
          {"code_details", strings_json(record.code_details)}};
}

AppliedRecord record_from(const Json& json) {
  AppliedRecord record;
  record.id = json.at("id").get<std::string>();
  record.applied_at = json.at("applied_at").get<std::string>();
  for (const Json& d : json.at("documents")) {
    DocumentRecord document;
    document.id = d.at("id").get<std::int64_t>();
    document.before_sha256 = d.at("before_sha256").get<std::string>();
    document.after_sha256 = d.at("after_sha256").get<std::string>();
    for (const Json& r : d.at("replacements")) {
      document.replacements.push_back(
          {r.at(0).get<Offset>(), r.at(1).get<Offset>(), r.at(2).get<std::string>()});
    }
    for (const Json& c : d.at("codings")) {
      document.codings[c.at(0).get<std::int64_t>()] = {span_from(c.at(1)), span_from(c.at(2))};
    }
    document.turns = spans_from<std::size_t>(d.at("turns"));
    document.paragraphs = spans_from<std::size_t>(d.at("paragraphs"));
    document.sentences = spans_from<std::size_t>(d.at("sentences"));
    document.speakers = strings_from<std::size_t>(d.at("speakers"));
    document.coding_memos = strings_from<std::int64_t>(d.at("coding_memos"));
    if (d.contains("name")) document.name = d.at("name").get<std::string>();
    if (d.contains("source_path")) document.source_path = d.at("source_path").get<std::string>();
    record.documents.push_back(std::move(document));
  }
  record.case_names = strings_from<std::int64_t>(json.at("case_names"));
  for (const Json& a : json.at("attributes")) {
    record.attributes[{a.at(0).get<std::int64_t>(), a.at(1).get<std::string>()}] =
        a.at(2).get<std::string>();
  }
  record.memos = strings_from<std::int64_t>(json.at("memos"));
  record.code_descriptions = strings_from<std::int64_t>(json.at("code_descriptions"));
  record.code_details = strings_from<std::int64_t>(json.at("code_details"));
  return record;
}

std::string key_json(const PseudonymKey& key) {
  Json entries = Json::array();
  for (const PseudonymEntry& entry : key.entries) {
    entries.push_back({{"pseudonym", entry.pseudonym},
                       {"category", to_string(entry.category)},
                       {"originals", entry.originals}});
  }
  Json json = {{"format", kFormat}, {"version", 1}, {"id", key.id}};
  json["project"] = key.project_id ? Json{{"id", *key.project_id}, {"name", key.project_name}}
                                   : Json(nullptr);
  json["entries"] = std::move(entries);
  json["applied"] = key.applied ? record_json(*key.applied) : Json(nullptr);
  return json.dump(2) + "\n";
}

PseudonymKey key_from(const std::string& path, std::string_view text) {
  Json json;
  try {
    json = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw InputError(path + ": not a pseudonym key (" + e.what() + ")");
  }
  if (!json.is_object() || json.value("format", "") != kFormat) {
    throw InputError(path + ": not a pseudonym key (no \"format\": \"" + std::string(kFormat) +
                     "\")");
  }
  if (json.value("version", 0) != 1) {
    throw InputError(path + ": a pseudonym key of a newer inzicht (version " +
                     json.value("version", Json(0)).dump() + ")");
  }
  PseudonymKey key;
  try {
    key.id = json.at("id").get<std::string>();
    if (!json.at("project").is_null()) {
      key.project_id = json.at("project").at("id").get<std::string>();
      key.project_name = json.at("project").value("name", "");
    }
    std::size_t n = 0;
    for (const Json& e : json.at("entries")) {
      ++n;
      PseudonymEntry entry;
      entry.pseudonym = e.at("pseudonym").get<std::string>();
      try {
        entry.category = parse_category(e.at("category").get<std::string>());
      } catch (const InputError& error) {
        throw InputError("entry " + std::to_string(n) + ": " + error.what());
      }
      for (const Json& o : e.at("originals")) {
        entry.originals.push_back(text::to_nfc(o.get<std::string>()));
      }
      key.entries.push_back(std::move(entry));
    }
    if (json.contains("applied") && !json.at("applied").is_null()) {
      key.applied = record_from(json.at("applied"));
    }
  } catch (const Json::exception& e) {
    throw InputError(path + ": a damaged pseudonym key: " + e.what());
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
  try {
    check_key(key);
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
  return key;
}

std::string next_pseudonym(const PseudonymKey& key, PseudonymCategory category,
                           const std::string& original) {
  std::string label;
  switch (category) {
    case PseudonymCategory::person: label = "Persoon"; break;
    case PseudonymCategory::organisation: {
      label = "Organisatie";
      const std::string folded = text::fold_text(original);
      for (const char* school : {"school", "college", "hogeschool", "universiteit", "academie",
                                 "roc ", "roc", "instituut"}) {
        if (folded.find(school) != std::string::npos) label = "School";
      }
      break;
    }
    case PseudonymCategory::place: label = "Plaats"; break;
    case PseudonymCategory::date: label = "Datum"; break;
    case PseudonymCategory::other: label = "Anders"; break;
  }
  for (int n = 1;; ++n) {
    std::string candidate = "[" + label + " " + std::to_string(n) + "]";
    if (key.find(candidate) == nullptr) return candidate;
  }
}

}  // namespace

const char* to_string(PseudonymCategory category) {
  switch (category) {
    case PseudonymCategory::person: return "person";
    case PseudonymCategory::organisation: return "organisation";
    case PseudonymCategory::place: return "place";
    case PseudonymCategory::date: return "date";
    case PseudonymCategory::other: return "other";
  }
  return "other";
}

PseudonymCategory parse_category(std::string_view name) {
  for (auto category : {PseudonymCategory::person, PseudonymCategory::organisation,
                        PseudonymCategory::place, PseudonymCategory::date,
                        PseudonymCategory::other}) {
    if (name == to_string(category)) return category;
  }
  throw InputError("unknown category '" + std::string(name) +
                   "' (person, organisation, place, date or other)");
}

std::string PseudonymKey::fingerprint() const { return "pk-" + id.substr(0, 16); }

const PseudonymEntry* PseudonymKey::find(std::string_view name) const {
  for (const PseudonymEntry& entry : entries) {
    if (entry.pseudonym == name) return &entry;
    if (std::find(entry.originals.begin(), entry.originals.end(), name) != entry.originals.end()) {
      return &entry;
    }
  }
  return nullptr;
}

PseudonymEntry* PseudonymKey::find(std::string_view name) {
  return const_cast<PseudonymEntry*>(std::as_const(*this).find(name));
}

PseudonymKey new_key() {
  PseudonymKey key;
  key.id = random_hex(16);
  return key;
}

KeyLock lock_with(const std::string& passphrase, std::uint64_t opslimit, std::uint64_t memlimit) {
  if (passphrase.empty()) throw InputError("the passphrase is empty");
  init_sodium();
  KeyLock lock;
  lock.salt.assign(crypto_pwhash_SALTBYTES, '\0');
  randombytes_buf(lock.salt.data(), lock.salt.size());
  lock.opslimit = opslimit ? opslimit : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  lock.memlimit = memlimit ? memlimit : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  lock.secret = derive(passphrase, lock.salt, lock.opslimit, lock.memlimit);
  return lock;
}

bool is_encrypted_key(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(kMagic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in.gcount() == static_cast<std::streamsize>(head.size()) && head == kMagic;
}

PseudonymKey load_key(const std::string& path, const std::function<std::string()>& passphrase) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw NotFoundError(path + ": no such pseudonym key (make one with: inzicht pseudonyms add)");
  }
  const std::string bytes = read_file(path);
  if (bytes.compare(0, kMagic.size(), kMagic) != 0) return key_from(path, bytes);

  init_sodium();
  const std::size_t salt_at = kMagic.size();
  const std::size_t costs_at = salt_at + crypto_pwhash_SALTBYTES;
  const std::size_t nonce_at = costs_at + 16;
  const std::size_t sealed_at = nonce_at + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (bytes.size() < sealed_at + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    throw InputError(path + ": a damaged pseudonym key (too short)");
  }
  KeyLock lock;
  lock.salt = bytes.substr(salt_at, crypto_pwhash_SALTBYTES);
  lock.opslimit = get_u64(std::string_view(bytes).substr(costs_at, 8));
  lock.memlimit = get_u64(std::string_view(bytes).substr(costs_at + 8, 8));
  // Costs outside libsodium's bounds, or far beyond what we write, mean a damaged header;
  // refusing them keeps a hostile file from asking for terabytes of memory.
  if (lock.opslimit < crypto_pwhash_OPSLIMIT_MIN || lock.opslimit > 64 ||
      lock.memlimit < crypto_pwhash_MEMLIMIT_MIN ||
      lock.memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE) {
    throw InputError(path + ": a damaged pseudonym key (impossible Argon2id costs)");
  }
  lock.secret = derive(passphrase(), lock.salt, lock.opslimit, lock.memlimit);
  const std::string_view sealed = std::string_view(bytes).substr(sealed_at);
  std::string plain(sealed.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long plain_length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_length, nullptr,
          reinterpret_cast<const unsigned char*>(sealed.data()), sealed.size(),
          reinterpret_cast<const unsigned char*>(bytes.data()), sealed_at,
          reinterpret_cast<const unsigned char*>(bytes.data() + nonce_at),
          reinterpret_cast<const unsigned char*>(lock.secret.data())) != 0) {
    throw InputError(path + ": wrong passphrase (or the key file is damaged); nothing changed");
  }
  plain.resize(static_cast<std::size_t>(plain_length));
  PseudonymKey key = key_from(path, plain);
  sodium_memzero(plain.data(), plain.size());
  key.lock = std::move(lock);
  return key;
}

void save_key(const std::string& path, const PseudonymKey& key) {
  check_key(key);
  std::string plain = key_json(key);
  std::string bytes;
  if (!key.lock) {
    bytes = std::move(plain);
  } else {
    init_sodium();
    bytes.assign(kMagic);
    bytes += key.lock->salt;
    put_u64(bytes, key.lock->opslimit);
    put_u64(bytes, key.lock->memlimit);
    std::string nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, '\0');
    randombytes_buf(nonce.data(), nonce.size());
    bytes += nonce;
    const std::size_t header = bytes.size();
    std::string sealed(plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long sealed_length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char*>(sealed.data()), &sealed_length,
        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
        reinterpret_cast<const unsigned char*>(bytes.data()), header, nullptr,
        reinterpret_cast<const unsigned char*>(nonce.data()),
        reinterpret_cast<const unsigned char*>(key.lock->secret.data()));
    sealed.resize(static_cast<std::size_t>(sealed_length));
    bytes += sealed;
    sodium_memzero(plain.data(), plain.size());
  }
  write_file_atomically(path, bytes);
  std::error_code ec;
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      std::filesystem::perm_options::replace, ec);
}

void check_key(const PseudonymKey& key) {
  std::map<std::string, std::string> owner;  // original → pseudonym
  std::map<std::string, int> pseudonyms;
  for (const PseudonymEntry& entry : key.entries) {
    if (entry.pseudonym.empty()) throw InputError("an entry has an empty pseudonym");
    for (const char c : entry.pseudonym) {
      if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
        throw InputError("pseudonym '" + entry.pseudonym +
                         "' holds a quote, backslash or control character");
      }
    }
    if (++pseudonyms[entry.pseudonym] > 1) {
      throw InputError("pseudonym '" + entry.pseudonym + "' is in two entries");
    }
    if (entry.originals.empty()) {
      throw InputError("pseudonym '" + entry.pseudonym + "' has no original spelling");
    }
    for (const std::string& original : entry.originals) {
      if (original.empty()) {
        throw InputError("pseudonym '" + entry.pseudonym + "' has an empty original");
      }
      const auto [at, fresh] = owner.emplace(original, entry.pseudonym);
      if (!fresh) {
        throw InputError("'" + original + "' is listed under both '" + at->second + "' and '" +
                         entry.pseudonym + "'");
      }
    }
  }
  // An original inside a pseudonym would be replaced again inside what apply wrote, and
  // revert could no longer tell the two apart. Whole words, as apply matches: "Per" may
  // stay beside "[Persoon 1]".
  const PseudonymMatcher matcher(key.entries);
  for (const auto& [pseudonym, count] : pseudonyms) {
    (void)count;
    const auto inside = matcher.find_all(pseudonym);
    if (!inside.empty()) {
      const PseudonymEntry& entry = key.entries[inside.front().entry];
      throw InputError("original '" + entry.originals[inside.front().original] +
                       "' occurs in pseudonym '" + pseudonym + "'; choose another pseudonym");
    }
  }
}

const PseudonymEntry& add_pseudonym(PseudonymKey& key, const std::vector<std::string>& originals,
                                    std::optional<PseudonymCategory> category,
                                    const std::optional<std::string>& pseudonym) {
  if (originals.empty()) throw InputError("name at least one original spelling");
  std::vector<std::string> spellings;
  for (const std::string& original : originals) {
    const std::string nfc = text::to_nfc(original);
    if (nfc.empty()) throw InputError("an original spelling is empty");
    if (const PseudonymEntry* other = key.find(nfc)) {
      if (other->pseudonym == nfc) {
        throw InputError("'" + nfc + "' is a pseudonym in this key, not an original");
      }
      if (!pseudonym || other->pseudonym != *pseudonym) {
        throw InputError("'" + nfc + "' is in the key already, as '" + other->pseudonym + "'");
      }
      continue;
    }
    if (std::find(spellings.begin(), spellings.end(), nfc) == spellings.end()) {
      spellings.push_back(nfc);
    }
  }
  PseudonymKey changed = key;
  PseudonymEntry* entry = pseudonym ? changed.find(*pseudonym) : nullptr;
  if (entry != nullptr && entry->pseudonym != *pseudonym) entry = nullptr;
  if (entry != nullptr) {
    if (category && *category != entry->category) {
      throw InputError("'" + *pseudonym + "' is a " + to_string(entry->category) + ", not a " +
                       to_string(*category));
    }
    entry->originals.insert(entry->originals.end(), spellings.begin(), spellings.end());
  } else {
    PseudonymEntry fresh;
    fresh.category = category.value_or(PseudonymCategory::person);
    fresh.pseudonym =
        pseudonym ? text::to_nfc(*pseudonym) : next_pseudonym(changed, fresh.category,
                                                              spellings.front());
    fresh.originals = spellings;
    changed.entries.push_back(std::move(fresh));
    entry = &changed.entries.back();
  }
  const std::string name = entry->pseudonym;
  check_key(changed);
  key = std::move(changed);
  return *key.find(name);
}

std::string sha256_hex(std::string_view bytes) {
  init_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace inzicht::coding
