// Writing JSON text by hand on hot paths (an API answer per request) without building a DOM:
// a string value, quoted and escaped.
// Thread-safety: pure functions.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace ripple {

// Appends `s` as a JSON string ("..." with \", \\ and control characters escaped).
inline void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out->append(buf);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace ripple
