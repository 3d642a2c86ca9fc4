#include "cli/ab_command.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "backends/names.hpp"
#include "cli/ab_rounds.hpp"
#include "cli/report_file.hpp"
#include "cli/selection.hpp"
#include "cli/suites.hpp"
#include "common/bad_input.hpp"
#include "common/exit_codes.hpp"
#include "common/utf8.hpp"
#include "orchestration/cpu_halves.hpp"
#include "os/interrupt.hpp"
#include "os/process.hpp"
#include "os/sysinfo.hpp"
#include "report/compare_format.hpp"
#include "report/environment_report.hpp"
#include "report/report_reader.hpp"
#include "measure/stats.hpp"

namespace shmbench {

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A run of the quick suite takes seconds; one that takes this long is stuck.
constexpr std::chrono::seconds kRunDeadline{30 * 60};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Build {
  const char* side;  // "baseline" or "contender"
  std::string program;
  std::string fault;
};

// A build's run ended in a way that gives no report: not bad input, not a regression, but
// a comparison that could not be measured (kExitCouldNotMeasure).
struct RunFailure {
  std::string message;
};
struct Interrupted {};

// A temporary report folder is named kTemporaryPrefix<pid>-<8 hex>: `clean` finds those
// of an ab that was killed (dead_ab_folders).
constexpr const char* kTemporaryPrefix = "shmbench-ab-";

// The folder the runs write their reports into: the one asked for (kept), or a fresh
// temporary one removed at the end, whatever happens.
class ReportFolder {
 public:
  explicit ReportFolder(const std::string& keep) {
    std::error_code ec;
    if (!keep.empty()) {
      path_ = path_from_utf8(keep);
      fs::create_directories(path_, ec);
      if (!fs::is_directory(path_)) throw BadInput{"--keep-reports: cannot create the folder '" + keep + "'"};
      return;
    }
    std::mt19937_64 random(std::random_device{}());
    char name[64];
    std::snprintf(name, sizeof name, "%s%ld-%08llx", kTemporaryPrefix, current_pid(),
                  static_cast<unsigned long long>(random() & 0xffffffffu));
    path_ = fs::temp_directory_path(ec) / name;
    if (ec || !fs::create_directories(path_, ec))
      throw BadInput{"cannot create a temporary folder for the runs' reports (" + utf8_from_path(path_) + ")"};
    temporary_ = true;
  }
  ~ReportFolder() {
    std::error_code ec;
    if (temporary_) fs::remove_all(path_, ec);
  }
  ReportFolder(const ReportFolder&) = delete;
  ReportFolder& operator=(const ReportFolder&) = delete;

  fs::path path() const { return path_; }

