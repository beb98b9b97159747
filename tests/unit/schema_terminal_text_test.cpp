// schema::terminal_safe: the one function that makes outside text safe for a terminal.
#include <catch2/catch.hpp>

#include <string>

#include "vrs/schema/terminal_text.hpp"

using vrs::schema::terminal_safe;

TEST_CASE("printable ASCII and well-formed UTF-8 pass unchanged", "[schema][terminal]") {
  CHECK(terminal_safe("AUS-ABF", 64) == "AUS-ABF");
  CHECK(terminal_safe("", 64).empty());
  CHECK(terminal_safe(" !~", 3) == " !~");
  CHECK(terminal_safe("Zo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80", 64) == "Zo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80");
  CHECK(terminal_safe("\xC2\xA0", 64) == "\xC2\xA0");  // U+00A0 is the first code point after C1
}

TEST_CASE("escape sequences and C0 controls become '?'", "[schema][terminal]") {
  CHECK(terminal_safe("\x1b[31mred\x1b[0m", 64) == "?[31mred?[0m");
  CHECK(terminal_safe("a\rb\nc\td\be", 64) == "a?b?c?d?e");
  CHECK(terminal_safe(std::string("x\0y", 3), 64) == "x?y");
  CHECK(terminal_safe("del\x7f", 64) == "del?");
}

TEST_CASE("C1 controls become '?'", "[schema][terminal]") {
  CHECK(terminal_safe("\xC2\x9B" "31m", 64) == "?31m");  // CSI
  CHECK(terminal_safe("a\xC2\x80z", 64) == "a?z");
  CHECK(terminal_safe("a\xC2\x9Fz", 64) == "a?z");
}

TEST_CASE("each byte of malformed UTF-8 becomes '?'", "[schema][terminal]") {
  CHECK(terminal_safe("\x9B" "31m", 64) == "?31m");                 // a lone C1 byte, not UTF-8
  CHECK(terminal_safe("a\xFF\xFE", 64) == "a??");                   // never valid
  CHECK(terminal_safe("\xC0\xAF", 64) == "??");                     // overlong '/'
  CHECK(terminal_safe("\xED\xA0\x80", 64) == "???");                // a surrogate
  CHECK(terminal_safe("\xF4\x90\x80\x80", 64) == "????");           // above U+10FFFF
  CHECK(terminal_safe("\xE2\x82", 64) == "??");                     // cut short at the end
  CHECK(terminal_safe("\xE2\x82" "A", 64) == "??A");                // cut short inside
}

TEST_CASE("long text is cut at max_bytes on a code-point boundary", "[schema][terminal]") {
  CHECK(terminal_safe("abcdef", 6) == "abcdef");
  CHECK(terminal_safe("abcdefg", 6) == "abcdef...");
  CHECK(terminal_safe("abcdef", 0) == "...");
  // "é" is two bytes: with 4 bytes allowed, "abc" fits and the é would straddle the cut.
  CHECK(terminal_safe("abc\xC3\xA9z", 4) == "abc...");
  CHECK(terminal_safe("abc\xC3\xA9z", 5) == "abc\xC3\xA9...");
  // A 4-byte code point is kept whole or not at all.
  CHECK(terminal_safe("\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 6) == "\xF0\x9F\x98\x80...");
  // Replaced bytes count as the bytes of input they stand for.
  CHECK(terminal_safe("\x1b\x1b\x1b\x1b", 2) == "??...");
  CHECK(terminal_safe("\xC2\x9B\xC2\x9B", 3) == "?...");
}
