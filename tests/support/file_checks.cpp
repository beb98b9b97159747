#include "vrs/test/file_checks.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <system_error>

#include "vrs/test/temp_dir.hpp"

namespace vrs::test {

unsigned mode_of(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw std::system_error(errno, std::generic_category(), "stat " + path.string());
  return st.st_mode & 07777;
}

std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out[e.path().filename().string()] = read_text_file(e.path());
  return out;
}

}  // namespace vrs::test
