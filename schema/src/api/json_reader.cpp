#include "vrs/schema/api/json_reader.hpp"

namespace vrs::schema::api {

Result<json::object> parse_object(std::string_view text, std::string_view what) {
  json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::system::error_code ec;
  json::value value = json::parse(json::string_view(text.data(), text.size()), ec, json::storage_ptr(), options);
  if (ec) return fail(ErrorCode::InvalidArgument, std::string(what) + ": not valid JSON (" + ec.message() + ")");
  if (!value.is_object()) return fail(ErrorCode::InvalidArgument, std::string(what) + ": expected a JSON object");
  return std::move(value.as_object());
}

Error Reader::error(std::string_view key, std::string_view problem) const {
  return {ErrorCode::InvalidArgument, what_ + ": field \"" + std::string(key) + "\" " + std::string(problem)};
}

Result<const json::value*> Reader::required(std::string_view key) const {
  const json::value* value = object_->if_contains(json::string_view(key.data(), key.size()));
  if (value == nullptr) return fail(error(key, "is missing"));
  return value;
}

Result<std::string> Reader::string(std::string_view key) const {
  VRS_TRY(auto value, required(key));
  if (!value->is_string()) return fail(error(key, "must be a string"));
  const auto& s = value->get_string();
  return std::string(s.data(), s.size());
}

Result<void> Reader::strings(std::initializer_list<std::pair<std::string_view, std::string*>> fields) const {
  for (const auto& [key, target] : fields) {
    VRS_TRY(*target, string(key));
  }
  return {};
}

Result<std::optional<std::string>> Reader::optional_string(std::string_view key) const {
  const json::value* value = object_->if_contains(json::string_view(key.data(), key.size()));
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) return fail(error(key, "must be a string or null"));
  const auto& s = value->get_string();
  return std::optional<std::string>(std::string(s.data(), s.size()));
}

Result<std::int64_t> Reader::integer(std::string_view key) const {
  VRS_TRY(auto value, required(key));
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(value->get_uint64());
  }
  return fail(error(key, "must be an integer"));
}

Result<std::optional<std::int64_t>> Reader::optional_integer(std::string_view key) const {
  const json::value* value = object_->if_contains(json::string_view(key.data(), key.size()));
  if (value == nullptr || value->is_null()) return std::optional<std::int64_t>();
  VRS_TRY(auto n, integer(key));
  return std::optional<std::int64_t>(n);
}

Result<bool> Reader::boolean(std::string_view key) const {
  VRS_TRY(auto value, required(key));
  if (!value->is_bool()) return fail(error(key, "must be true or false"));
  return value->get_bool();
}

Result<const json::array*> Reader::array(std::string_view key) const {
  VRS_TRY(auto value, required(key));
  if (!value->is_array()) return fail(error(key, "must be an array"));
  return &value->get_array();
}

Result<const json::object*> Reader::object(std::string_view key) const {
  VRS_TRY(auto value, required(key));
  if (!value->is_object()) return fail(error(key, "must be an object"));
  return &value->get_object();
}

Result<void> Reader::each_object(std::string_view key, const std::function<Result<void>(const Reader&)>& read,
                                 std::string_view path) const {
  VRS_TRY(const json::array* items, array(key));
  const std::string prefix = path.empty() ? what_ + "." + std::string(key) : std::string(path);
  std::size_t i = 0;
  for (const auto& item : *items) {
    const std::string where = prefix + "[" + std::to_string(i++) + "]";
    if (!item.is_object()) return fail(ErrorCode::InvalidArgument, where + ": expected an object");
    VRS_TRY_VOID(read(Reader(item.get_object(), where)));
  }
  return {};
}

}  // namespace vrs::schema::api
