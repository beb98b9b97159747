#pragma once
/// Namespace aliases for the Asio/Beast code of the server (Beast example style). Asio and
/// Beast are compiled once in vrs_tls (separate compilation): include only their headers.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace vrs::server::transport {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

}  // namespace vrs::server::transport
