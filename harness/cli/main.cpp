// shmbench's command line: the only place that turns errors into messages and exit
// codes (common/exit_codes.hpp).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "backends/backend.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "backends/win32_file_dir.hpp"
#include "backends/win32_name.hpp"
#include "cli/ab_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/export_command.hpp"
#include "cli/history_command.hpp"
#include "cli/report_file.hpp"
#include "cli/transfer_command.hpp"
#include "cli/selection.hpp"
#include "cli/stress_command.hpp"
#include "cli/suites.hpp"
#include "common/build_info.hpp"
#include "common/exit_codes.hpp"
#include "common/files.hpp"
#include "common/json_text.hpp"
#include "common/platform.hpp"
#include "common/text.hpp"
#include "common/utf8.hpp"
#include "measure/timer.hpp"
#include "orchestration/cpu_halves.hpp"
#include "os/interrupt.hpp"
#include "os/process.hpp"
#include "os/program_arguments.hpp"
#include "os/sysinfo.hpp"
#include "report/analysis.hpp"
#include "report/environment_report.hpp"
#include "report/report_json.hpp"
#include "report/summary_table.hpp"
#include "scenarios/lifecycle/faults.hpp"
#include "scenarios/lifecycle/lifecycle_run.hpp"
#include "scenarios/lifecycle/lifecycle_worker.hpp"
#include "scenarios/transfer/faults.hpp"

namespace {
using namespace shmbench;

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
#if defined(SHMBENCH_OS_WINDOWS)
  gmtime_s(&utc, &now);
#else
  gmtime_r(&now, &utc);
#endif
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+00:00", &utc);
  return text;
}

// What check_writable made: what run --check-only removes again.
struct WriteProbe {
  std::filesystem::path file;  // empty when the file was there before
  std::filesystem::path made;  // the outermost folder it created, or empty
  void undo() const {
    std::error_code ec;
    if (!file.empty()) std::filesystem::remove(file, ec);
    if (!made.empty()) std::filesystem::remove_all(made, ec);
  }
};

// Creates the report's folder if needed and checks the file can be written. Refused, it
// leaves nothing behind: no folder it made, no empty file.
WriteProbe check_writable(const std::string& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path path = path_from_utf8(out);
  const fs::path parent = path.parent_path();
  WriteProbe probe;
  for (fs::path folder = parent; !folder.empty() && !fs::exists(folder, ec); folder = folder.parent_path()) {
    probe.made = folder;
    if (folder == folder.parent_path()) break;
  }
  if (!parent.empty()) fs::create_directories(parent, ec);
  probe.file = file_a_write_would_create(path);
  if (std::ofstream(path, std::ios::app)) return probe;
  probe.undo();
  throw BadInput{"--out: cannot write '" + out + "'"};
}

// CLI11 reads a number as C's strtol does with base 0: "010" is 8 and "0x10" is 16.
bool reads_as_octal_or_hex(const std::string& value) {
  const std::size_t start = value.find_first_not_of("+- ");
  return start != std::string::npos && start + 1 < value.size() && value[start] == '0' &&
         std::string("0123456789xXbBoO").find(value[start + 1]) != std::string::npos;
}

bool numeric_option(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  return type.find("INT") != std::string::npos || type.find("FLOAT") != std::string::npos;
}

// CLI11 reads a number as strtol does: spaces before it are skipped, spaces after it are
// "Could not convert". Both go, as they do around a size or a list item.
void trim_numbers(CLI::App& command) {
  for (CLI::Option* option : command.get_options())
    if (numeric_option(*option))
      option->transform([](std::string value) {
        const std::size_t first = value.find_first_not_of(" \t");
        const std::size_t last = value.find_last_not_of(" \t");
        if (first == std::string::npos) throw CLI::ValidationError("an empty value");
        return value.substr(first, last - first + 1);
      });
  for (CLI::App* sub : command.get_subcommands([](CLI::App*) { return true; })) trim_numbers(*sub);
}

