#include "analysis/profile_matrix.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "base/strings.hpp"
#include "base/csv.hpp"
#include "base/error.hpp"
#include "table/table.hpp"
#include "text/text.hpp"

namespace inzicht::analysis {

namespace {

// The whole of `text` as a double, if it is one: decimal, with an optional sign and
// exponent; "inf", "nan" and values beyond a double's range come back not finite.
std::optional<double> to_double(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) return HUGE_VAL;  // refused as not finite
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

class Place {
 public:
  Place(const ProfileMatrix& matrix, std::size_t line) : matrix_(matrix), line_(line) {}
  std::string at() const { return matrix_.source + ":" + std::to_string(line_); }
  std::string at(std::size_t feature) const {
    return at() + ", column " + std::to_string(feature + 2) + " (" + matrix_.features[feature] +
           ")";
  }

 private:
  const ProfileMatrix& matrix_;
  std::size_t line_;
};

double value_of(const std::string& field, const Place& place, std::size_t feature) {
  const std::string text = trim(field);
  if (text.empty()) {
    throw InputError(place.at(feature) + ": the value is empty (write 0 for none)");
  }
  const std::optional<double> value = to_double(text);
  if (!value) {
    std::string hint;
    if (std::string dotted = text; dotted.find(',') != std::string::npos) {
      for (char& c : dotted) c = c == ',' ? '.' : c;
      if (to_double(dotted)) hint = " (write a decimal point: " + dotted + ")";
    }
    throw InputError(place.at(feature) + ": '" + text + "' is not a number" + hint);
  }
  if (!std::isfinite(*value)) {
    throw InputError(place.at(feature) + ": '" + text + "' is not a finite number");
  }
  return *value;
}

}  // namespace

ProfileMatrix parse_profile_matrix(std::string_view bytes, const std::string& source) {
  const std::vector<CsvRow> rows = read_csv(bytes, source);
  if (rows.empty()) {
    throw InputError(source +
                     ": empty; expected a header row: a label column, then one "
                     "column per feature");
  }
  ProfileMatrix matrix;
  matrix.source = source;
  const CsvRow& header = rows.front();
  if (header.fields.size() < 2) {
    const bool semicolons = header.fields.front().find(';') != std::string::npos;
    throw InputError(source + ":" + std::to_string(header.line) +
                     ": no feature columns; the header needs a label column and at least one "
                     "feature" +
                     (semicolons ? " (separate the fields by commas, not semicolons)" : ""));
  }
  for (std::size_t i = 1; i < header.fields.size(); ++i) {
    matrix.features.push_back(trim(header.fields[i]));
  }
  std::map<std::string, std::size_t> line_of_label;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    const Place place(matrix, row.line);
    if (row.fields.size() != header.fields.size()) {
      throw InputError(place.at() + ": " + std::to_string(row.fields.size()) +
                       " fields, but the header has " + std::to_string(header.fields.size()));
    }
    const std::string label = text::to_nfc(trim(row.fields.front()));
    if (label.empty()) throw InputError(place.at() + ": the label (column 1) is empty");
    const auto [first, fresh] = line_of_label.emplace(label, row.line);
    if (!fresh) {
      throw InputError(place.at() + ": label '" + label + "' appears twice (first on line " +
                       std::to_string(first->second) + ")");
    }
    std::vector<double> values;
    values.reserve(matrix.features.size());
    for (std::size_t f = 0; f < matrix.features.size(); ++f) {
      values.push_back(value_of(row.fields[f + 1], place, f));
    }
    matrix.labels.push_back(label);
    matrix.lines.push_back(row.line);
    matrix.rows.push_back(std::move(values));
  }
  if (matrix.rows.size() < 2) {
    throw InputError(source + ": " + std::to_string(matrix.rows.size()) +
                     " row(s) below the header; clustering needs at least two");
  }
  return matrix;
}

std::vector<std::vector<double>> profile_rows(const ProfileMatrix& matrix, FeatureValue value) {
  std::vector<std::vector<double>> rows = matrix.rows;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<double>& row = rows[r];
    switch (value) {
      case FeatureValue::raw:
        break;
      case FeatureValue::presence:
        for (double& x : row) x = x != 0 ? 1.0 : 0.0;
        break;
      case FeatureValue::share: {
        double sum = 0;
        for (std::size_t f = 0; f < row.size(); ++f) {
          if (row[f] < 0) {
            throw InputError(Place(matrix, matrix.lines[r]).at(f) + ": " + table::to_text(row[f]) +
                             " is negative; --value share needs values of at least 0");
          }
          sum += row[f];
        }
        if (sum > 0) {
          for (double& x : row) x /= sum;
        }
        break;
      }
    }
  }
  return rows;
}

Clustering cluster_matrix(const ProfileMatrix& matrix, FeatureValue value,
                          const ClusterMethod& method) {
  return cluster(profile_rows(matrix, value), method);
}

}  // namespace inzicht::analysis
