#pragma once
// The iso-codes JSON files, embedded verbatim at configure time (see
// schema/cmake/EmbedIsoCodes.cmake). Concatenating the chunks gives the file.

#include <span>
#include <string_view>

namespace vrs::schema::detail {

std::span<const std::string_view> iso_3166_1_json_chunks() noexcept;
std::span<const std::string_view> iso_4217_json_chunks() noexcept;

}  // namespace vrs::schema::detail
