#include "vrs/server/transport/router.hpp"

namespace vrs::server::transport {
namespace {

bool safe_char(char c) {
  // RFC 3986 unreserved; '%' only as the start of a %XX escape (checked by the caller).
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool percent_decode(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0) return false;
      c = static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
    out += c;
  }
  return true;
}

std::vector<QueryPart> split_query(std::string_view query) {
  std::vector<QueryPart> parts;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto text = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (text.empty()) continue;
    const auto eq = text.find('=');
    parts.push_back({text, text.substr(0, eq), eq == std::string_view::npos ? std::string_view{} : text.substr(eq + 1)});
  }
  return parts;
}

bool split_path(std::string_view path, std::vector<std::string_view>& segments) {
  segments.clear();
  if (path.empty() || path.front() != '/' || path.size() > 2048) return false;
  std::size_t pos = 1;
  while (pos <= path.size()) {
    const std::size_t end = std::min(path.find('/', pos), path.size());
    const std::string_view seg = path.substr(pos, end - pos);
    if (seg.empty() || seg == "." || seg == "..") return false;
    for (std::size_t i = 0; i < seg.size(); ++i) {
      if (seg[i] == '%') {
        if (i + 2 >= seg.size()) return false;
        if (hex_value(seg[i + 1]) < 0 || hex_value(seg[i + 2]) < 0) return false;
        i += 2;
      } else if (!safe_char(seg[i])) {
        return false;
      }
    }
    segments.push_back(seg);
    pos = end + 1;
    if (end == path.size()) break;
  }
  return !segments.empty();
}

void Router::add(Route route) { routes_.push_back(std::move(route)); }

bool Router::allowed(Access access, certs::Role role) noexcept {
  switch (access) {
    case Access::Any: return true;
    case Access::Admin: return role == certs::Role::Admin;
    case Access::NoAdmin: return role != certs::Role::Admin;
    case Access::Reporter: return role == certs::Role::Reporter;
  }
  return false;
}

Router::Match Router::match(boost::beast::http::verb method, std::string_view target) const {
  Match m;
  std::string_view path = target;
  if (auto q = target.find('?'); q != std::string_view::npos) {
    path = target.substr(0, q);
    m.query = std::string(target.substr(q + 1));
  }
  std::vector<std::string_view> segments;
  if (!split_path(path, segments)) return m;
  std::vector<std::string_view> pattern_segments;
  for (const auto& route : routes_) {
    pattern_segments.clear();
    std::string_view p = route.pattern;
    std::size_t pos = 1;
    while (pos <= p.size()) {
      const std::size_t end = std::min(p.find('/', pos), p.size());
      pattern_segments.push_back(p.substr(pos, end - pos));
      pos = end + 1;
      if (end == p.size()) break;
    }
    if (pattern_segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const auto ps = pattern_segments[i];
      if (ps.size() > 2 && ps.front() == '{' && ps.back() == '}') {
        std::string value;
        ok = percent_decode(segments[i], value);
        params.emplace(std::string(ps.substr(1, ps.size() - 2)), std::move(value));
      } else {
        ok = ps == segments[i];
      }
    }
    if (!ok) continue;
    if (route.method == method) {
      m.outcome = Outcome::Found;
      m.route = &route;
      m.params = std::move(params);
      return m;
    }
    m.outcome = Outcome::MethodNotAllowed;
    const auto name = boost::beast::http::to_string(route.method);
    if (m.allow.find(std::string(name.data(), name.size())) == std::string::npos) {
      if (!m.allow.empty()) m.allow += ", ";
      m.allow.append(name.data(), name.size());
    }
  }
  if (m.outcome != Outcome::MethodNotAllowed) m.query.clear();
  return m;
}

}  // namespace vrs::server::transport