// Values CLI11 would take in a way nobody meant: bad input.
// - "--sizes ''" is given with an empty value, which would then read as not given at all
//   (the suite's sizes, every backend);
// - "--repetitions 010" would run 8 repetitions.
void refuse_unclear_values(const CLI::App& command) {
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_items_expected_min() == 0) continue;
    const std::string name = option->get_lnames().empty() ? option->get_name() : "--" + option->get_lnames().front();
    const bool numeric = numeric_option(*option);
    for (const auto& value : option->results()) {
      if (value.empty()) throw BadInput{name + ": an empty value"};
      if (numeric && reads_as_octal_or_hex(value))
        throw BadInput{name + " '" + value + "': write the number in decimal, without a leading 0 or 0x"};
    }
  }
  for (const CLI::App* sub : command.get_subcommands()) refuse_unclear_values(*sub);
}

struct RunOptions {
  std::string suite = "default";
  std::string backends;
  std::string transports;  // transfer suites
  std::string rates, idle;  // transfer suites: paced ping-pong
  std::string batch;        // transfer suites: one repetition's batch length ("": the suite's)
  std::string lead_in;      // transfer suites: a kernel-wait ping-pong's untimed exchange ("": the suite's)
  std::string sizes;
  std::optional<int> repetitions;  // unset: the suite's count
  std::string precision;           // "", or a percentage: stop a size's rounds once every figure is that sure
  std::string out = "shmbench-report.json";
  double timeout = 60;
  std::string fault;
  bool pin = true;  // transfer suites: writer and reader apart; lifecycle: one CPU for the run
  bool duet = false;  // lifecycle suites: two backends at the same time, on CPUs of their own
  bool global_names = false;
  // lifecycle suites: the writers read the memory accounting (--accounting), or not
  // (--no-accounting); neither: as the suite says
  bool accounting_on = false, accounting_off = false;
  bool check_only = false;  // judge the arguments, measure nothing (scripts/bench.py, before its steps)
  std::string file_dir;    // win32-file's folder
};

// run --file-dir DIR: the folder win32-file's backing files go in, handed to the workers
// (and to this run's leftover scan) as SHMBENCH_FILE_DIR. It must be a folder this user
// can write: checked by creating and deleting a file there.
void choose_file_dir(const std::string& folder) {
  if (folder.empty()) return;
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path path = path_from_utf8(folder);
  if (!fs::is_directory(path, ec)) throw BadInput{"--file-dir: '" + folder + "' is not a folder"};
  const fs::path probe = path / ("shmbench-file-dir-probe-" + std::to_string(current_pid()));
  const bool writable = static_cast<bool>(std::ofstream(probe));
  fs::remove(probe, ec);
  if (!writable) throw BadInput{"--file-dir: cannot write in '" + folder + "'"};
#if defined(SHMBENCH_OS_WINDOWS)
  Status set = set_environment_variable(kFileDirVariable, utf8_from_path(fs::absolute(path, ec)));
  if (!set.ok()) throw BadInput{"--file-dir: " + set.error().describe()};
#else
  std::cerr << "shmbench: --file-dir changes nothing on " SHMBENCH_OS_NAME ": only win32-file (Windows) backs its "
               "sections with files there" << std::endl;
#endif
}

// run --global: Windows sections named in Global\ (every session) instead of Local\.
// Where the system refuses that (no SeCreateGlobalPrivilege), it is bad input, found by
// a probe before anything runs. POSIX names have no such namespace.
void choose_name_scope(bool global_names) {
  if (!global_names) return;
#if defined(SHMBENCH_OS_WINDOWS)
  set_name_scope(NameScope::global);
  Status probed = probe_win32_namespace(RunNames().prefix() + "scope-probe");
  if (!probed.ok())
    throw BadInput{"--global: this system refuses Global\\ names here (" + probed.error().describe() +
                   "); creating them needs SeCreateGlobalPrivilege: run without --global for Local\\ names"};
#else
  std::cerr << "shmbench: --global changes nothing on " SHMBENCH_OS_NAME
               ": POSIX shared memory names have no session namespace" << std::endl;
#endif
}

