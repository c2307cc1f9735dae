#pragma once
// The one way a named kind of thing (searcher, space, objective preset,
// predictor, supernet mode, command, ...) is found: a Registry of entries,
// each with a name, a one-line description and whatever the kind needs to be
// made (a factory, a loader, a value). Help texts, "unknown X, known: ..."
// messages, the Python module's lists and the tests all read a registry, so a
// new entry appears everywhere at once.
//
// Entry is any struct with `std::string name` and `std::string description`
// members. Built-in entries are given at construction, in the order lists
// show them; entries added while the program runs (a searcher written in
// Python) follow them, for as long as their Registration lives.
//
// Thread safety: every member may be called from any thread at any time;
// lookups return copies, so an entry removed meanwhile cannot dangle.
#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace hwnas {

template <typename Entry>
class Registry {
public:
  // `kind` names an entry in messages ("searcher", "space", ...). InputError
  // when two built-in entries share a name.
  Registry(std::string kind, std::vector<Entry> builtin) : kind_(std::move(kind)), state_(std::make_shared<State>()) {
    for (Entry& e : builtin) insert(std::move(e));
  }

  const std::string& kind() const { return kind_; }

  // The entry called `name`, or nullopt.
  std::optional<Entry> find(std::string_view name) const {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    for (const Entry& e : state_->entries) {
      if (e.name == name) return e;
    }
    return std::nullopt;
  }

  // The entry called `name`; InputError "unknown <kind> 'NAME' (known: a, b, c)" when there is none.
  Entry get(std::string_view name) const {
    if (auto e = find(name)) return *std::move(e);
    throw InputError("unknown " + kind_ + " '" + std::string(name) + "' (known: " + join(", ") + ")");
  }

  bool contains(std::string_view name) const { return find(name).has_value(); }

  // Every entry, built-in ones first, in registration order.
  std::vector<Entry> entries() const {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->entries;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const Entry& e : entries()) out.push_back(e.name);
    return out;
  }
  // The names joined by `separator`: "random | rea | ..." for a --help line, "a, b" for a message.
  std::string join(std::string_view separator) const {
    std::string out;
    for (const Entry& e : entries()) out += (out.empty() ? "" : std::string(separator)) + e.name;
    return out;
  }
  // "name: description" of each entry, joined by `separator`.
  std::string describe(std::string_view separator = "; ") const {
    std::string out;
    for (const Entry& e : entries()) out += (out.empty() ? "" : std::string(separator)) + e.name + ": " + e.description;
    return out;
  }

  // An entry added while the program runs, removed when the Registration is
  // destroyed. InputError when the name is empty or taken.
  class Registration {
  public:
    Registration(Registration&& other) noexcept = default;
    Registration& operator=(Registration&&) = delete;
    Registration(const Registration&) = delete;
    ~Registration() {
      if (!state_) return;
      const std::lock_guard<std::mutex> lock(state_->mutex);
      auto& entries = state_->entries;
      entries.erase(std::remove_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.name == name_; }),
                    entries.end());
    }

  private:
    friend class Registry;
    Registration(std::shared_ptr<typename Registry::State> state, std::string name)
        : state_(std::move(state)), name_(std::move(name)) {}
    std::shared_ptr<typename Registry::State> state_;
    std::string name_;
  };

  Registration add(Entry entry) const {
    std::string name = entry.name;
    const_cast<Registry*>(this)->insert(std::move(entry));
    return Registration(state_, std::move(name));
  }

private:
  struct State {
    std::mutex mutex;
    std::vector<Entry> entries;
  };
  void insert(Entry entry) {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    if (entry.name.empty()) throw InputError("a " + kind_ + " needs a name");
    for (const Entry& e : state_->entries) {
      if (e.name == entry.name) throw InputError("a " + kind_ + " named '" + entry.name + "' exists already");
    }
    state_->entries.push_back(std::move(entry));
  }
  std::string kind_;
  std::shared_ptr<State> state_;
};

}  // namespace hwnas
