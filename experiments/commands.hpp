#pragma once
// The `hwnas` subcommands, each registered on a CLI11 app. Kept out of main.cpp
// so that tests can drive the same code paths.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace hwnas {

void add_query_command(CLI::App& app, const std::optional<std::string>& data_dir);
void add_search_command(CLI::App& app, const std::optional<std::string>& data_dir);
void add_compare_command(CLI::App& app, const std::optional<std::string>& data_dir);
void add_analyze_command(CLI::App& app, const std::optional<std::string>& data_dir);
void add_predict_command(CLI::App& app, const std::optional<std::string>& data_dir);
void add_measure_command(CLI::App& app, const std::optional<std::string>& data_dir);

}  // namespace hwnas
