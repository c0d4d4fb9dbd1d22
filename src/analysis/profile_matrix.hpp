#pragma once
// A researcher's own profile matrix, read from CSV for `inzicht cluster --profiles`: one
// item per row (a case, a code, anything), one numeric feature per column. It takes the
// place of a project's case profiles, so a matrix made elsewhere (or by `inzicht matrix`)
// can be clustered, and inzicht's clustering checked against another implementation on the
// same numbers.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/case_clusters.hpp"
#include "analysis/cluster.hpp"

namespace inzicht::analysis {

struct ProfileMatrix {
  std::string source;                     // the file, for messages
  std::vector<std::string> features;      // the header's names after the label column
  std::vector<std::string> labels;        // one per row, trimmed, NFC, distinct
  std::vector<std::size_t> lines;         // where each row starts, from 1
  std::vector<std::vector<double>> rows;  // [row][feature], every value finite
};

// The matrix in `bytes`, RFC 4180 CSV read from `source` (for messages): a header row (the
// label column, then one name per feature), then one row per item: its label, then a number
// per feature (a decimal point, an optional sign and exponent: `-1.5`, `+2e-3`; spaces
// around it ignored). Throws
// InputError naming the source, and where it applies the line and column, for bytes that
// are not CSV or UTF-8, no header, a header without a feature column, a row with another
// number of fields than the header, an empty or repeated label, a value that is empty, not
// a number or not finite, and fewer than two rows.
ProfileMatrix parse_profile_matrix(std::string_view bytes, const std::string& source);

// The rows of `matrix` valued by `value`: raw as given; presence 1 for a nonzero value, else
// 0; share each value over its row's sum (a row of zeros stays zeros). Throws InputError
// naming the line and column of a negative value for share, whose shares would not be
// proportions.
std::vector<std::vector<double>> profile_rows(const ProfileMatrix& matrix, FeatureValue value);

// cluster() on the rows of `matrix` valued by `value`; item i is matrix.labels[i].
Clustering cluster_matrix(const ProfileMatrix& matrix, FeatureValue value,
                          const ClusterMethod& method);

}  // namespace inzicht::analysis
