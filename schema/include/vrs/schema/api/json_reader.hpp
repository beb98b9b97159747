#pragma once
/// Reading API replies (docs/api.md): a JSON object read field by field, each error naming the
/// document and the field, like `members response: field "role" must be a string`. The server
/// writes these documents and the client reads them with the types of schema/api/.
///
/// Thread-safety: a Reader borrows its object; pure functions otherwise.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/json.hpp>

#include "vrs/common/error.hpp"

namespace vrs::schema::api {

namespace json = boost::json;

/// Largest JSON nesting accepted in a reply.
inline constexpr std::size_t kMaxJsonDepth = 32;

/// Parses `text` as one JSON object (depth-limited). InvalidArgument "<what>: not valid JSON
/// (...)" or "<what>: expected a JSON object" otherwise.
Result<json::object> parse_object(std::string_view text, std::string_view what);

class Reader {
 public:
  Reader(const json::object& object, std::string what) : object_(&object), what_(std::move(what)) {}

  [[nodiscard]] bool has(std::string_view key) const {
    const json::value* value = object_->if_contains(json::string_view(key.data(), key.size()));
    return value != nullptr && !value->is_null();
  }
  Result<std::string> string(std::string_view key) const;
  /// Reads required string fields into their targets, in the order given; stops at the first
  /// error (so it names the same field that reading them one by one would).
  Result<void> strings(std::initializer_list<std::pair<std::string_view, std::string*>> fields) const;
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

/// Parses `text` as one JSON object named `what` and hands a Reader on it to `read`.
template <typename Read>
auto read_object(std::string_view text, std::string_view what, Read&& read) -> decltype(read(std::declval<const Reader&>())) {
  VRS_TRY(auto object, parse_object(text, what));
  return read(Reader(object, std::string(what)));
}

}  // namespace vrs::schema::api
