#pragma once
/// What every networked command needs: the profile directory and a per-operation timeout.

#include <chrono>
#include <filesystem>

namespace vrs::client::net {

struct NetworkOptions {
  std::filesystem::path home;
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
};

}  // namespace vrs::client::net
