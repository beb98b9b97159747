#include "vrs/schema/csv_reader.hpp"

#include <new>

namespace vrs::schema {
namespace {

class Tokenizer {
 public:
  Tokenizer(std::string_view text, const CsvLimits& limits) : s_(text), limits_(limits) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  [[nodiscard]] bool done() const noexcept { return pos_ >= s_.size(); }

  CsvRecord next() {
    CsvRecord rec;
    rec.line = line_;
    for (;;) {
      std::string field;
      bool ok = peek() == '"' ? quoted(field, rec) : unquoted(field, rec);
      if (!ok) {
        skip_line();
        return rec;
      }
      if (field.size() > limits_.max_field_bytes && rec.error.empty())
        rec.error = "cell " + std::to_string(rec.fields.size() + 1) + " is longer than " +
                    std::to_string(limits_.max_field_bytes) + " bytes";
      if (rec.fields.size() < limits_.max_columns) {
        rec.fields.push_back(std::move(field));
      } else if (rec.error.empty()) {
        rec.error = "more than " + std::to_string(limits_.max_columns) + " cells";
      }
      if (done()) return rec;
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      end_of_line();  // quoted()/unquoted() stop only at ',', a line end or the end
      return rec;
    }
  }

 private:
  [[nodiscard]] char peek() const noexcept { return done() ? '\0' : s_[pos_]; }

  [[nodiscard]] bool at_line_end() const noexcept {
    return s_[pos_] == '\n' || (s_[pos_] == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n');
  }

  void end_of_line() noexcept {
    if (s_[pos_] == '\r') ++pos_;
    ++pos_;  // '\n'
    ++line_;
  }

  // After an error: drop the rest of the physical line.
  void skip_line() noexcept {
    while (!done()) {
      if (s_[pos_++] == '\n') {
        ++line_;
        return;
      }
    }
  }

  void append(std::string& field, char c) {
    if (field.size() <= limits_.max_field_bytes) field += c;  // one over marks "too long"
  }

  bool quoted(std::string& field, CsvRecord& rec) {
    ++pos_;  // opening quote
    for (;;) {
      if (done()) {
        rec.error = "unterminated quoted field";
        return false;
      }
      const char c = s_[pos_];
      if (c == '"') {
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
          append(field, '"');
          pos_ += 2;
          continue;
        }
        ++pos_;  // closing quote
        if (done() || s_[pos_] == ',' || at_line_end()) return true;
        rec.error = "unexpected character after a closing quote";
        return false;
      }
      if (c == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') {
        ++pos_;
        continue;  // CRLF inside quotes is stored as LF
      }
      if (c == '\n') ++line_;
      append(field, c);
      ++pos_;
    }
  }

  bool unquoted(std::string& field, CsvRecord& rec) {
    while (!done() && s_[pos_] != ',' && !at_line_end()) {
      if (s_[pos_] == '"') {
        rec.error = "a quote inside an unquoted cell (quote the whole cell and double the quote)";
        return false;
      }
      append(field, s_[pos_]);
      ++pos_;
    }
    return true;
  }

  std::string_view s_;
  const CsvLimits& limits_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

Result<std::vector<CsvRecord>> read_csv(std::string_view text, const CsvLimits& limits) {
  if (text.size() > limits.max_input_bytes)
    return fail(ErrorCode::ResourceExhausted,
                "input is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                    std::to_string(limits.max_input_bytes));
  try {
    std::vector<CsvRecord> records;
    Tokenizer tok(text, limits);
    while (!tok.done()) {
      CsvRecord rec = tok.next();
      if (rec.error.empty() && rec.fields.size() == 1 && rec.fields[0].empty()) continue;
      if (records.size() == limits.max_records)
        return fail(ErrorCode::ResourceExhausted,
                    "line " + std::to_string(rec.line) + ": more than " +
                        std::to_string(limits.max_records) + " records");
      records.push_back(std::move(rec));
    }
    return records;
  } catch (const std::bad_alloc&) {
    return fail(ErrorCode::ResourceExhausted, "out of memory while reading CSV");
  }
}

}  // namespace vrs::schema
