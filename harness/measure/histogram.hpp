// A small log-linear latency histogram (HdrHistogram's idea, written here because Debian
// has no C++ HDR library): every power of two is split into kSubBuckets equal buckets, so
// a bucket is at most 1/kSubBuckets of its lower bound wide and a percentile read from a
// bucket's midpoint is within half that (0.39 %) of the sample it stands for. Histograms
// of the same layout merge by adding counts, so repetitions (and the two sides of a run)
// can be combined after the fact. Count, sum, min and max are kept exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace shmbench {

class Histogram {
 public:
  static constexpr int kSubBuckets = 128;   // per power of two
  static constexpr int kMinExponent = -4;   // values below 2^-4 ns share the first bucket
  static constexpr int kMaxExponent = 44;   // 2^44 ns is about 4.9 hours: the last bucket holds the rest
  static constexpr int kBucketCount = (kMaxExponent - kMinExponent) * kSubBuckets;
  // The largest relative distance between a bucket's midpoint and any value in it.
  static constexpr double kRelativeError = 0.5 / kSubBuckets;

  void record(double ns);
  void merge(const Histogram& other);

  std::uint64_t count() const { return count_; }
  double min() const { return count_ ? min_ : 0; }
  double max() const { return count_ ? max_ : 0; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0; }
  double sum() const { return sum_; }

  // The nearest-rank percentile q in [0, 1]: the value of the ceil(q * count)-th smallest
  // sample, as its bucket's midpoint (clamped to [min, max], so p0 and p100 are exact).
  // 0 for an empty histogram.
  double percentile(double q) const;

  // Bucket i covers [lower_bound(i), upper_bound(i)).
  static int bucket_of(double ns);
  static double lower_bound(int bucket);
  static double upper_bound(int bucket);

  // The non-empty buckets, in order, for reports and the worker protocol.
  struct Bucket {
    int index;
    std::uint64_t count;
  };
  std::vector<Bucket> buckets() const;
  // Rebuilds a histogram from its parts (the protocol's decoder); nullopt when an index
  // is out of range or the counts do not add up.
  static std::optional<Histogram> from_parts(const std::vector<Bucket>& buckets, double sum, double min, double max);

 private:
  std::vector<std::uint64_t> counts_;  // allocated on the first record or merge
  std::uint64_t count_ = 0;
  double sum_ = 0, min_ = 0, max_ = 0;
};

}  // namespace shmbench
