#include "json_parse.hpp"

#include <set>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include "text.hpp"

namespace vrs::schema::detail {
namespace {

namespace json = boost::json;
using json::error_code;

// A DOM-building handler (like Boost.JSON's own detail::handler) that also tracks the keys of
// every open object to reject duplicates.
struct StrictHandler {
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  json::value_stack st;
  std::vector<std::set<std::string, std::less<>>> keys;
  std::string key_buf;
  std::string duplicate;  // set when a duplicate key stopped the parse

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) {
    keys.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t n, error_code&) {
    keys.pop_back();
    st.push_object(n);
    return true;
  }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t n, error_code&) {
    st.push_array(n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, error_code&) {
    key_buf.append(s.data(), s.size());
    st.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, error_code& ec) {
    key_buf.append(s.data(), s.size());
    if (!keys.back().insert(key_buf).second) {
      duplicate = key_buf;
      ec = json::error::syntax;
      return false;
    }
    key_buf.clear();
    st.push_key(s);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, error_code&) {
    st.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, error_code&) {
    st.push_string(s);
    return true;
  }
  bool on_number_part(json::string_view, error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, error_code&) {
    st.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, error_code&) {
    st.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view, error_code&) {
    st.push_double(d);
    return true;
  }
  bool on_bool(bool b, error_code&) {
    st.push_bool(b);
    return true;
  }
  bool on_null(error_code&) {
    st.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }
};

bool is_json_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

tl::expected<json::value, std::string> parse_json_strict(std::string_view text,
                                                         std::size_t max_depth) {
  json::parse_options opt;  // standard JSON only
  opt.max_depth = max_depth;
  json::basic_parser<StrictHandler> parser(opt);
  parser.handler().st.reset();
  error_code ec;
  const std::size_t n = parser.write_some(false, text.data(), text.size(), ec);
  if (ec) {
    if (!parser.handler().duplicate.empty())
      return tl::unexpected("duplicate key " + quote(parser.handler().duplicate) + " at byte " +
                            std::to_string(n));
    std::string reason = ec.message();
    if (ec == json::error::too_deep)
      reason = "nested deeper than " + std::to_string(max_depth) + " levels";
    return tl::unexpected("invalid JSON at byte " + std::to_string(n) + ": " + reason);
  }
  for (std::size_t i = n; i < text.size(); ++i) {
    if (!is_json_space(text[i]))
      return tl::unexpected("invalid JSON at byte " + std::to_string(i) +
                            ": unexpected data after the JSON value");
  }
  return parser.handler().st.release();
}

}  // namespace vrs::schema::detail