// run --suite stress: `shmbench stress` with its defaults, the run's --backends, --out
// and --inject-fault; the options that shape a lifecycle or transfer run do not apply.
int run_stress_suite(const RunOptions& options, const CLI::App& run_cmd) {
  for (const char* option : {"--sizes", "--repetitions", "--timeout", "--global", "--precision", "--duet", "--file-dir",
                             "--accounting", "--no-accounting", "--transports", "--rate", "--idle", "--batch", "--lead-in",
                             "--check-only"})
    if (run_cmd.count(option) > 0)
      throw BadInput{std::string(option) + " does not apply to --suite stress (shmbench stress takes its own options)"};
  StressCommandOptions stress;
  stress.backends = options.backends;
  stress.out = options.out;
  stress.fault = options.fault;
  return run_stress_command(stress, utc_now_iso8601());
}

int command_run(const RunOptions& options, const CLI::App& run_cmd) {
  const Suite suite = select_suite(options.suite);
  if (suite.scenario == "stress") return run_stress_suite(options, run_cmd);
  SystemInfo system = read_system_info();
  system.environment = read_environment(system.allowed_cpus);
  RunConfig config;
  config.suite = suite.name;
  // The variants are lifecycle backends: a transfer suite refuses them.
  const BackendChoice backends =
      select_backends(options.backends, suite.scenario != "lifecycle" ? Variants::refused
                                        : suite.all_backends          ? Variants::all
                                                                      : Variants::allowed);
  const std::string skipped_note =
      backends.skipped.empty() ? "" : "not available on " SHMBENCH_OS_NAME ": " + join(backends.skipped);
  config.backends = backends.chosen;
  config.sizes = select_sizes(options.sizes, suite, system);
  config.repetitions = options.repetitions.value_or(suite.repetitions);
  if (config.repetitions < 1) throw BadInput{"--repetitions must be at least 1"};
  if (!options.precision.empty()) {
    const std::string& text = options.precision;
    const bool percent_sign = text.back() == '%';
    const std::optional<double> value = whole_number(percent_sign ? text.substr(0, text.size() - 1) : text);
    const double precision = value ? *value / 100 : 0;
    if (!(precision > 0 && precision < 1))
      throw BadInput{"--precision '" + options.precision + "': expected a percentage above 0 and below 100, such as 3%"};
    if (suite.scenario != "lifecycle") throw BadInput{"--precision applies to the lifecycle suites (quick, default, memory)"};
    config.precision = precision;
  }
  if (options.duet) {
    if (suite.scenario != "lifecycle") throw BadInput{"--duet applies to the lifecycle suites (quick, default, memory)"};
    if (config.backends.size() != 2)
      throw BadInput{"--duet measures two backends side by side: name them with --backends A,B (this run has " +
                     std::to_string(config.backends.size()) + (skipped_note.empty() ? "" : "; " + skipped_note) + ")"};
    const auto [first, second] = cpu_halves("--duet");
    config.duet_cpus = {first, second};
  }
  config.timeout_seconds = select_timeout(options.timeout);
  // What is skipped is said once every option is known to be good: a refusal stays one line.
  std::vector<std::string> skipping;
  if (!skipped_note.empty()) skipping.push_back("backend(s) " + skipped_note);
  std::string why;
  config.scenario = suite.scenario;
  config.pin = options.pin;
  config.budget_ms = suite.budget_ms;
  const bool transfer = suite.scenario == "transfer";
  if (transfer ? !transfer::parse_faults(options.fault, why) : !lifecycle::parse_faults(options.fault, why))
    throw BadInput{"--inject-fault: " + why};
  config.lead_in_ms = suite.lead_in_ms;
  for (const char* option : {"--transports", "--rate", "--idle", "--batch", "--lead-in"})
    if (!transfer && run_cmd.count(option) > 0) throw BadInput{std::string(option) + " applies to the transfer suites only"};
  if (!options.rates.empty()) config.rates = parse_rates(options.rates);
  if (!options.idle.empty()) config.idle_ns = parse_idle(options.idle);
  if (!options.batch.empty()) config.budget_ms = parse_batch(options.batch, options.timeout * 1000 / 4);
  if (!options.lead_in.empty()) config.lead_in_ms = parse_lead_in(options.lead_in, options.timeout * 1000 / 4);
  // A worker's step runs a whole batch (or lead-in) before it answers: the suite's own
  // lengths must fit a quarter of --timeout as given ones must, or every cell fails.
  for (const auto& [what, ms] : {std::pair{"batch", config.budget_ms}, std::pair{"lead-in", config.lead_in_ms}})
    if (transfer && ms > options.timeout * 1000 / 4)
      throw BadInput{"--timeout " + seconds_text(options.timeout) + ": shorter than four times the " + what + " (" +
                     seconds_text(ms / 1000) + "), which one step of a worker runs; give a longer --timeout or a shorter --" +
                     what};
  if (transfer) {
    const TransportChoice transports =
        select_transports(options.transports, run_cmd.count("--transports") > 0, run_cmd.count("--backends") > 0);
    if (!transports.skipped.empty())
      skipping.push_back("transport(s) not available on " SHMBENCH_OS_NAME ": " + join(transports.skipped));
    config.transports = transports.chosen;
    if (options.sizes.empty()) config.transport_max_size = suite.transport_max_size;
  }
  config.fault = options.fault;
  config.out_path = options.out;
  (void)RunNames();  // a bad SHMBENCH_TEST_NAME_TOKEN is bad input before anything is written
  // The transfer workers and their Win32 events are named in Local\ only, for now.
  if (transfer && options.global_names) throw BadInput{"--global: the transfer suites name their objects in Local\\ only"};
  if (transfer && !options.file_dir.empty()) throw BadInput{"--file-dir: the transfer suites have no win32-file"};
  if (transfer && (options.accounting_on || options.accounting_off))
    throw BadInput{"--accounting: the transfer suites have no memory accounting (a lifecycle suite's)"};
  choose_name_scope(options.global_names);
  config.global_names = options.global_names;
  choose_file_dir(options.file_dir);
  config.file_dir = options.file_dir;
  if (options.accounting_on && options.accounting_off) throw BadInput{"--accounting and --no-accounting contradict"};
  config.accounting = options.accounting_on || (suite.accounting && !options.accounting_off);
  const WriteProbe probe = check_writable(config.out_path);
  for (const auto& note : skipping) std::cerr << "shmbench: skipping " << note << std::endl;
  if (options.check_only) {
    probe.undo();
    return kExitOk;
  }
  empty_report_file(config.out_path);
  install_interrupt_handlers();
  if (transfer) return run_transfer_suite(config, system, utc_now_iso8601());

  std::cerr << "shmbench: " << config.backends.size() << " backend(s) x " << config.sizes.size() << " size(s), "
            << config.repetitions << " repetitions each" << std::endl;
  const RunResult result = lifecycle::run_lifecycle(config, std::cerr);
  const Analysis analysis = analyse(config, result, system.page_size);
  const auto report = build_report(config, result, analysis, system, build_info(), utc_now_iso8601());
  write_report_file(config.out_path, json_text(report, 2));
  print_summary(std::cout, analysis);
  if (!config.duet_cpus.empty())
    std::cout << "--duet: every figure above was measured beside the other backend, each on half the CPUs; read "
                 "them as a pair: shmbench compare --pair "
              << config.backends[0] << ":" << config.backends[1] << " REPORT" << std::endl;
  print_environment_warnings(std::cout, report["context"]["shmbench"].value("environment", nlohmann::ordered_json()));
  std::cerr << "report: " << config.out_path << " (" << std::fixed << result.seconds << " s)" << std::endl;
  if (result.interrupted) {
    std::cerr << "shmbench: interrupted; the report holds the rounds finished so far" << std::endl;
    return kExitInterrupted;
  }
  return analysis.failed_cells > 0 ? kExitCouldNotMeasure : kExitOk;
}

