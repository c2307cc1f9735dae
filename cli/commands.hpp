#pragma once
// The `hwnas` subcommands: a registry of entries, each a name, the one-line
// description `--help` shows, and the function that gives the subcommand its
// options and its callback. run_cli (cli.hpp) makes one subcommand per entry,
// in the registry's order. A new command is its file (the add_*_command
// function), its declaration and entry in commands.cpp, and its line in
// CMakeLists.txt.
#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>

#include "core/registry.hpp"

namespace hwnas {

struct CommandInfo {
  std::string name;
  std::string description;
  // Adds the options and the callback to `command` (already named and described).
  // `data_dir` is the global --data-dir; it outlives the command.
  std::function<void(CLI::App& command, const std::optional<std::string>& data_dir)> add;
};

// Every command (safe from any thread; the built-in ones in commands.cpp).
const Registry<CommandInfo>& commands();

}  // namespace hwnas
