#pragma once
// The schema of the project file as forward-only migrations: migration i (counted from 1)
// takes a file from `user_version` i-1 to i. Never edit a migration that has shipped; add
// a new one.

#include <string_view>
#include <vector>

namespace inzicht::store {

// 'INZT': marks an SQLite file as an inzicht project (PRAGMA application_id).
inline constexpr int kApplicationId = 0x494E5A54;

const std::vector<std::string_view>& migrations();

}  // namespace inzicht::store
