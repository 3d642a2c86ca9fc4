#include "report/compare_json.hpp"

namespace shmbench {

namespace {
using json = nlohmann::ordered_json;

json optional_number(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

json facts_json(const ReportFacts& facts) {
  return {{"path", facts.label},
          {"tool", facts.tool},
          {"schema_version", facts.schema_version ? json(*facts.schema_version) : json(nullptr)},
          {"platform", facts.platform},
          {"host", facts.host},
          {"cpu_model", facts.cpu_model}};
}

json options_json(const CompareOptions& options, bool pairs) {
  json out = {{"metric", pairs ? "time" : to_string(options.metric)},
              {"correction", to_string(options.correction)},
              {"alpha", options.alpha}};
  if (!pairs) {
    out["threshold"] = options.threshold;
    out["pool"] = options.pool;
    out["gate_apart"] = options.gate_apart;
    out["apart_minutes"] = options.apart_minutes;
  }
  out["confidence"] = options.confidence;
  out["exact_max_size"] = kExactRankMaxSize;
  out["recommended_repetitions"] = kRecommendedRepetitions;
  return out;
}

json warnings_json(const std::vector<CompareWarning>& warnings) {
  json out = json::array();
  for (const auto& warning : warnings) out.push_back({{"kind", to_string(warning.kind)}, {"text", warning.text}});
  return out;
}

// The numbers of a sample comparison; the ratio is contender / baseline (A / B for pairs).
void add_samples(json& row, const SampleComparison& s, const char* baseline, const char* contender) {
  row[baseline] = {{"repetitions", s.baseline_count}, {"median", s.baseline_median}};
  row[contender] = {{"repetitions", s.contender_count}, {"median", s.contender_median}};
  row["median_ratio"] = optional_number(s.median_ratio);
  if (s.ratio) {
    row["ratio"] = s.ratio->estimate;
    row["ratio_ci"] = {optional_number(s.ratio->lower), optional_number(s.ratio->upper)};
    row["ci_coverage"] = s.ratio->coverage;
  } else {
    row["ratio"] = nullptr;
    row["ratio_ci"] = {nullptr, nullptr};
    row["ci_coverage"] = nullptr;
  }
  row["test"] = s.paired ? "wilcoxon_signed_rank_paired" : "mann_whitney_u";
  row["u"] = s.test.u;
  row["p_value"] = s.test.p_value;
  row["p_method"] = to_string(s.test.method);
}

json run_level_json(const RunLevelTest& runs) {
  return {{"test", "welch_t_log_run_medians"},
          {"baseline_runs", runs.baseline_runs},
          {"contender_runs", runs.contender_runs},
          {"ratio", runs.ratio},
          {"ratio_ci", {runs.lower, runs.upper}},
          {"degrees_of_freedom", runs.degrees_of_freedom},
          {"p_value", runs.p_value}};
}

json pooled_json(const PooledComparison& group) {
  json out = {{"name", group.name}, {"status", to_string(group.status)}, {"rows", group.rows},
              {"metric", to_string(group.metric)}, {"better", higher_is_better(group.metric) ? "higher" : "lower"}};
  if (group.samples) add_samples(out, *group.samples, "baseline_scores", "contender_scores");
  if (group.runs) out["runs"] = run_level_json(*group.runs);
  out["change"] = optional_number(change_of(group));
  out["adjusted_p"] = optional_number(group.adjusted_p);
  return out;
}

json row_json(const RowComparison& row) {
  json out = {{"name", row.name}, {"status", to_string(row.status)}};
  if (row.samples) {
    out["metric"] = to_string(row.metric);
    out["better"] = higher_is_better(row.metric) ? "higher" : "lower";
    add_samples(out, *row.samples, "baseline", "contender");
    if (row.runs) out["runs"] = run_level_json(*row.runs);
    out["change"] = optional_number(change_of(row));
    out["adjusted_p"] = optional_number(row.adjusted_p);
    out["few_repetitions"] = row.few_repetitions;
  }
  if (!row.note.empty()) out["note"] = row.note;
  return out;
}

json pair_row_json(const PairRow& row) {
  json out = {{"operation", row.operation}, {"size", row.size}, {"name_a", row.name_a}, {"name_b", row.name_b}};
  if (row.samples) {
    add_samples(out, *row.samples, "b", "a");
    if (row.by_round) {
      out["round_ratio"] = row.by_round->estimate;
      out["round_ratio_ci"] = {optional_number(row.by_round->lower), optional_number(row.by_round->upper)};
      out["round_ci_coverage"] = row.by_round->coverage;
    } else {
      out["round_ratio"] = nullptr;
      out["round_ratio_ci"] = {nullptr, nullptr};
      out["round_ci_coverage"] = nullptr;
    }
    out["adjusted_p"] = optional_number(row.adjusted_p);
    out["few_repetitions"] = row.few_repetitions;
  } else {
    out["note"] = row.note;
  }
  return out;
}
}  // namespace

json comparison_json(const Comparison& comparison) {
  const CompareCounts n = comparison.counts();
  json rows = json::array();
  for (const auto& row : comparison.rows) rows.push_back(row_json(row));
  json pooled = json::array();
  for (const auto& group : comparison.pooled) pooled.push_back(pooled_json(group));
  json baseline = facts_json(comparison.baseline), contender = facts_json(comparison.contender);
  baseline["runs"] = comparison.baseline_runs;
  contender["runs"] = comparison.contender_runs;
  return {{"shmbench_compare", kCompareOutputVersion},
          {"kind", "comparison"},
          {"baseline", baseline},
          {"contender", contender},
          {"options", options_json(comparison.options, false)},
          {"taken_apart", comparison.apart.empty() ? json(nullptr) : json(comparison.apart)},
          {"design", comparison.design.empty() ? json(nullptr) : json(comparison.design)},
          {"summary",
           {{"regressions", n.regressions},
            {"improvements", n.improvements},
            {"no_significant_change", n.unchanged},
            {"errors", n.errors},
            {"not_compared", n.not_compared},
            {"only_in_baseline", n.only_in_baseline},
            {"only_in_contender", n.only_in_contender},
            {"not_gated", n.not_gated},
            {"tested", comparison.tested},
            {"regressed", comparison.regressed()}}},
          {"warnings", warnings_json(comparison.warnings)},
          {"rows", rows},
          {"pooled", pooled}};
}

json backend_pairs_json(const PairComparison& pairs) {
  json tables = json::array();
  for (const auto& table : pairs.tables) {
    json rows = json::array();
    for (const auto& row : table.rows) rows.push_back(pair_row_json(row));
    tables.push_back({{"a", table.pair.a}, {"b", table.pair.b}, {"tested", table.tested}, {"rows", rows}});
  }
  return {{"shmbench_compare", kCompareOutputVersion},
          {"kind", "backend_pairs"},
          {"report", facts_json(pairs.report)},
          {"options", options_json(pairs.options, true)},
          {"warnings", warnings_json(pairs.warnings)},
          {"tables", tables}};
}

}  // namespace shmbench
