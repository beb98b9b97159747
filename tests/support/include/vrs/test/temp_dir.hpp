#pragma once
/// A fresh private directory under $TMPDIR (mode 0700), removed with everything in it when the
/// object goes out of scope. Tests put databases, key files and PKI material here.

#include <filesystem>
#include <string>
#include <vector>

namespace vrs::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

/// Whole file as bytes (for byte-identical checks).
std::vector<unsigned char> read_file_bytes(const std::filesystem::path& path);
/// Whole file as text; throws if it cannot be read (a test failure).
std::string read_text_file(const std::filesystem::path& path);
/// Writes a file with the given mode (0600 by default).
void write_file(const std::filesystem::path& path, const std::string& content, unsigned mode = 0600);

}  // namespace vrs::test