 private:
  fs::path path_;
  bool temporary_ = false;
};

std::vector<std::string> run_arguments(const AbCommandOptions& options, const Build& build, const fs::path& report) {
  std::ostringstream timeout;
  timeout << options.timeout;
  std::vector<std::string> args = {"run",     "--suite",   options.suite, "--repetitions", "1",
                                   "--timeout", timeout.str(), "--out",       utf8_from_path(report)};
  if (!options.backends.empty()) args.insert(args.end(), {"--backends", options.backends});
  if (!options.sizes.empty()) args.insert(args.end(), {"--sizes", options.sizes});
  if (!build.fault.empty()) args.insert(args.end(), {"--inject-fault", build.fault});
  return args;
}

// The line a run's failure is best explained by: its own "shmbench: ..." message if it
// printed one, else its last line.
std::string explanation(const std::vector<std::string>& lines) {
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (it->rfind("shmbench: ", 0) == 0) return it->substr(10);
  return lines.empty() ? "no output" : lines.back();
}

// Starts a build's program. Wine's CreateProcess now and then fails with
// ERROR_INTERNAL_ERROR under load (as WorkerProcess::start knows), and a failed start
// creates nothing, so it is tried three times. A program that never started is bad
// input before the first round (`checked` false: check_is_shmbench); once it has
// answered `list`, a start that still fails is a run that could not be made (exit 3),
// not bad input after minutes of rounds.
std::unique_ptr<ChildProcess> start_build(const char* side, const std::string& program,
                                          const std::vector<std::string>& args, const std::vector<int>& cpus,
                                          bool checked) {
  auto started = ChildProcess::start(program, args, ChildStderr::with_stdout, cpus);
  for (int attempt = 1; !started.ok() && attempt < 3; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    started = ChildProcess::start(program, args, ChildStderr::with_stdout, cpus);
  }
  if (started.ok()) return std::move(started.value());
  const std::string why = "'" + program + "': cannot start it (" + started.error().describe() + ")";
  if (!checked) throw BadInput{std::string("--") + side + " " + why};
  throw RunFailure{std::string("the ") + side + " " + why + ", three times"};
}

// A build's run holds named objects and workers. Asked to stop (SIGTERM on Linux), it
// removes them and exits within a second or two; only a run that does not is killed. A
// ChildProcess's destructor kills at once, which would leave the run's objects to `clean`.
void stop_run(ChildProcess& child) {
  (void)child.stop("", StopDeadlines{std::chrono::milliseconds(0), std::chrono::seconds(10), std::chrono::seconds(5)});
}

// Starts `program` with `args` and collects its output (stdout and stderr together, the
// last 200 lines) until it exits, a deadline passes or the user interrupts.
struct Finished {
  ExitStatus status;
  std::vector<std::string> lines;
};
Finished run_to_end(const char* side, const std::string& program, const std::vector<std::string>& args,
                    std::chrono::seconds deadline_after, bool checked = true, const std::vector<int>& cpus = {}) {
  const std::unique_ptr<ChildProcess> started = start_build(side, program, args, cpus, checked);
  ChildProcess& child = *started;
  Finished finished;
  const auto deadline = Clock::now() + deadline_after;
  std::string line;
  while (true) {
    const auto result = child.read_line(line, std::chrono::seconds(1));
    if (result == ChildProcess::ReadResult::closed) break;
    if (result == ChildProcess::ReadResult::line) {
      finished.lines.push_back(line);
      if (finished.lines.size() > 200) finished.lines.erase(finished.lines.begin());
    }
    if (interrupted()) {
      stop_run(child);
      throw Interrupted{};
    }
    if (Clock::now() > deadline) {
      stop_run(child);
      throw RunFailure{std::string("the ") + side + "'s run took over " + std::to_string(deadline_after.count()) +
                       " s and was stopped"};
    }
  }
  const auto status = child.wait(std::chrono::seconds(30));
  if (!status) throw RunFailure{std::string("the ") + side + "'s run closed its output but did not exit"};
  finished.status = *status;
  return finished;
}

// Before any round: each build must be a program that starts and answers `list` as
// shmbench does. A file that is not a program, or another program, is bad input here,
// not a failed run (and never a "regression") after minutes of rounds.
void check_is_shmbench(const Build& build) {
  // shmbench answers `list` in well under a second (a few under Wine); another program
  // may wait for input instead.
  constexpr std::chrono::seconds kListDeadline{30};
  Finished listed;
  try {
    listed = run_to_end(build.side, build.program, {"list"}, kListDeadline, false);
  } catch (const RunFailure&) {
    throw BadInput{std::string("--") + build.side + " '" + build.program +
                   "' is not a shmbench program (it did not answer `list` within " +
                   std::to_string(kListDeadline.count()) + " s)"};
  }
  const bool answered = std::any_of(listed.lines.begin(), listed.lines.end(),
                                    [](const std::string& line) { return line.rfind("backends on ", 0) == 0; });
  if (listed.status.signaled || listed.status.code != kExitOk || !answered)
    throw BadInput{std::string("--") + build.side + " '" + build.program + "' is not a shmbench program (`list` " +
                   (answered ? "" : "printed no backends and ") + "ended with " + listed.status.describe() + ")"};
}

// What a build's finished run gave: its report (taken whatever the run's status: cells that
// failed are error rows, compared as such), or bad input, an interrupt, or a run that
// could not measure (no report).
void accept_run(const Build& build, const Finished& finished, const fs::path& report) {
  const ExitStatus& status = finished.status;
  if (!status.signaled && status.code == kExitBadInput)
    throw BadInput{std::string("the ") + build.side + " build refused its run: " + explanation(finished.lines)};
  if (!status.signaled && status.code == kExitInterrupted) throw Interrupted{};
  std::error_code ec;
  if (!status.signaled && fs::is_regular_file(report, ec)) return;
  throw RunFailure{std::string("the ") + build.side + "'s run wrote no report (" + status.describe() + "): " +
                   explanation(finished.lines)};
}

// Runs `build` once on `cpus` (empty: wherever the scheduler puts it), its output read
// and kept rather than shown.
void run_once(const Build& build, const std::vector<std::string>& args, const fs::path& report,
              const std::vector<int>& cpus) {
  std::error_code ec;
  fs::remove(report, ec);  // a --keep-reports folder may hold one from an earlier ab
  accept_run(build, run_to_end(build.side, build.program, args, kRunDeadline, true, cpus), report);
}

// One duet round: both builds' runs started together, each on its own CPUs, read until
// both end. `first` starts first (rounds alternate it). Returns the seconds between the
// two starts.
double run_side_by_side(const Build* builds[2], const std::vector<std::string>* args[2], const fs::path* reports[2],
                        const std::vector<int>* cpus[2], int first) {
  std::unique_ptr<ChildProcess> children[2];
  Clock::time_point started[2];
  for (int k = 0; k < 2; ++k) {
    const int side = k == 0 ? first : 1 - first;
    std::error_code ec;
    fs::remove(*reports[side], ec);
    children[side] = start_build(builds[side]->side, builds[side]->program, *args[side], *cpus[side], true);
    started[side] = Clock::now();
  }
  Finished finished[2];
  std::vector<ChildProcess*> open = {children[0].get(), children[1].get()};
  std::vector<int> open_sides = {0, 1};
  const auto deadline = Clock::now() + kRunDeadline;
  while (!open.empty()) {
    const AnyLine got = read_any_line(open, std::chrono::seconds(1));
    const bool late = Clock::now() > deadline;
    if (got.kind == AnyLine::Kind::interrupted || interrupted() || late)
      for (auto& child : children) stop_run(*child);
    if (got.kind == AnyLine::Kind::interrupted || interrupted()) throw Interrupted{};
    if (got.kind == AnyLine::Kind::line) {
      auto& lines = finished[open_sides[got.index]].lines;
      lines.push_back(got.line);
      if (lines.size() > 200) lines.erase(lines.begin());
    } else if (got.kind == AnyLine::Kind::closed) {
      open.erase(open.begin() + static_cast<std::ptrdiff_t>(got.index));
      open_sides.erase(open_sides.begin() + static_cast<std::ptrdiff_t>(got.index));
    }
    if (late) throw RunFailure{"a duet round took over 30 minutes and was stopped"};
  }
  for (int side = 0; side < 2; ++side) {
    const auto status = children[side]->wait(std::chrono::seconds(30));
    if (!status)
      throw RunFailure{std::string("the ") + builds[side]->side + "'s run closed its output but did not exit"};
    finished[side].status = *status;
    accept_run(*builds[side], finished[side], *reports[side]);
  }
  return std::fabs(std::chrono::duration<double>(started[1] - started[0]).count());
}

void check_program(const char* flag, const std::string& program) {
  std::error_code ec;
  if (program.empty()) throw BadInput{std::string(flag) + ": expected the path of a shmbench executable"};
  if (!fs::is_regular_file(path_from_utf8(program), ec))
    throw BadInput{std::string(flag) + " '" + program + "': no such file (the path of a shmbench executable)"};
}

// When `folder` last changed, in milliseconds since 1970, or 0 if that cannot be read.
// Before C++20 the file clock's epoch is the library's own, so it is read against the
// system clock's now.
std::int64_t last_change_unix_ms(const fs::path& folder) {
  std::error_code ec;
  const fs::file_time_type changed = fs::last_write_time(folder, ec);
  if (ec) return 0;
  const auto since_now = std::chrono::duration_cast<std::chrono::system_clock::duration>(
      changed - fs::file_time_type::clock::now());
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             (std::chrono::system_clock::now() + since_now).time_since_epoch())
      .count();
}
}  // namespace

