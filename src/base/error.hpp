#pragma once
// The one error hierarchy of inzicht. Core code throws these; the command line catches
// them once in main and prints "inzicht: error: <what>" with exit status 1. Every message
// names the file and the place (line, XML part, offset) where that is known.

#include <stdexcept>
#include <string>

namespace inzicht {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad input: an unreadable file, a malformed transcript, a bad argument.
class InputError : public Error {
 public:
  using Error::Error;
};

// Something asked for by name or id does not exist.
class NotFoundError : public Error {
 public:
  using Error::Error;
};

// An edit to something that changed meanwhile (a coding another coder moved or deleted),
// or one that would make what exists already (the same coding twice): refused rather than
// overwriting or repeating the other change.
class ConflictError : public Error {
 public:
  using Error::Error;
};

// The project file could not be read or written.
class StorageError : public Error {
 public:
  using Error::Error;
};

}  // namespace inzicht
