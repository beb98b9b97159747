#include "vrs/test/temp_dir.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace vrs::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "vrs-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp");
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::vector<unsigned char> read_file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string read_text_file(const std::filesystem::path& path) {
  const auto bytes = read_file_bytes(path);
  return {bytes.begin(), bytes.end()};
}

void write_file(const std::filesystem::path& path, const std::string& content, unsigned mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path.string());
    out << content;
  }
  if (::chmod(path.c_str(), static_cast<mode_t>(mode)) != 0) {
    throw std::system_error(errno, std::generic_category(), "chmod " + path.string());
  }
}

}  // namespace vrs::test
