#pragma once
/// What tests check about files on disk: permission bits and whole-directory snapshots.

#include <filesystem>
#include <map>
#include <string>

namespace vrs::test {

/// The permission bits of `path` (mode & 07777, e.g. 0600); throws (a test failure) if
/// stat(2) fails.
unsigned mode_of(const std::filesystem::path& path);

/// Every file of a directory (not recursive) with its content, keyed by file name:
/// "nothing changed" means equal snapshots.
std::map<std::string, std::string> snapshot(const std::filesystem::path& dir);

}  // namespace vrs::test
