#pragma once
/// Small files on disk, as every VRS tool keeps them (CA directory, server directory, client
/// profile): whole-file reads with a size limit, and atomic writes (temporary file in the same
/// directory, fsync, rename or link, fsync of the directory), so a crash or a full disk never
/// leaves a half-written index, CRL, certificate or configuration behind.

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "vrs/common/error.hpp"

namespace vrs {

enum class Replace { No, Yes };

/// Reads all of `path` (at most `max_size` bytes). NotFound if it does not exist,
/// InvalidArgument if it is not a regular file or too large; messages name the path.
Result<std::string> read_text_file(const std::filesystem::path& path, std::size_t max_size);

/// Writes `content` to `path` with exactly `mode` (umask-proof). With Replace::No an existing
/// `path` is AlreadyExists and stays untouched (link(2) makes that check atomic).
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view content, mode_t mode,
                                   Replace replace = Replace::Yes);

/// fsync(2) of a directory, so a rename or unlink in it survives a crash ("" = ".").
Result<void> fsync_dir(const std::filesystem::path& dir);

/// "0644" for a mode.
std::string mode_string(mode_t mode);

}  // namespace vrs
