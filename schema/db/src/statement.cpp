#include "vrs/db/statement.hpp"

#include <limits>
#include <utility>

#include "sqlite.hpp"

namespace vrs::db {
namespace {

std::string text_of(const unsigned char* text, int bytes) {
  if (text == nullptr || bytes <= 0) return {};
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes)};
}

}  // namespace

Result<void> Statement::Impl::check(int rc, std::string_view what) const {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return {};
  std::string context = db_path != nullptr ? *db_path : std::string("database");
  context += ": ";
  context += what;
  context += " [";
  context += detail::sql_excerpt(sqlite3_sql(stmt.get()) != nullptr ? sqlite3_sql(stmt.get()) : "");
  context += "]";
  return detail::check(db, rc, context);
}

Statement::Statement(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Statement::Statement(Statement&&) noexcept = default;
Statement& Statement::operator=(Statement&&) noexcept = default;
Statement::~Statement() = default;

Result<void> Statement::bind_int64(int index, std::int64_t value) {
  return impl_->check(sqlite3_bind_int64(impl_->stmt.get(), index, static_cast<sqlite3_int64>(value)), "bind");
}

Result<void> Statement::bind_double(int index, double value) {
  return impl_->check(sqlite3_bind_double(impl_->stmt.get(), index, value), "bind");
}

Result<void> Statement::bind_text(int index, std::string_view value) {
  if (value.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return fail(ErrorCode::InvalidArgument, "bind: text too large");
  }
  // Bindings copy (SQLITE_TRANSIENT): the caller's buffer may go away right after.
  return impl_->check(sqlite3_bind_text(impl_->stmt.get(), index, value.data(), static_cast<int>(value.size()),
                                        SQLITE_TRANSIENT),
                      "bind");
}

Result<void> Statement::bind_blob(int index, crypto::ByteView value) {
  if (value.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return fail(ErrorCode::InvalidArgument, "bind: blob too large");
  }
  // A zero-length blob must still be a blob, not NULL: sqlite3_bind_zeroblob for that case.
  if (value.empty()) return impl_->check(sqlite3_bind_zeroblob(impl_->stmt.get(), index, 0), "bind");
  return impl_->check(sqlite3_bind_blob(impl_->stmt.get(), index, value.data(), static_cast<int>(value.size()),
                                        SQLITE_TRANSIENT),
                      "bind");
}

Result<void> Statement::bind_null(int index) {
  return impl_->check(sqlite3_bind_null(impl_->stmt.get(), index), "bind");
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(impl_->stmt.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  auto checked = impl_->check(rc, "step");
  // After a failed step the statement needs a reset before reuse; reset repeats the error
  // code, which we already have.
  (void)sqlite3_reset(impl_->stmt.get());
  return fail(checked.error());
}

Result<void> Statement::run() {
  VRS_TRY(auto stepped, step());
  if (stepped) {
    (void)sqlite3_reset(impl_->stmt.get());
    return fail(ErrorCode::Internal, "run(): statement returned a row [" +
                                         detail::sql_excerpt(sqlite3_sql(impl_->stmt.get())) + "]");
  }
  return reset();
}

Result<void> Statement::reset() { return impl_->check(sqlite3_reset(impl_->stmt.get()), "reset"); }

void Statement::clear_bindings() noexcept { (void)sqlite3_clear_bindings(impl_->stmt.get()); }

int Statement::column_count() const noexcept { return sqlite3_column_count(impl_->stmt.get()); }

ColumnType Statement::column_type(int index) const noexcept {
  switch (sqlite3_column_type(impl_->stmt.get(), index)) {
    case SQLITE_INTEGER: return ColumnType::Integer;
    case SQLITE_FLOAT: return ColumnType::Float;
    case SQLITE_TEXT: return ColumnType::Text;
    case SQLITE_BLOB: return ColumnType::Blob;
    default: return ColumnType::Null;
  }
}

bool Statement::column_is_null(int index) const noexcept { return column_type(index) == ColumnType::Null; }

std::int64_t Statement::column_int64(int index) const noexcept {
  return static_cast<std::int64_t>(sqlite3_column_int64(impl_->stmt.get(), index));
}

double Statement::column_double(int index) const noexcept { return sqlite3_column_double(impl_->stmt.get(), index); }

std::string Statement::column_text(int index) const {
  // Call the value accessor first, then _bytes (SQLite's documented safe order).
  const unsigned char* text = sqlite3_column_text(impl_->stmt.get(), index);
  return text_of(text, sqlite3_column_bytes(impl_->stmt.get(), index));
}

crypto::Bytes Statement::column_blob(int index) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(impl_->stmt.get(), index));
  const int size = sqlite3_column_bytes(impl_->stmt.get(), index);
  if (data == nullptr || size <= 0) return {};
  return {data, data + size};
}

std::string Statement::column_name(int index) const {
  const char* name = sqlite3_column_name(impl_->stmt.get(), index);
  return name != nullptr ? std::string(name) : std::string();
}

std::string_view Statement::sql() const noexcept {
  const char* text = sqlite3_sql(impl_->stmt.get());
  return text != nullptr ? std::string_view(text) : std::string_view();
}

CachedStatement::CachedStatement(std::unique_ptr<Statement> owned) noexcept
    : stmt_(owned.get()), owned_(std::move(owned)) {}

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      owned_(std::move(other.owned_)) {}

CachedStatement::~CachedStatement() {
  if (stmt_ == nullptr) return;
  // Hand back clean: an unfinished statement would hold a read transaction open.
  (void)stmt_->reset();
  stmt_->clear_bindings();
  if (in_use_ != nullptr) *in_use_ = false;
}

}  // namespace vrs::db
