#include "measure/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace shmbench {

int Histogram::bucket_of(double ns) {
  if (!(ns >= std::ldexp(1.0, kMinExponent))) return 0;  // also NaN and negatives
  int exponent = 0;
  const double mantissa = std::frexp(ns, &exponent);  // ns = mantissa * 2^exponent, mantissa in [0.5, 1)
  // The power of two [2^(exponent-1), 2^exponent) is octave exponent-1-kMinExponent.
  const int octave = exponent - 1 - kMinExponent;
  if (octave >= kMaxExponent - kMinExponent) return kBucketCount - 1;
  const int sub = static_cast<int>((mantissa - 0.5) * 2 * kSubBuckets);
  return octave * kSubBuckets + std::min(sub, kSubBuckets - 1);
}

double Histogram::lower_bound(int bucket) {
  const int octave = bucket / kSubBuckets, sub = bucket % kSubBuckets;
  return std::ldexp(1.0 + static_cast<double>(sub) / kSubBuckets, octave + kMinExponent);
}

double Histogram::upper_bound(int bucket) {
  const int octave = bucket / kSubBuckets, sub = bucket % kSubBuckets;
  return std::ldexp(1.0 + static_cast<double>(sub + 1) / kSubBuckets, octave + kMinExponent);
}

void Histogram::record(double ns) {
  if (counts_.empty()) counts_.assign(kBucketCount, 0);
  ++counts_[static_cast<std::size_t>(bucket_of(ns))];
  min_ = count_ == 0 ? ns : std::min(min_, ns);
  max_ = count_ == 0 ? ns : std::max(max_, ns);
  sum_ += ns;
  ++count_;
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  if (counts_.empty()) counts_.assign(kBucketCount, 0);
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  sum_ += other.sum_;
  count_ += other.count_;
}

double Histogram::percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // Nearest rank: the smallest value with at least q * count samples at or below it.
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const int bucket = static_cast<int>(i);
      const double mid = (lower_bound(bucket) + upper_bound(bucket)) / 2;
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;
}

std::vector<Histogram::Bucket> Histogram::buckets() const {
  std::vector<Bucket> out;
  for (std::size_t i = 0; i < counts_.size(); ++i)
    if (counts_[i] != 0) out.push_back({static_cast<int>(i), counts_[i]});
  return out;
}

std::optional<Histogram> Histogram::from_parts(const std::vector<Bucket>& buckets, double sum, double min, double max) {
  Histogram h;
  for (const Bucket& b : buckets) {
    if (b.index < 0 || b.index >= kBucketCount) return std::nullopt;
    if (h.counts_.empty()) h.counts_.assign(kBucketCount, 0);
    h.counts_[static_cast<std::size_t>(b.index)] += b.count;
    h.count_ += b.count;
  }
  if (h.count_ > 0 && !(min <= max)) return std::nullopt;
  h.sum_ = sum;
  h.min_ = min;
  h.max_ = max;
  return h;
}

}  // namespace shmbench
