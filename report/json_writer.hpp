#pragma once
// A streaming JSON writer for the large reports (result.json of thousands of
// runs): it appends text as it goes instead of building a tree, about ten
// times faster than nlohmann::json for such documents. Its layout is
// nlohmann's dump(2) (two-space indent, "key": value), so small parts built as
// nlohmann values (embed) blend in. Numbers print as the shortest text that
// reads back as the same double, with ".0" on whole numbers so they stay
// floating point for readers that type them; non-finite numbers print null.
//
// Misuse (a value where a key is due, unbalanced ends) is a programming error
// caught by assertions in debug builds. Not thread-safe: one writer per document.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwnas {

class JsonWriter {
public:
  // Appends to `out`.
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // The key of the next member of the current object.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(double v);
  JsonWriter& value(const std::optional<double>& v) { return v ? value(*v) : null(); }
  JsonWriter& value(std::uint64_t v);
  JsonWriter& value(std::int64_t v);
  JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& value(bool v);
  JsonWriter& value(std::string_view v);
  JsonWriter& value(const char* v) { return value(std::string_view(v)); }
  JsonWriter& value(const std::string& v) { return value(std::string_view(v)); }
  JsonWriter& null();
  // A value built with nlohmann::json, laid out at the current depth.
  JsonWriter& embed(const nlohmann::ordered_json& v);

private:
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  void before_value();  // the comma and newline a new array element or member needs
  void newline();

  std::string& out_;
  struct Level {
    char bracket;
    bool empty = true;
  };
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace hwnas