int command_list() {
  std::cout << "backends on " << SHMBENCH_OS_NAME << ":\n";
  for (const auto& name : default_backends()) std::cout << "  " << name << "\n";
  std::cout << "variants on " << SHMBENCH_OS_NAME << " (run --backends NAME, or --suite memory):\n";
  for (const auto& name : available_backends())
    if (is_variant(name)) std::cout << "  " << name << "\n";
  std::cout << "suites:\n";
  for (const auto& suite : all_suites())
    std::cout << "  " << suite.name << ": " << suite.description
              << (suite.scenario == "stress" ? std::string() : ", " + std::to_string(suite.repetitions) + " repetitions")
              << "\n";
  return kExitOk;
}

int command_clean(bool dry_run, bool all) {
  int failures = 0;
  for (const auto& leftover : find_leftovers()) {
    // `clean` creates nothing, so an object under its own pid is an earlier process's that
    // had the same pid. (Wine gives the first process of every wineserver session pid 32: a
    // crashed first run's objects were kept by each later `clean` that was pid 32 itself.)
    // A run's start does not do this: an object under its own pid written since it started
    // is somebody else's, planted, and left alone (docs/safety.md); one written before it
    // started is an earlier process's (owner_alive), as here.
    const bool dead = leftover.owner_pid == current_pid() || !owner_alive(leftover);
    if (!dead && !all) {
      std::cout << "kept (its run, pid " << leftover.owner_pid << ", is alive): " << leftover.path << "\n";
      continue;
    }
    if (dry_run) {
      std::cout << "would remove: " << leftover.path << "\n";
      continue;
    }
    Status status = remove_leftover(leftover);
    if (status.ok()) std::cout << "removed: " << leftover.path << "\n";
    else {
      std::cerr << "shmbench: could not remove " << leftover.path << ": " << status.error().describe() << "\n";
      ++failures;
    }
  }
  // The SysV ledgers of the segments just removed (bookkeeping: not listed).
  for (const auto& ledger : dry_run ? std::vector<Leftover>{} : spent_ledgers()) {
    const bool dead = ledger.owner_pid == current_pid() || !owner_alive(ledger);
    if (!dead && !all) continue;
    Status status = remove_leftover(ledger);
    if (!status.ok()) {
      std::cerr << "shmbench: could not remove " << ledger.path << ": " << status.error().describe() << "\n";
      ++failures;
    }
  }
  // A SIGKILLed `ab` leaves its temporary folder of run reports. A live ab's is kept even
  // with --all: without it the ab would lose its rounds, and it removes the folder itself.
  for (const auto& folder : dead_ab_folders()) {
    if (dry_run) {
      std::cout << "would remove: " << folder << "\n";
      continue;
    }
    std::error_code ec;
    std::filesystem::remove_all(path_from_utf8(folder), ec);
    if (!ec) std::cout << "removed: " << folder << "\n";
    else {
      std::cerr << "shmbench: could not remove " << folder << ": " << ec.message() << "\n";
      ++failures;
    }
  }
  return failures == 0 ? kExitOk : kExitCouldNotMeasure;
}

