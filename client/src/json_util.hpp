#pragma once
// Small helpers for reading JSON objects with errors that name the document and the field.
// Boost.JSON is compiled in vrs_schema; this only includes the headers.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "vrs/common/error.hpp"

namespace vrs::client::json_util {

namespace json = boost::json;

/// Parses `text` as one JSON object (depth-limited). InvalidArgument "<what>: ..." otherwise.
Result<json::object> parse_object(std::string_view text, std::string_view what);

class Reader {
 public:
  Reader(const json::object& object, std::string what) : object_(&object), what_(std::move(what)) {}

  [[nodiscard]] bool has(std::string_view key) const {
    const json::value* value = object_->if_contains(json::string_view(key.data(), key.size()));
    return value != nullptr && !value->is_null();
  }
  Result<std::string> string(std::string_view key) const;
  /// Absent or null → nullopt.
  Result<std::optional<std::string>> optional_string(std::string_view key) const;
  Result<std::int64_t> integer(std::string_view key) const;
  Result<std::optional<std::int64_t>> optional_integer(std::string_view key) const;
  Result<bool> boolean(std::string_view key) const;
  Result<const json::array*> array(std::string_view key) const;
  Result<const json::object*> object(std::string_view key) const;
  /// Calls `read` with a Reader on each item of the array `key`, the item named "<path>[i]"
  /// (`path` defaults to "<what>.<key>"); InvalidArgument "<path>[i]: expected an object"
  /// for an item that is not an object. Stops at the first error.
  Result<void> each_object(std::string_view key, const std::function<Result<void>(const Reader&)>& read,
                           std::string_view path = {}) const;

  [[nodiscard]] Error error(std::string_view key, std::string_view problem) const;
  [[nodiscard]] const std::string& what() const noexcept { return what_; }

 private:
  Result<const json::value*> required(std::string_view key) const;
  const json::object* object_;
  std::string what_;
};

}  // namespace vrs::client::json_util