std::vector<std::string> dead_ab_folders() {
  std::vector<std::string> found;
  std::error_code ec;
  const fs::path temp = fs::temp_directory_path(ec);
  if (ec) return found;
  const std::string prefix = kTemporaryPrefix;
  for (fs::directory_iterator it(temp, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = utf8_from_path(it->path().filename());
    if (name.rfind(prefix, 0) != 0 || !it->is_directory(ec)) continue;
    // <pid>-<8 lowercase hex> and nothing else: the shape of a run's names (owner_pid_of)
    // with no index after it.
    const std::string rest = name.substr(prefix.size());
    const std::optional<long> pid = owner_pid_of(std::string(kNamePrefix) + rest + "-");
    if (!pid || rest.find('-') != rest.rfind('-')) continue;
    // Its pid held by a process that started after the folder last changed is a dead ab's
    // that came round again (process_alive_since).
    if (*pid == current_pid() || !process_alive_since(*pid, last_change_unix_ms(it->path())))
      found.push_back(utf8_from_path(it->path()));
  }
  return found;
}

CLI::App* add_ab_command(CLI::App& app, AbCommandOptions& options) {
  CLI::App* ab = app.add_subcommand(
      "ab", "A/B: run two shmbench builds interleaved on this machine and compare them as 'compare' does");
  ab->add_option("--baseline", options.baseline, "the OLD shmbench executable")->required();
  ab->add_option("--contender", options.contender, "the NEW shmbench executable")->required();
  ab->add_option("--rounds", options.rounds,
                 "runs per build, alternating which goes first; each run is one repetition (after its warm-up). "
                 "Default (or 0): " + std::to_string(kMinAutoRounds) +
                     " (more for a duet, or for a comparison of many rows), then more while the A/B stays under " +
                     std::to_string(static_cast<int>(kAutoRoundsSeconds)) + " s (an even number, up to " +
                     std::to_string(kMaxAutoRounds) + ")");
  ab->add_option("--suite", options.suite, "passed to every run")->capture_default_str();
  ab->add_option("--backends", options.backends, "passed to every run");
  ab->add_option("--sizes", options.sizes, "passed to every run");
  ab->add_option("--timeout", options.timeout, "passed to every run")->capture_default_str();
  ab->add_option("--keep-reports", options.keep_reports, "keep every run's report in this folder");
  ab->add_option("--out", options.out, "also write the comparison as JSON to this file");
  ab->add_option("--mode", options.mode,
                 "interleaved: each round runs one build, then the other; duet: both at once, each on half the CPUs "
                 "(swapped every round), judged on the pairs")
      ->capture_default_str();
  ab->add_flag("--pin,!--no-pin", options.pin,
               "interleaved lifecycle suites: run both builds on one CPU, the last this process may use "
               "(default: pinned)");
  ab->add_option("--contender-fault", options.contender_fault,
                 "for tests: --inject-fault for the contender's runs, e.g. slow:copy:10")
      ->group("");
  ab->add_option("--baseline-fault", options.baseline_fault, "for tests: --inject-fault for the baseline's runs")
      ->group("");
  add_comparison_flags(*ab, options.flags);
  ab->allow_windows_style_options(false);  // under Wine, /tmp/old/shmbench is a path, not an option
  return ab;
}

int run_ab_command(const AbCommandOptions& options) {
  check_program("--baseline", options.baseline);
  check_program("--contender", options.contender);
  if (options.rounds != kAutoRounds && options.rounds < 2)
    throw BadInput{"--rounds must be at least 2 (5 or more for a U test with any power), or 0 for the default"};
  (void)select_timeout(options.timeout);  // the runs' own check, made before the first run
  if (options.mode != "interleaved" && options.mode != "duet")
    throw BadInput{"--mode '" + options.mode + "': expected interleaved or duet"};
  const bool duet = options.mode == "duet";
  CompareOptions compare_with = compare_options(options.flags);
  compare_with.paired = duet;
  const auto side_cpus = duet ? cpu_halves("--mode duet") : std::pair<std::vector<int>, std::vector<int>>{};
  // Interleaved: both builds' runs (a child's writer and reader inherit it) on one CPU,
  // for the lifecycle suites only: a transfer run places its writer and reader on CPUs
  // of their own (run --pin), and a stress run wants them all. A lifecycle run is one
  // step at a time (the writer, then the reader, the controller waiting), so one CPU is
  // enough for it. Left to the scheduler on the 2-vCPU VM, the run-to-run spread of
  // `open`, `create` and `unmap` was up to twice as wide or more, and a planted 3 % `map`
  // slowdown was caught in 2 of 10 A/Bs instead of 6 (docs/ab.md, "One CPU or the
  // scheduler"). Older baselines do not confine their own runs, so ab does it for both.
  const auto suite = find_suite(options.suite);
  const bool lifecycle = !suite || suite->scenario == "lifecycle";
  const std::vector<int> run_cpus = !duet && options.pin && lifecycle ? last_cpu() : std::vector<int>{};
  const OutputFormat format = output_format(options.flags);
  // --out is written at the end only, so a run that fails leaves no new empty file
  // behind; a folder that is not there is bad input before any run starts.
  if (!options.out.empty()) {
    std::error_code ec;
    const fs::path parent = path_from_utf8(options.out).parent_path();
    if (!parent.empty() && !fs::is_directory(parent, ec))
      throw BadInput{"--out: no folder '" + utf8_from_path(parent) + "' to write '" + options.out + "' in"};
    if (fs::is_directory(path_from_utf8(options.out), ec))
      throw BadInput{"--out '" + options.out + "' is a folder: name the file to write"};
  }
  install_interrupt_handlers();

  const Build builds[] = {{"baseline", options.baseline, options.baseline_fault},
                          {"contender", options.contender, options.contender_fault}};
  try {
    for (const Build& build : builds) check_is_shmbench(build);
  } catch (const Interrupted&) {
    std::cerr << "shmbench ab: interrupted; no comparison" << std::endl;
    return kExitInterrupted;
  }
  const ReportFolder folder(options.keep_reports);
  std::vector<LoadedReport> parts[2];
  const auto start = Clock::now();
  // Whether other processes shared the machine with the A/B: its runs are this process's
  // children, so what they used is not counted.
  const std::vector<int> ab_cpus = read_system_info().allowed_cpus;
  const CpuTimes cpu_times_at_start = read_cpu_times(ab_cpus);
  // Said once the first round has run: until then a build may still refuse its
  // arguments, and bad input is one line.
  const bool automatic = options.rounds == kAutoRounds;
  const std::string planned =
      automatic ? std::to_string(kMinAutoRounds) + " or more rounds (while under " +
                      std::to_string(static_cast<int>(kAutoRoundsSeconds)) + " s, up to " +
                      std::to_string(kMaxAutoRounds) + ")"
                : std::to_string(options.rounds) + " rounds";
  const std::string banner = "shmbench ab: " + planned + " of one run per build, suite " + options.suite +
                             "; reports in " + utf8_from_path(folder.path());
  // Automatic: another round while the ones so far say it fits in the time, and always
  // the second of a pair, so that each build ran first as often as the other. A duet
  // first takes the rounds its paired test needs to flag anything at all, an interleaved
  // A/B the rounds that absorb one run out of place (both known once the first round's
  // report says how many rows it has).
  int minimum_rounds = kMinAutoRounds;
  // Once both builds took their arguments, the A/B is measuring: an earlier comparison at
  // --out is emptied, so that an A/B killed before it writes leaves none to be read as its
  // own (cli/report_file.hpp).
  const auto first_round_done = [&] {
    std::cerr << banner << std::endl;
    if (!options.out.empty()) empty_report_file(options.out);
  };
  const auto another_round = [&](int done) {
    if (!automatic) return done < options.rounds;
    if (done < minimum_rounds || done % 2 == 1) return true;
    const double elapsed = seconds_since(start);
    return done < kMaxAutoRounds && elapsed + elapsed / done <= kAutoRoundsSeconds;
  };
  int round = 0;  // after the loop: how many rounds ran
  std::vector<double> skews;  // duet: seconds between the two starts of each round
  try {
    for (; another_round(round); ++round) {
      std::ostringstream note;
      note << "round " << round + 1;
      if (!automatic) note << "/" << options.rounds;
      note << ":";
      if (duet) {
        // Both at once; the baseline on the first half of the CPUs in even rounds, the
        // second half in odd ones, so neither build keeps a CPU (or its neighbour).
        fs::path reports[2];
        std::vector<std::string> args[2];
        for (int side = 0; side < 2; ++side) {
          reports[side] = folder.path() / (std::string(builds[side].side) + "-" + std::to_string(round + 1) + ".json");
          args[side] = run_arguments(options, builds[side], reports[side]);
        }
        const std::vector<int>* cpus[2] = {round % 2 == 0 ? &side_cpus.first : &side_cpus.second,
                                           round % 2 == 0 ? &side_cpus.second : &side_cpus.first};
        const Build* sides[2] = {&builds[0], &builds[1]};
        const std::vector<std::string>* side_args[2] = {&args[0], &args[1]};
        const fs::path* side_reports[2] = {&reports[0], &reports[1]};
        const auto round_start = Clock::now();
        skews.push_back(run_side_by_side(sides, side_args, side_reports, cpus, round % 2));
        for (int side = 0; side < 2; ++side) parts[side].push_back(load_report(utf8_from_path(reports[side])));
        char took[96];
        std::snprintf(took, sizeof took, " both %.1f s (baseline on CPUs %s)", seconds_since(round_start),
                      cpu_list(*cpus[0]).c_str());
        note << took;
        if (round == 0) {
          first_round_done();
          const int needed = paired_rounds_needed(parts[0].front().rows.size(), compare_with);
          if (automatic && needed > minimum_rounds) {
            minimum_rounds = needed + needed % 2;
            std::cerr << "shmbench ab: duet: " << minimum_rounds << " rounds at least, so that the paired test of "
                      << parts[0].front().rows.size() << " rows can reach p < alpha after the correction" << std::endl;
          } else if (!automatic && options.rounds < needed) {
            std::cerr << "shmbench ab: warning: with " << options.rounds << " rounds no row of this duet can be "
                      << "flagged (the paired test's smallest p is 2/2^rounds); " << needed
                      << " rounds or more can" << std::endl;
          }
        }
        std::cerr << "shmbench ab: " << note.str() << std::endl;
        continue;
      }
      // Even rounds run the baseline first, odd rounds the contender.
      for (int k = 0; k < 2; ++k) {
        const int side = (round % 2 == 0) ? k : 1 - k;
        const Build& build = builds[side];
        const fs::path report = folder.path() / (std::string(build.side) + "-" + std::to_string(round + 1) + ".json");
        const auto run_start = Clock::now();
        run_once(build, run_arguments(options, build, report), report, run_cpus);
        parts[side].push_back(load_report(utf8_from_path(report)));
        char took[64];
        std::snprintf(took, sizeof took, " %s %.1f s", build.side, seconds_since(run_start));
        note << took;
      }
      if (round == 0) {
        first_round_done();
        const std::size_t rows = parts[0].front().rows.size();
        const int absorbing = interleaved_rounds_absorbing_one_run(rows, compare_with);
        if (automatic && absorbing > minimum_rounds) {
          minimum_rounds = absorbing;
          std::cerr << "shmbench ab: " << minimum_rounds << " rounds at least, so that one run beyond every run of "
                    << "the other build cannot hide a change in " << rows << " rows" << std::endl;
        } else if (!automatic && options.rounds < absorbing)
          std::cerr << "shmbench ab: warning: with " << options.rounds << " rounds a single run beyond every run of "
                    << "the other build, against the change (as a run beside a busy process can be), leaves its row "
                    << "unflagged however large the change; " << absorbing << " rounds or more absorb one" << std::endl;
      }
      std::cerr << "shmbench ab: " << note.str() << std::endl;
    }
  } catch (const Interrupted&) {
    std::cerr << "shmbench ab: interrupted; no comparison" << std::endl;
    return kExitInterrupted;
  } catch (const RunFailure& failure) {
    std::cerr << "shmbench ab: " << failure.message << std::endl;
    return kExitCouldNotMeasure;
  }
  char took[96];
  std::snprintf(took, sizeof took, "shmbench ab: %d runs in %.1f s", 2 * round, seconds_since(start));
  std::cerr << took << std::endl;

  const LoadedReport baseline = merge_reports(parts[0], "baseline (" + options.baseline + ")");
  const LoadedReport contender = merge_reports(parts[1], "contender (" + options.contender + ")");
  Comparison comparison = compare(baseline, contender, compare_with);
  const std::string other_load =
      other_load_warning(cpu_shares_between(cpu_times_at_start, read_cpu_times(ab_cpus)).other_load, "the A/B");
  if (!other_load.empty()) comparison.warnings.push_back({CompareWarningKind::other_load, other_load});
  if (duet) {
    char design[256];
    std::snprintf(design, sizeof design,
                  "duet: %d rounds of both builds at once, the baseline on CPUs %s and the contender on %s, swapped "
                  "every round; start skew median %.1f ms, max %.1f ms",
                  round, cpu_list(side_cpus.first).c_str(), cpu_list(side_cpus.second).c_str(), median_of(skews) * 1e3,
                  *std::max_element(skews.begin(), skews.end()) * 1e3);
    comparison.design = design;
    if (!read_system_info().wine_version.empty())
      comparison.design += "; under Wine both sides share one wineserver";
  } else {
    comparison.design = "interleaved: " + std::to_string(round) +
                        " rounds, one build after the other, the baseline first in even rounds, " +
                        (!run_cpus.empty() ? "each run on CPU " + cpu_list(run_cpus)
                         : options.pin     ? std::string("each run placing its own processes")
                                           : std::string("each run placed by the scheduler (--no-pin)"));
  }
  if (!options.out.empty()) {
    std::ofstream out_file(path_from_utf8(options.out), std::ios::trunc);
    std::ostringstream ignored;
    write_comparison(out_file, ignored, comparison, OutputFormat::json, "shmbench ab");
    out_file.flush();
    if (!out_file) throw BadInput{"--out: cannot write '" + options.out + "'"};
  }
  return write_comparison(std::cout, std::cerr, comparison, format, "shmbench ab");
}

}  // namespace shmbench