// What is wrong when the first argument names no command (hidden ones included), or ""
// when it names one (CLI11's own message then says what is wrong after it).
std::string missing_command(CLI::App& app, int argc, char** argv) {
  if (argc < 2) return "name a command";
  const std::string first = argv[1];
  if (!first.empty() && first[0] == '-') return "'" + first + "' is not an option of shmbench itself: a command comes first";
  if (!app.get_subcommands([&first](CLI::App* c) { return c->check_name(first); }).empty()) return "";
  return "unknown command '" + first + "'";
}

// "run, list, ...": the commands --help shows (internal ones have no group).
std::string visible_commands(CLI::App& app) {
  std::string names;
  for (const CLI::App* command : app.get_subcommands([](CLI::App* c) { return !c->get_group().empty(); }))
    names += (names.empty() ? "" : ", ") + command->get_name();
  return names;
}
}  // namespace

int main(int argc, char** argv) {
  name_process_after_program();  // a worker started from /proc/self/exe: "shmbench" in ps, not "exe"
  Utf8Arguments arguments(argc, argv);
  use_utf8_console();
  CLI::App app{"shmbench: what named shared memory really costs", "shmbench"};
  app.require_subcommand(1);

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "spawn writer/reader workers for each backend and size, write a JSON report");
  run_cmd->add_option("--suite", run.suite, "quick, default, memory, transfer, transfer-quick or stress (shmbench list says what each runs)")->capture_default_str();
  run_cmd->add_option("--backends", run.backends, "comma-separated backends (default: all on this platform)");
  run_cmd->add_option("--transports", run.transports, "transfer suites: all, none or comma-separated transports (default: all, none when --backends is given)");
  run_cmd->add_option("--rate", run.rates, "transfer suites: also ping-pong at these rates, messages per second (e.g. 1k,10k,100k)");
  run_cmd->add_option("--idle", run.idle, "transfer suites: also ping-pong after this much silence (e.g. 1ms,10ms,100ms)");
  run_cmd->add_option("--batch", run.batch,
                      "transfer suites: how long each repetition's batch runs, e.g. 200ms (default: the suite's, "
                      "20ms, transfer-quick 5ms; a ping-pong times its round trips over the first half)");
  run_cmd->add_option("--lead-in", run.lead_in,
                      "transfer suites: how long a ping-pong whose sides sleep (kernel wait) exchanges untimed "
                      "before each batch, e.g. 100ms, 0 for none (default: the suite's, 50ms, transfer-quick 0)");
  run_cmd->add_option("--sizes", run.sizes, "comma-separated sizes, e.g. 4KiB,1MiB,2GiB or bytes (default: the suite's)");
  run_cmd->add_option_function<int>("--repetitions", [&run](const int& n) { run.repetitions = n; }, "timed repetitions per backend and size (default: the suite's: 27 default, 9 quick)");
  run_cmd->add_option("--precision", run.precision,
                      "stop a size's rounds early (from 9) once every figure's median 95 % interval is within "
                      "this percentage, e.g. 3 or 3% (default: always the suite's repetitions)");
  run_cmd->add_option("--out", run.out, "report path")->capture_default_str();
  run_cmd->add_option("--timeout", run.timeout, "seconds a worker may take for one step before it is killed")->capture_default_str();
  run_cmd->add_option("--inject-fault", run.fault, std::string(lifecycle::kFaultHelp) + "; " + transfer::kFaultHelp)->group("");
  run_cmd->add_flag("--duet", run.duet,
                    "lifecycle suites: run the two --backends at the same time, each on half the CPUs (swapped with "
                    "every new writer and reader), for compare --pair; not for absolute figures");
  run_cmd->add_flag("--pin,!--no-pin", run.pin, "transfer suites: writer and reader on CPUs 0 and 1; lifecycle suites: the controller, "
                "writers and readers on one CPU, the last this process may use (default: pinned)");
  run_cmd->add_flag("--global", run.global_names, "Windows: name sections in Global\\ (all sessions; needs SeCreateGlobalPrivilege) instead of Local\\");
  // Two plain flags: CLI11 refuses a value such as --accounting=maybe for a bool as a
  // parse error (exit 2), where a counting flag function throws from its conversion.
  run_cmd->add_flag("--accounting", run.accounting_on,
                    "lifecycle suites: read the commit charge and resident memory around each object (default: only in --suite memory)");
  run_cmd->add_flag("--no-accounting", run.accounting_off, "lifecycle suites: do not (the memory suite reads them by default)");
  run_cmd->add_flag("--check-only", run.check_only, "judge the arguments as a run would, then stop: exit 0 or 2")->group("");
  run_cmd->add_option("--file-dir", run.file_dir, "Windows: the folder of win32-file's backing files (default: %TEMP%)");

  app.add_subcommand("list", "list this platform's backends and the suites");

  bool dry_run = false, clean_all = false;
  CLI::App* clean_cmd = app.add_subcommand("clean", "remove named objects left behind by crashed runs");
  clean_cmd->add_flag("--dry-run", dry_run, "only list what would be removed");
  clean_cmd->add_flag("--all", clean_all, "also remove objects of runs that are still alive");

  CompareCommandOptions compare;
  CLI::App* compare_cmd = add_compare_command(app, compare);
  AbCommandOptions ab;
  CLI::App* ab_cmd = add_ab_command(app, ab);
  ExportCommandOptions export_options;
  CLI::App* export_cmd = add_export_command(app, export_options);
  HistoryCommandOptions history;
  CLI::App* history_cmd = add_history_command(app, history);

  StressCommandOptions stress_options;
  CLI::App* stress_cmd = add_stress_command(app, stress_options);
  CLI::App* stress_worker_cmd = add_stress_worker_command(app);

  lifecycle::WorkerOptions worker;
  CLI::App* worker_cmd = app.add_subcommand("worker", "internal: a writer or reader child process")->group("");
  worker_cmd->add_option("--role", worker.role)->required()->check(CLI::IsMember({"writer", "reader"}));
  worker_cmd->add_option("--backend", worker.backend)->required();
  worker_cmd->add_option("--size", worker.size)->required()->check(CLI::PositiveNumber);
  worker_cmd->add_option("--fault", worker.fault);
  transfer::WorkerOptions transfer_worker;
  CLI::App* transfer_worker_cmd = add_transfer_worker_command(app, transfer_worker);
  worker_cmd->add_flag("--global", worker.global_names);
  worker_cmd->add_flag("--accounting", worker.accounting);
  double controller_tsc_ghz = 0;  // WorkerProcess::start passes it to both kinds of worker
  for (CLI::App* cmd : {worker_cmd, transfer_worker_cmd})
    cmd->add_option("--tsc-ghz", controller_tsc_ghz)->check(CLI::PositiveNumber);

  trim_numbers(app);
  try {
    app.parse(arguments.argc(), arguments.argv());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 answers an unknown first word with "A subcommand is required", which hides the typo.
    if (const std::string missing = missing_command(app, arguments.argc(), arguments.argv()); !missing.empty()) {
      std::cerr << "shmbench: " << one_line(missing) << " (commands: " << visible_commands(app) << "; see shmbench --help)"
                << std::endl;
      return kExitBadInput;
    }
    std::cerr << "shmbench: " << one_line(e.what()) << " (see shmbench --help)" << std::endl;
    return kExitBadInput;
  }

  try {
    refuse_unclear_values(app);
    if (controller_tsc_ghz > 0) Timer::use_controller_rate(controller_tsc_ghz);
    if (run_cmd->parsed()) return command_run(run, *run_cmd);
    if (clean_cmd->parsed()) return command_clean(dry_run, clean_all);
    if (compare_cmd->parsed()) return run_compare_command(compare);
    if (ab_cmd->parsed()) return run_ab_command(ab);
    if (export_cmd->parsed()) return run_export_command(export_options);
    if (history_cmd->parsed()) return run_history_command(history);
    if (worker_cmd->parsed()) return lifecycle::run_worker(worker);
    if (transfer_worker_cmd->parsed()) return transfer::run_worker(transfer_worker);
    if (stress_cmd->parsed()) return run_stress_command(stress_options, utc_now_iso8601());
    if (stress_worker_cmd->parsed()) return run_stress_worker_command();
    return command_list();
  } catch (const BadInput& e) {
    std::cerr << "shmbench: " << one_line(e.message) << std::endl;
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "shmbench: internal error: " << one_line(e.what()) << std::endl;
    return kExitInternalError;
  }
}
